"""reminders: one row per reminder sent, and a case's reminders paused (issue 12)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 00:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'reminder',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('due', sa.Date(), nullable=False),
        sa.Column('queued_on', sa.Date(), nullable=False),
        sa.Column('reply_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['case.id']),
        sa.ForeignKeyConstraint(['reply_id'], ['outbound_reply.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('case_id', 'kind', 'due', name='uq_reminder_case_kind_due'),
    )
    op.create_index('ix_reminder_case_id', 'reminder', ['case_id'])
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminders_paused', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_column('reminders_paused')
    op.drop_index('ix_reminder_case_id', table_name='reminder')
    op.drop_table('reminder')
