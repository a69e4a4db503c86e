"""peilmomenten: snapshots of the programme's state (issue 9)

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('peilmomenten',
    sa.Column('id', sa.String(length=10), nullable=False),
    sa.Column('peildatum', sa.Date(), nullable=False),
    sa.Column('naam', sa.Text(), nullable=True),
    sa.Column('aangemaakt', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_peilmomenten'))
    )
    op.create_table('peilmomentinhoud',
    sa.Column('peilmoment', sa.String(length=200), nullable=False),
    sa.Column('tabel', sa.String(length=60), nullable=False),
    sa.Column('aantal', sa.Integer(), nullable=False),
    sa.Column('inhoud', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['peilmoment'], ['peilmomenten.id'], name=op.f('fk_peilmomentinhoud_peilmoment')),
    sa.PrimaryKeyConstraint('peilmoment', 'tabel', name=op.f('pk_peilmomentinhoud'))
    )


def downgrade() -> None:
    op.drop_table('peilmomentinhoud')
    op.drop_table('peilmomenten')
