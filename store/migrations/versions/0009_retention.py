"""retention (issue 13): legal_hold; raw_message.removed_at, outbound_reply.removed_at

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-03 01:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'legal_hold',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.String(), nullable=False),
        sa.Column('set_by', sa.String(length=255), nullable=False),
        sa.Column('set_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['case.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('case_id'),
    )
    # nullable columns: ADD COLUMN on SQLite and PostgreSQL alike (no table copy)
    op.add_column('raw_message', sa.Column('removed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.add_column('outbound_reply', sa.Column('removed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('outbound_reply', schema=None) as batch_op:
        batch_op.drop_column('removed_at')
    with op.batch_alter_table('raw_message', schema=None) as batch_op:
        batch_op.drop_column('removed_at')
    op.drop_table('legal_hold')
