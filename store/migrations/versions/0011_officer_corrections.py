"""officers in charge (issue 14): case_correction (an officer's value for a fact, kept over later
readings), raw_message.kind_override (the kind an officer gave a message), school (the national register)

Revision ID: 0011
Revises: 0007
Create Date: 2026-12-03 01:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'case_correction',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('field', sa.String(length=64), nullable=False),
        sa.Column('value', sa.JSON(), nullable=True),
        sa.Column('reason', sa.String(length=2000), nullable=False),
        sa.Column('set_by', sa.String(length=255), nullable=False),
        sa.Column('set_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['case.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('case_id', 'field', name='uq_case_correction_field'),
    )
    op.create_index('ix_case_correction_case_id', 'case_correction', ['case_id'])
    with op.batch_alter_table('raw_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind_override', sa.String(length=32), nullable=True))
    op.create_table(
        'school',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('urn', sa.String(length=16), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('phase', sa.String(length=64), nullable=True),
        sa.Column('local_authority', sa.String(length=128), nullable=True),
        sa.Column('status', sa.String(length=64), nullable=True),
        sa.Column('email_domains', sa.JSON(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('urn'),
    )
    op.create_index('ix_school_name', 'school', ['name'])


def downgrade() -> None:
    op.drop_index('ix_school_name', table_name='school')
    op.drop_table('school')
    with op.batch_alter_table('raw_message', schema=None) as batch_op:
        batch_op.drop_column('kind_override')
    op.drop_index('ix_case_correction_case_id', table_name='case_correction')
    op.drop_table('case_correction')
