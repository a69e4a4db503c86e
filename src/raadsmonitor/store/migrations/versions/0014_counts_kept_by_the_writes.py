"""counts kept by the writes (issue 15): aantallen, how many waarnemingen cite each bron and how many have a
value per indicator, filled from the rows already stored; the store keeps them with every write of waarnemingen
from now on (store/tallies.py)

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("aantallen",
                    sa.Column("tabel", sa.String(length=200), nullable=False),
                    sa.Column("telling", sa.String(length=40), nullable=False),
                    sa.Column("waarde", sa.String(length=200), nullable=False),
                    sa.Column("aantal", sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint("tabel", "telling", "waarde", name=op.f("pk_aantallen")))
    # As store/tallies.py's TALLIES count them.
    op.execute("INSERT INTO aantallen (tabel, telling, waarde, aantal) "
               "SELECT 'waarnemingen', 'bron', bron, count(*) FROM waarnemingen GROUP BY bron")
    op.execute("INSERT INTO aantallen (tabel, telling, waarde, aantal) "
               "SELECT 'waarnemingen', 'indicator met waarde', indicator, count(*) FROM waarnemingen "
               "WHERE waarde IS NOT NULL GROUP BY indicator")


def downgrade() -> None:
    op.drop_table("aantallen")
