"""the address of a register item at its source, for items read from OpenBesluitvorming (issue 18)

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("informatiestukken") as batch_op:
        batch_op.add_column(sa.Column("url", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("informatiestukken") as batch_op:
        batch_op.drop_column("url")
