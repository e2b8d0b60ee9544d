"""Contacts keep the UID of the vCard they were imported from.

Importing the same card again then updates the contact instead of adding a
second one, even when its email changed.

Revision ID: 0003
Revises: 0004
Create Date: 2026-12-08 00:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision: a new column, empty for every contact kept so far."""
    with op.batch_alter_table("contact") as batch:
        batch.add_column(
            sa.Column("vcard_uid", sa.String(length=255), nullable=False, server_default="")
        )
        batch.create_index(batch.f("ix_contact_vcard_uid"), ["vcard_uid"], unique=False)


def downgrade() -> None:
    """Revert this revision (the UIDs are forgotten; the contacts stay)."""
    with op.batch_alter_table("contact") as batch:
        batch.drop_index(batch.f("ix_contact_vcard_uid"))
        batch.drop_column("vcard_uid")
