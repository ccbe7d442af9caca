"""a case's school by URN (case.school_urn, school_urn_set_by); officers' pupil matches (issue 14)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 04:00:01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('school_urn', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch_op.add_column(sa.Column('school_urn_set_by', sqlmodel.sql.sqltypes.AutoString(length=255),
                                      nullable=True))
    op.create_index('ix_case_school_urn', 'case', ['school_urn'])
    op.create_table(
        'pupil_match',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_a', sa.Integer(), nullable=False),
        sa.Column('case_b', sa.Integer(), nullable=False),
        sa.Column('verdict', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['case_a'], ['case.id']),
        sa.ForeignKeyConstraint(['case_b'], ['case.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('case_a', 'case_b', name='uq_pupil_match_pair'),
    )
    op.create_index('ix_pupil_match_case_a', 'pupil_match', ['case_a'])
    op.create_index('ix_pupil_match_case_b', 'pupil_match', ['case_b'])


def downgrade() -> None:
    op.drop_index('ix_pupil_match_case_b', table_name='pupil_match')
    op.drop_index('ix_pupil_match_case_a', table_name='pupil_match')
    op.drop_table('pupil_match')
    op.drop_index('ix_case_school_urn', table_name='case')
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_column('school_urn_set_by')
        batch_op.drop_column('school_urn')
