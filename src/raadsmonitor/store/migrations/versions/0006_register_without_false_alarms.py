"""the register without false alarms: information agreements with a period of validity and an explanation,
and the date on which an item without an answer or settlement was last checked (issue 17)

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("informatieafspraken") as batch_op:
        batch_op.add_column(sa.Column("einddatum", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("toelichting", sa.Text(), nullable=True))
    with op.batch_alter_table("informatiestukken") as batch_op:
        batch_op.add_column(sa.Column("nagegaan_op", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("informatiestukken") as batch_op:
        batch_op.drop_column("nagegaan_op")
    with op.batch_alter_table("informatieafspraken") as batch_op:
        batch_op.drop_column("toelichting")
        batch_op.drop_column("einddatum")
