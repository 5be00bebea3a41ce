"""procedure_drafts: stored drafts of procedures (démarches)

Revision ID: 0007_procedure_drafts
Revises: 0006_conversation_state
Create Date: 2026-12-02 03:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_procedure_drafts"
down_revision = "0006_conversation_state"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "procedure_drafts",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("owner_user_id", sa.String(length=64), nullable=False),
        sa.Column("session_id", sa.String(length=64), nullable=True),
        sa.Column("portal", sa.String(length=16), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("step_index", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_procedure_drafts_owner_kind",
        "procedure_drafts",
        ["owner_user_id", "kind", "status"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_procedure_drafts_owner_kind", table_name="procedure_drafts")
    op.drop_table("procedure_drafts")
