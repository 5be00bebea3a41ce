"""subscriptions: RNOCE operator subscription requests, their code sequence, and the
local BADR stand-in's known operators

Revision ID: 0013_subscriptions
Revises: 0012_message_delivered_at
Create Date: 2026-12-02 11:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_subscriptions"
down_revision = "0012_message_delivered_at"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "subscription_numbers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("path", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("owner_user_id", sa.String(length=32), nullable=False),
        sa.Column("badr_registered", sa.Boolean(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("completed_steps", sa.JSON(), nullable=False),
        sa.Column("current_step", sa.String(length=32), nullable=False),
        sa.Column("rejection_reasons", sa.JSON(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("validated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rejected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reviewer_user_id", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["owner_user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["reviewer_user_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        for column in ("status", "owner_user_id", "created_at"):
            batch_op.create_index(batch_op.f(f"ix_subscriptions_{column}"), [column], unique=False)
    op.create_table(
        "badr_operators",
        sa.Column("ice", sa.String(length=15), nullable=False),
        sa.Column("if_number", sa.String(length=10), nullable=False),
        sa.Column("rc", sa.String(length=20), nullable=False),
        sa.Column("rc_centre", sa.String(length=60), nullable=False),
        sa.Column("operator_type", sa.String(length=32), nullable=False),
        sa.Column("company", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("ice"),
    )


def downgrade() -> None:
    op.drop_table("badr_operators")
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        for column in ("created_at", "owner_user_id", "status"):
            batch_op.drop_index(batch_op.f(f"ix_subscriptions_{column}"))
    op.drop_table("subscriptions")
    op.drop_table("subscription_numbers")
