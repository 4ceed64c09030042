"""the caseworker's inbox: case statuses (waiting, reviewed), teams, who closed and reviewed

A handoff closed before this revision was closed by the caseworker who held it (the console set
`taken_by` to the closer when nobody held it), so `closed_by` is filled from `taken_by`.

Revision ID: 59da6abe64de
Revises: a1e7c0ac7115
Created: 2026-12-02 15:58:18.832467
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '59da6abe64de'
down_revision = 'a1e7c0ac7115'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('console_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team', sa.String(length=40), nullable=True))

    with op.batch_alter_table('handoff_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('waiting_since', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('closed_by', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('reviewed_by', sa.String(length=255), nullable=True))
        batch_op.create_index(batch_op.f('ix_handoff_requests_status'), ['status'], unique=False)
    op.execute("UPDATE handoff_requests SET closed_by = taken_by WHERE status = 'closed'")


def downgrade() -> None:
    with op.batch_alter_table('handoff_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handoff_requests_status'))
        batch_op.drop_column('reviewed_by')
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('closed_by')
        batch_op.drop_column('waiting_since')
        batch_op.drop_column('language')
        batch_op.drop_column('team')

    with op.batch_alter_table('console_users', schema=None) as batch_op:
        batch_op.drop_column('team')
