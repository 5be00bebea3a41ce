"""agent presence: when the agent was last seen (a request, or the console's socket)

Revision ID: 0011_agent_presence_seen
Revises: 0010_portal_files
Create Date: 2026-12-02 07:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_agent_presence_seen"
down_revision = "0010_portal_files"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agent_presence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True))
    # Seen when their presence was last set: the agents of before count as they did
    # until the timeout passes.
    op.execute("UPDATE agent_presence SET last_seen_at = updated_at")


def downgrade() -> None:
    with op.batch_alter_table("agent_presence", schema=None) as batch_op:
        batch_op.drop_column("last_seen_at")
