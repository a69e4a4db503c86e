"""accounts tied to the subject of an identity provider: single sign-on with OpenID Connect (issue 21)

Revision ID: 0010
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sso_koppelingen',
    sa.Column('issuer', sa.String(length=400), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('gebruiker', sa.String(length=100), nullable=False),
    sa.Column('aangemaakt', sa.String(length=40), nullable=False),
    sa.Column('laatst_aangemeld', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['gebruiker'], ['gebruikers.naam'], name=op.f('fk_sso_koppelingen_gebruiker')),
    sa.PrimaryKeyConstraint('issuer', 'subject', name=op.f('pk_sso_koppelingen'))
    )
    with op.batch_alter_table('sso_koppelingen', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sso_koppelingen_gebruiker'), ['gebruiker'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sso_koppelingen', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sso_koppelingen_gebruiker'))
    op.drop_table('sso_koppelingen')
