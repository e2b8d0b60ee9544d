"""Calendar and contacts sync: what FollowUp put on the server, and what came back.

Revision ID: 0005
Revises: 0002
Create Date: 2026-12-07 23:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision: three new tables, no existing row is touched."""
    op.create_table(
        "sync_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("collection", sa.String(length=1000), nullable=False),
        sa.Column("uid", sa.String(length=300), nullable=False),
        sa.Column("href", sa.String(length=1000), nullable=False),
        sa.Column("etag", sa.String(length=300), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("step_key", sa.String(length=200), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("pushed_due", sa.DateTime(timezone=True), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_item")),
        sa.UniqueConstraint("collection", "uid", name="uq_sync_item_collection_uid"),
    )
    op.create_table(
        "sync_card",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("collection", sa.String(length=1000), nullable=False),
        sa.Column("uid", sa.String(length=300), nullable=False),
        sa.Column("href", sa.String(length=1000), nullable=False),
        sa.Column("etag", sa.String(length=300), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_card")),
        sa.UniqueConstraint("collection", "uid", name="uq_sync_card_collection_uid"),
    )
    op.create_table(
        "sync_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("follow_up_id", sa.Integer(), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_proposal")),
    )
    op.create_index(op.f("ix_sync_proposal_status"), "sync_proposal", ["status"], unique=False)


def downgrade() -> None:
    """Revert this revision (the server keeps what was put there)."""
    op.drop_index(op.f("ix_sync_proposal_status"), table_name="sync_proposal")
    op.drop_table("sync_proposal")
    op.drop_table("sync_card")
    op.drop_table("sync_item")
