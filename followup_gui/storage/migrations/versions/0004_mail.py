"""Mail: sent Message-IDs, how far each folder was read, and proposals from replies.

Revision ID: 0004
Revises: 0005
Create Date: 2026-12-07 23:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision: three new tables, no existing row is touched."""
    op.create_table(
        "mail_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=500), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("follow_up_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["application.id"],
            name=op.f("fk_mail_sent_application_id_application"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["follow_up_id"],
            ["follow_up.id"],
            name=op.f("fk_mail_sent_follow_up_id_follow_up"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_sent")),
        sa.UniqueConstraint("message_id", name=op.f("uq_mail_sent_message_id")),
    )
    op.create_index(
        op.f("ix_mail_sent_application_id"), "mail_sent", ["application_id"], unique=False
    )
    op.create_index(op.f("ix_mail_sent_follow_up_id"), "mail_sent", ["follow_up_id"], unique=False)
    op.create_table(
        "mail_folder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=500), nullable=False),
        sa.Column("folder", sa.String(length=500), nullable=False),
        sa.Column("uidvalidity", sa.BigInteger(), nullable=False),
        sa.Column("last_uid", sa.BigInteger(), nullable=False),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_folder")),
        sa.UniqueConstraint("account", "folder", name="uq_mail_folder_account"),
    )
    op.create_table(
        "mail_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=500), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("sender", sa.String(length=500), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("snippet", sa.Text(), nullable=False),
        sa.Column("suggestion", sa.String(length=16), nullable=False),
        sa.Column("matched_by", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("notified", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["application.id"],
            name=op.f("fk_mail_proposal_application_id_application"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_mail_proposal_contact_id_contact"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_proposal")),
        sa.UniqueConstraint("message_id", name=op.f("uq_mail_proposal_message_id")),
    )
    op.create_index(
        op.f("ix_mail_proposal_application_id"), "mail_proposal", ["application_id"], unique=False
    )
    op.create_index(op.f("ix_mail_proposal_status"), "mail_proposal", ["status"], unique=False)


def downgrade() -> None:
    """Revert this revision (proposals and sync positions are forgotten)."""
    op.drop_index(op.f("ix_mail_proposal_status"), table_name="mail_proposal")
    op.drop_index(op.f("ix_mail_proposal_application_id"), table_name="mail_proposal")
    op.drop_table("mail_proposal")
    op.drop_table("mail_folder")
    op.drop_index(op.f("ix_mail_sent_follow_up_id"), table_name="mail_sent")
    op.drop_index(op.f("ix_mail_sent_application_id"), table_name="mail_sent")
    op.drop_table("mail_sent")
