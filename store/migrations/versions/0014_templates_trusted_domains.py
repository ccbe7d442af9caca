"""letter templates edited by admins (versioned) and trusted sender domains kept by admins (issue 14)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 04:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'letter_template',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('template_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('body', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('saved_by', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column('saved_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('restored_from', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('template_id', 'version', name='uq_letter_template_version'),
    )
    op.create_index('ix_letter_template_template_id', 'letter_template', ['template_id'])
    op.create_table(
        'trusted_domain',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('domain', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column('added_by', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column('added_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('domain'),
    )


def downgrade() -> None:
    op.drop_table('trusted_domain')
    op.drop_index('ix_letter_template_template_id', table_name='letter_template')
    op.drop_table('letter_template')
