"""messages: when the user's widget acknowledged receiving them (delivered_at)

Revision ID: 0012_message_delivered_at
Revises: 0011_agent_presence_seen
Create Date: 2026-12-02 07:15:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_message_delivered_at"
down_revision = "0011_agent_presence_seen"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("delivered_at")
