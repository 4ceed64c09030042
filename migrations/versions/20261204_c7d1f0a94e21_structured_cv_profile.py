"""the structured profile from a CV file or an imported JSON Resume / Europass (profiles.structured)

Revision ID: c7d1f0a94e21
Revises: e52578576203
Created: 2026-12-04 19:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'c7d1f0a94e21'
down_revision = 'e52578576203'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('structured', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('profiles', schema=None) as batch_op:
        batch_op.drop_column('structured')
