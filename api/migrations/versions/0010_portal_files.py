"""portal_files: the demo portals' files (DFD, invoices, import titles, MIC requests, manifests)

Revision ID: 0010_portal_files
Revises: 0009_handoffs
Create Date: 2026-12-02 07:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_portal_files"
down_revision = "0009_handoffs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "portal_files",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("owner_ice", sa.String(length=15), nullable=True),
        sa.Column("owner_name", sa.String(length=200), nullable=False),
        sa.Column("bank", sa.String(length=200), nullable=True),
        sa.Column("administration", sa.String(length=16), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "reference"),
    )
    op.create_index("ix_portal_files_kind", "portal_files", ["kind"])
    op.create_index("ix_portal_files_reference", "portal_files", ["reference"])
    op.create_index("ix_portal_files_status", "portal_files", ["status"])
    op.create_index("ix_portal_files_owner_ice", "portal_files", ["owner_ice"])


def downgrade() -> None:
    op.drop_index("ix_portal_files_owner_ice", table_name="portal_files")
    op.drop_index("ix_portal_files_status", table_name="portal_files")
    op.drop_index("ix_portal_files_reference", table_name="portal_files")
    op.drop_index("ix_portal_files_kind", table_name="portal_files")
    op.drop_table("portal_files")
