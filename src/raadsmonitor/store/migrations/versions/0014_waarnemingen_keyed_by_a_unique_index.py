"""waarnemingen keyed by a unique index instead of the primary key (issue 15)

On SQLite the rows are then kept by SQLite's own integer rowid, and a first national import builds the key's
index once after the rows (a sorted build) instead of inserting every key into it one by one. The key stays
unique; upserts (ON CONFLICT) and lookups use the unique index as they used the primary key's.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

KEY = ["indicator", "gebied", "periode"]


def upgrade() -> None:
    with op.batch_alter_table("waarnemingen") as batch_op:
        batch_op.drop_constraint("pk_waarnemingen", type_="primary")
    op.create_index("uq_waarnemingen_sleutel", "waarnemingen", KEY, unique=True)


def downgrade() -> None:
    op.drop_index("uq_waarnemingen_sleutel", table_name="waarnemingen")
    with op.batch_alter_table("waarnemingen") as batch_op:
        batch_op.create_primary_key("pk_waarnemingen", KEY)
