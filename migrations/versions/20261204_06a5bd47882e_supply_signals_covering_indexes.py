"""supply signals covering indexes

Revision ID: 06a5bd47882e
Revises: c7d1f0a94e21
Created: 2026-12-04 19:02:27.585960
"""

from __future__ import annotations

from alembic import op

revision = '06a5bd47882e'
down_revision = 'c7d1f0a94e21'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('supply_signals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supply_signals_kind_concept_at'))
        batch_op.create_index('ix_supply_signals_concept', ['kind', 'concept', 'source', 'at', 'municipality_code', 'region_code', 'sender_id'], unique=False)
        batch_op.create_index('ix_supply_signals_municipality', ['municipality_code', 'kind', 'concept', 'source', 'at', 'sender_id'], unique=False)
        batch_op.create_index('ix_supply_signals_region', ['region_code', 'kind', 'concept', 'source', 'at', 'sender_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('supply_signals', schema=None) as batch_op:
        batch_op.drop_index('ix_supply_signals_region')
        batch_op.drop_index('ix_supply_signals_municipality')
        batch_op.drop_index('ix_supply_signals_concept')
        batch_op.create_index(batch_op.f('ix_supply_signals_kind_concept_at'), ['kind', 'concept', 'at'], unique=False)

