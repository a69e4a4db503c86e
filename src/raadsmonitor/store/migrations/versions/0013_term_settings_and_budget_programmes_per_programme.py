"""term settings and budget programmes per programme (issue 20): termijninstellingen.programma and
begrotingsprogrammas.programma, empty for every programme in the store

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = "0012"
branch_labels = None
depends_on = None

TABLES = ("termijninstellingen", "begrotingsprogrammas")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("programma", sa.String(length=200), nullable=True))
            batch_op.create_index(batch_op.f(f"ix_{table}_programma"), ["programma"], unique=False)
            batch_op.create_foreign_key(batch_op.f(f"fk_{table}_programma"), "programmas", ["programma"], ["id"])


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"fk_{table}_programma"), type_="foreignkey")
            batch_op.drop_index(batch_op.f(f"ix_{table}_programma"))
            batch_op.drop_column("programma")
