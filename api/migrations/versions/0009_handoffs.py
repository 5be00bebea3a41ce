"""handoffs: the live handoff queue, agents' presence, contact form tickets

Revision ID: 0009_handoffs
Revises: 0008_claims
Create Date: 2026-12-02 06:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_handoffs"
down_revision = "0008_claims"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handoffs",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("portal", sa.String(length=16), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=True),
        sa.Column("user_name", sa.String(length=200), nullable=True),
        sa.Column("agent_id", sa.String(length=32), nullable=True),
        sa.Column("agent_name", sa.String(length=200), nullable=True),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("user_typing_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["agent_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("handoffs", schema=None) as batch_op:
        for column in ("conversation_id", "session_id", "portal", "agent_id"):
            batch_op.create_index(batch_op.f(f"ix_handoffs_{column}"), [column], unique=False)
        batch_op.create_index("ix_handoffs_state_queued_at", ["state", "queued_at"], unique=False)

    op.create_table(
        "agent_presence",
        sa.Column("agent_id", sa.String(length=32), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agent_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("agent_id"),
    )

    op.create_table(
        "contact_tickets",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("request", sa.Text(), nullable=False),
        sa.Column("portal", sa.String(length=16), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("session_id", sa.String(length=64), nullable=True),
        sa.Column("user_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
    )
    with op.batch_alter_table("contact_tickets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_tickets_created_at"), ["created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("contact_tickets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_tickets_created_at"))
    op.drop_table("contact_tickets")
    op.drop_table("agent_presence")
    with op.batch_alter_table("handoffs", schema=None) as batch_op:
        batch_op.drop_index("ix_handoffs_state_queued_at")
        for column in ("conversation_id", "session_id", "portal", "agent_id"):
            batch_op.drop_index(batch_op.f(f"ix_handoffs_{column}"))
    op.drop_table("handoffs")
