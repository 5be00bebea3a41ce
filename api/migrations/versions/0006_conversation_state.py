"""conversations: who answers them now (state); messages: form cards and agent names

Revision ID: 0006_conversation_state
Revises: 0005_conversation_owner_key
Create Date: 2026-12-02 02:35:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_conversation_state"
down_revision = "0005_conversation_owner_key"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(
            sa.Column("state", sa.String(length=8), nullable=False, server_default="bot")
        )
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("form", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("author_name", sa.String(length=120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("author_name")
        batch.drop_column("form")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("state")
