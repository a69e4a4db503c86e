"""an account limited to one focus programme (issue 20): gebruikers.programma, empty for every programme

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("gebruikers") as batch_op:
        batch_op.add_column(sa.Column("programma", sa.String(length=200), nullable=True))
        batch_op.create_index(batch_op.f("ix_gebruikers_programma"), ["programma"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_gebruikers_programma"), "programmas", ["programma"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("gebruikers") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_gebruikers_programma"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_gebruikers_programma"))
        batch_op.drop_column("programma")
