"""waarnemingen keyed for a fast first import (issue 15): on SQLite the key (indicator, gebied, periode) becomes
the unique index uq_waarnemingen_key instead of the primary key, so an import into the empty table can drop it
and build it once after the rows (SQLite cannot drop a primary key); on PostgreSQL the primary key stays and its
three columns compare bytes (COLLATE "C"), as on SQLite

SQLite cannot change a table's key in place: the table is rebuilt (renamed, created anew, its rows copied, the
old one dropped, its indexes made again), inside the migration's transaction. On the national store (3,465,600
waarnemingen) that took 10.8 s, and the file grew from 575 to 845 MB until a VACUUM (bench/RESULTS.md, session 12).

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

KEY = ("indicator", "gebied", "periode")
# The key's columns on PostgreSQL and their length.
LENGTHS = {"indicator": 200, "gebied": 200, "periode": 40}


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(primary_key=False)
        return
    _collate('"C"')


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(primary_key=True)
        return
    _collate('"default"')


def _collate(collation: str) -> None:
    """One ALTER TABLE for the three columns, so PostgreSQL rebuilds the key's index once."""
    changes = ", ".join(f"ALTER COLUMN {name} TYPE varchar({length}) COLLATE {collation}"
                        for name, length in LENGTHS.items())
    op.execute(f"ALTER TABLE waarnemingen {changes}")


def _rebuild(primary_key: bool) -> None:
    """waarnemingen as 0014 made it (primary_key) or keyed by uq_waarnemingen_key, with the same rows, foreign
    keys and indexes. The old table is renamed first so the new one is created under its own name."""
    op.rename_table("waarnemingen", "waarnemingen_voor_0015")
    op.create_table("waarnemingen",
                    sa.Column("indicator", sa.String(length=200), nullable=False),
                    sa.Column("gebied", sa.String(length=200), nullable=False),
                    sa.Column("periode", sa.String(length=40), nullable=False),
                    sa.Column("peildatum", sa.String(length=10), nullable=True),
                    sa.Column("waarde", sa.Numeric(precision=24, scale=6), nullable=True),
                    sa.Column("reeksbreuk", sa.Boolean(), nullable=False),
                    sa.Column("toelichting", sa.Text(), nullable=True),
                    sa.Column("bron", sa.String(length=200), nullable=False),
                    *([sa.PrimaryKeyConstraint(*KEY, name="pk_waarnemingen")] if primary_key else []),
                    sa.ForeignKeyConstraint(["indicator"], ["indicatoren.id"], name="fk_waarnemingen_indicator"),
                    sa.ForeignKeyConstraint(["gebied"], ["gebieden.id"], name="fk_waarnemingen_gebied"),
                    sa.ForeignKeyConstraint(["bron"], ["bronnen.id"], name="fk_waarnemingen_bron"))
    # In the order they were stored; the key's index is built once, sorted, afterwards.
    op.execute("INSERT INTO waarnemingen (indicator, gebied, periode, peildatum, waarde, reeksbreuk, toelichting, bron) "
               "SELECT indicator, gebied, periode, peildatum, waarde, reeksbreuk, toelichting, bron "
               "FROM waarnemingen_voor_0015")
    op.drop_table("waarnemingen_voor_0015")  # and its indexes, whose names are free again
    if not primary_key:
        op.create_index("uq_waarnemingen_key", "waarnemingen", list(KEY), unique=True)
    op.create_index("ix_waarnemingen_bron", "waarnemingen", ["bron"], unique=False)
    op.create_index("ix_waarnemingen_gebied", "waarnemingen", ["gebied"], unique=False)
