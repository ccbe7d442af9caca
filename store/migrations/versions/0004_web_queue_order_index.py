"""web queue: index the queue's order (priority, age) and its counts per state

Replaces 0003's single index by two covering ones: the queue walks ix_case_queue_order in
order and stops after a page; the counts per state read ix_case_queue_state alone. Both carry
the dates that make a case overdue (full-time, next review, start).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 11:35:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ORDER = ['priority_rank', 'created_at', 'id', 'status', 'full_time_date', 'next_review_date', 'start_date']
_STATE = ['status', 'full_time_date', 'next_review_date', 'start_date']


def upgrade() -> None:
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_index('ix_case_queue')
        batch_op.create_index('ix_case_queue_order', _ORDER, unique=False)
        batch_op.create_index('ix_case_queue_state', _STATE, unique=False)


def downgrade() -> None:
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_index('ix_case_queue_state')
        batch_op.drop_index('ix_case_queue_order')
        batch_op.create_index(
            'ix_case_queue',
            ['status', 'priority_rank', 'created_at', 'full_time_date', 'next_review_date'],
            unique=False,
        )
