"""boundaries of wijken and buurten for the maps on the progress pages (issue 18)

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gebiedsgrenzen",
        sa.Column("cbs_code", sa.String(length=20), nullable=False),
        sa.Column("naam", sa.Text(), nullable=True),
        sa.Column("geometrie", sa.Text(), nullable=False),
        sa.Column("bron", sa.String(length=200), nullable=False),
        sa.Column("ingelezen_op", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("cbs_code", name=op.f("pk_gebiedsgrenzen")),
    )


def downgrade() -> None:
    op.drop_table("gebiedsgrenzen")
