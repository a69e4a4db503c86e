"""index every reference column that does not lead its table's primary key (issue 8)

The primary key's index serves lookups by its first column only; the waarnemingen of one gebied (the
key is indicator, gebied, periode) were found by scanning the whole table.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

INDEXES = [
    ("afspraaknakomingen", "informatiestuk"),
    ("gebiedsonderdelen", "gebied"),
    ("informatiekoppelingen", "naar"),
    ("interventiepartners", "organisatie"),
    ("vergelijkingsgebieden", "gebied"),
    ("waarnemingen", "gebied"),
]


def upgrade() -> None:
    for table, column in INDEXES:
        op.create_index(f"ix_{table}_{column}", table, [column], unique=False)


def downgrade() -> None:
    for table, column in reversed(INDEXES):
        op.drop_index(f"ix_{table}_{column}", table_name=table)
