"""Baseline: the schema of the last release before migrations (made then by create_all).

Revision ID: 0001_baseline
Revises:
Created: 2026-12-01

Written once from the models as they were; never edit it: change the schema in a new revision.
A database made by that release is stamped with this revision by migrations.upgrade().
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001_baseline'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('console_audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=80), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('target', sa.String(length=255), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('ip', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('console_audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_console_audit_log_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_console_audit_log_at'), ['at'], unique=False)

    op.create_table('console_login_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('ip', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('success', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('console_login_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_console_login_attempts_ip_at', ['ip', 'at'], unique=False)
        batch_op.create_index('ix_console_login_attempts_username_at', ['username', 'at'], unique=False)

    op.create_table('console_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.String(length=255), nullable=False),
    sa.Column('author', sa.String(length=80), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('console_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_console_notes_sender_id'), ['sender_id'], unique=False)

    op.create_table('console_tags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.String(length=255), nullable=False),
    sa.Column('tag', sa.String(length=40), nullable=False),
    sa.Column('author', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('sender_id', 'tag')
    )
    with op.batch_alter_table('console_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_console_tags_sender_id'), ['sender_id'], unique=False)

    op.create_table('console_users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    op.create_table('handoff_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.String(length=255), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('taken_by', sa.String(length=255), nullable=True),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('handoff_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handoff_requests_sender_id'), ['sender_id'], unique=False)

    op.create_table('jobseekers',
    sa.Column('sender_id', sa.String(length=255), nullable=False),
    sa.Column('channel', sa.String(length=50), nullable=True),
    sa.Column('first_seen', sa.DateTime(timezone=True), nullable=False),
    sa.Column('privacy_notice_shown_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reminders_opt_in', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('sender_id')
    )
    op.create_table('profiles',
    sa.Column('sender_id', sa.String(length=255), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('occupations', sa.JSON(), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sender_id')
    )
    op.create_table('progress_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.String(length=255), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('progress_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_entries_sender_id'), ['sender_id'], unique=False)

    op.create_table('saved_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.String(length=255), nullable=False),
    sa.Column('ad_id', sa.String(length=64), nullable=False),
    sa.Column('headline', sa.String(length=500), nullable=False),
    sa.Column('employer', sa.String(length=500), nullable=True),
    sa.Column('municipality', sa.String(length=200), nullable=True),
    sa.Column('deadline', sa.String(length=40), nullable=True),
    sa.Column('url', sa.String(length=1000), nullable=True),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('sender_id', 'ad_id')
    )
    with op.batch_alter_table('saved_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_jobs_sender_id'), ['sender_id'], unique=False)

    op.create_table('sick_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('receipt', sa.String(length=20), nullable=False),
    sa.Column('sender_id', sa.String(length=255), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('from_date', sa.Date(), nullable=False),
    sa.Column('expected_back', sa.Date(), nullable=True),
    sa.Column('activity', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_by', sa.String(length=255), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('receipt')
    )
    with op.batch_alter_table('sick_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sick_reports_sender_id'), ['sender_id'], unique=False)

    op.create_table('weekly_goals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.String(length=255), nullable=False),
    sa.Column('week_start', sa.Date(), nullable=False),
    sa.Column('applications_target', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('sender_id', 'week_start')
    )
    with op.batch_alter_table('weekly_goals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_weekly_goals_sender_id'), ['sender_id'], unique=False)

    op.create_table('console_sessions',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('csrf_token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['console_users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token_hash')
    )
    with op.batch_alter_table('console_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_console_sessions_user_id'), ['user_id'], unique=False)

    op.create_table('reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.String(length=255), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['sender_id'], ['jobseekers.sender_id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )


def downgrade() -> None:
    op.drop_table('reminders')
    with op.batch_alter_table('console_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_console_sessions_user_id'))

    op.drop_table('console_sessions')
    with op.batch_alter_table('weekly_goals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_weekly_goals_sender_id'))

    op.drop_table('weekly_goals')
    with op.batch_alter_table('sick_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sick_reports_sender_id'))

    op.drop_table('sick_reports')
    with op.batch_alter_table('saved_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_jobs_sender_id'))

    op.drop_table('saved_jobs')
    with op.batch_alter_table('progress_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_entries_sender_id'))

    op.drop_table('progress_entries')
    op.drop_table('profiles')
    op.drop_table('jobseekers')
    with op.batch_alter_table('handoff_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handoff_requests_sender_id'))

    op.drop_table('handoff_requests')
    op.drop_table('console_users')
    with op.batch_alter_table('console_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_console_tags_sender_id'))

    op.drop_table('console_tags')
    with op.batch_alter_table('console_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_console_notes_sender_id'))

    op.drop_table('console_notes')
    with op.batch_alter_table('console_login_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_console_login_attempts_username_at')
        batch_op.drop_index('ix_console_login_attempts_ip_at')

    op.drop_table('console_login_attempts')
    with op.batch_alter_table('console_audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_console_audit_log_at'))
        batch_op.drop_index(batch_op.f('ix_console_audit_log_action'))

    op.drop_table('console_audit_log')
