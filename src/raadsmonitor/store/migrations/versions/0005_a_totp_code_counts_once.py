"""a TOTP code counts once: the time step of the last code accepted per account (issue 7, RFC 6238 5.2)

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("gebruikers") as batch_op:
        batch_op.add_column(sa.Column("totp_laatste_stap", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("gebruikers") as batch_op:
        batch_op.drop_column("totp_laatste_stap")
