"""parsed_snapshot: a message's parsed form, read once (issue 10)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 23:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'parsed_snapshot',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('readers_version', sa.Integer(), nullable=False),
        sa.Column('snapshot', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('sha256', 'readers_version', name='uq_parsed_snapshot_sha256_version'),
    )


def downgrade() -> None:
    op.drop_table('parsed_snapshot')
