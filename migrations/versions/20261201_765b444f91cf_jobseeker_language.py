"""Jobseekers: the language the bot answers in (sv, en, ar, so, uk, fa), for the next conversation and the console.

Revision ID: 765b444f91cf
Revises: 5aa02182a5ae
Created: 2026-12-01 19:11:58.808888
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '765b444f91cf'
down_revision = '5aa02182a5ae'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('jobseekers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('jobseekers', schema=None) as batch_op:
        batch_op.drop_column('language')

