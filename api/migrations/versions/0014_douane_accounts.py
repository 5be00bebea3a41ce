"""douane accounts: an operator's Douane account, its operations and their documents

Revision ID: 0014_douane_accounts
Revises: 0013_subscriptions
Create Date: 2026-12-02 10:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_douane_accounts"
down_revision = "0013_subscriptions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "douane_accounts",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("owner_user_id", sa.String(length=32), nullable=False),
        sa.Column("entity_type", sa.String(length=32), nullable=True),
        sa.Column("operator_type", sa.String(length=32), nullable=False),
        sa.Column("ice", sa.String(length=15), nullable=False),
        sa.Column("rc_number", sa.String(length=40), nullable=False),
        sa.Column("identifiant_fiscal", sa.String(length=40), nullable=False),
        sa.Column("rc_centre", sa.String(length=100), nullable=False),
        sa.Column("raison_sociale", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["owner_user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("owner_user_id"),
    )
    with op.batch_alter_table("douane_accounts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_douane_accounts_ice"), ["ice"], unique=False)

    op.create_table(
        "douane_operations",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("account_id", sa.String(length=32), nullable=False),
        sa.Column("owner_user_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=True),
        sa.Column("previous", sa.JSON(), nullable=True),
        sa.Column("modele_j_date", sa.Date(), nullable=True),
        sa.Column("cancellation_reason", sa.String(length=32), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("refusal_reason", sa.Text(), nullable=True),
        sa.Column("submissions", sa.Integer(), nullable=False),
        sa.Column("decided_by_name", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["douane_accounts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["owner_user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("douane_operations", schema=None) as batch_op:
        for column in ("account_id", "owner_user_id", "status", "created_at"):
            batch_op.create_index(
                batch_op.f(f"ix_douane_operations_{column}"), [column], unique=False
            )

    op.create_table(
        "douane_operation_documents",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("operation_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("upload_id", sa.String(length=32), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["operation_id"], ["douane_operations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["upload_id"], ["uploads.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("operation_id", "kind"),
    )
    with op.batch_alter_table("douane_operation_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_douane_operation_documents_operation_id"),
            ["operation_id"],
            unique=False,
        )


def downgrade() -> None:
    op.drop_table("douane_operation_documents")
    op.drop_table("douane_operations")
    op.drop_table("douane_accounts")
