"""worker and lease tables, claimed_by on raw_message and outbound_reply: several `rtt run`
processes on one database; mailbox_state.seen_at and problem for /healthz (issue 15)

Revision ID: 0012
Revises: 0007
Create Date: 2026-12-03 00:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'worker',
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('host', sa.String(length=255), nullable=False),
        sa.Column('pid', sa.Integer(), nullable=False),
        sa.Column('started_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('heartbeat_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_worker_heartbeat_at', 'worker', ['heartbeat_at'])
    op.create_table(
        'lease',
        sa.Column('name', sa.String(length=400), nullable=False),
        sa.Column('holder', sa.String(length=64), nullable=False),
        sa.Column('acquired_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )
    with op.batch_alter_table('raw_message') as batch:
        batch.add_column(sa.Column('claimed_by', sa.String(length=64), nullable=True))
    with op.batch_alter_table('outbound_reply') as batch:
        batch.add_column(sa.Column('claimed_by', sa.String(length=64), nullable=True))
    op.create_index(
        'ix_raw_message_unmoved', 'raw_message', ['id'],
        postgresql_where=sa.text('NOT mailbox_action_done'), sqlite_where=sa.text('mailbox_action_done = 0'),
    )
    with op.batch_alter_table('mailbox_state') as batch:
        batch.add_column(sa.Column('seen_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column('problem', sa.String(length=500), nullable=True))


def downgrade() -> None:
    op.drop_index('ix_raw_message_unmoved', table_name='raw_message')
    with op.batch_alter_table('mailbox_state') as batch:
        batch.drop_column('problem')
        batch.drop_column('seen_at')
    with op.batch_alter_table('outbound_reply') as batch:
        batch.drop_column('claimed_by')
    with op.batch_alter_table('raw_message') as batch:
        batch.drop_column('claimed_by')
    op.drop_table('lease')
    op.drop_index('ix_worker_heartbeat_at', table_name='worker')
    op.drop_table('worker')
