"""supply signals for the anonymous insight counts

Revision ID: e52578576203
Revises: 59da6abe64de
Created: 2026-12-04 18:41:35.778327
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'e52578576203'
down_revision = '59da6abe64de'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('supply_signals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.String(length=255), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('concept', sa.String(length=40), nullable=False),
    sa.Column('municipality_code', sa.String(length=8), nullable=True),
    sa.Column('region_code', sa.String(length=4), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('supply_signals', schema=None) as batch_op:
        batch_op.create_index('ix_supply_signals_kind_concept_at', ['kind', 'concept', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_supply_signals_sender_id'), ['sender_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('supply_signals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supply_signals_sender_id'))
        batch_op.drop_index('ix_supply_signals_kind_concept_at')

    op.drop_table('supply_signals')
