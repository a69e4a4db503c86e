"""several funders per geldstroom, each with its share: geldstroomfinanciers (issue 20)

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('geldstroomfinanciers',
    sa.Column('geldstroom', sa.String(length=200), nullable=False),
    sa.Column('organisatie', sa.String(length=200), nullable=False),
    sa.Column('herkomst', sa.String(length=40), nullable=False),
    sa.Column('bedrag', sa.Numeric(precision=20, scale=2), nullable=True),
    sa.Column('aandeel', sa.Numeric(precision=20, scale=2), nullable=True),
    sa.Column('toelichting', sa.Text(), nullable=True),
    sa.Column('bron', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['bron'], ['bronnen.id'], name=op.f('fk_geldstroomfinanciers_bron')),
    sa.ForeignKeyConstraint(['geldstroom'], ['geldstromen.id'], name=op.f('fk_geldstroomfinanciers_geldstroom')),
    sa.ForeignKeyConstraint(['organisatie'], ['organisaties.id'], name=op.f('fk_geldstroomfinanciers_organisatie')),
    sa.PrimaryKeyConstraint('geldstroom', 'organisatie', name=op.f('pk_geldstroomfinanciers'))
    )
    with op.batch_alter_table('geldstroomfinanciers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_geldstroomfinanciers_bron'), ['bron'], unique=False)
        batch_op.create_index(batch_op.f('ix_geldstroomfinanciers_organisatie'), ['organisatie'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('geldstroomfinanciers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_geldstroomfinanciers_organisatie'))
        batch_op.drop_index(batch_op.f('ix_geldstroomfinanciers_bron'))

    op.drop_table('geldstroomfinanciers')
