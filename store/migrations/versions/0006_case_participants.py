"""security: case_participant (who may be told a case's facts), outbound_reply.approved_by

The first sender of every existing case becomes its participant; later senders do not (under
the old rules anyone quoting a reference could join a case).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 22:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'case_participant',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('address', sa.String(length=320), nullable=False),
        sa.Column('added_by', sa.String(length=255), nullable=False),
        sa.Column('added_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['case.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('case_id', 'address', name='uq_case_participant'),
    )
    op.create_index('ix_case_participant_case_id', 'case_participant', ['case_id'])
    op.create_index('ix_case_participant_address', 'case_participant', ['address'])
    op.execute(
        "INSERT INTO case_participant (case_id, address, added_by, added_at) "
        "SELECT r.case_id, lower(r.from_address), 'system', CURRENT_TIMESTAMP FROM raw_message r "
        "WHERE r.id IN (SELECT min(id) FROM raw_message WHERE case_id IS NOT NULL "
        "AND from_address IS NOT NULL GROUP BY case_id)"
    )
    with op.batch_alter_table('outbound_reply', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approved_by', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_outbound_reply_approved_by', 'app_user', ['approved_by'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('outbound_reply', schema=None) as batch_op:
        batch_op.drop_constraint('fk_outbound_reply_approved_by', type_='foreignkey')
        batch_op.drop_column('approved_by')
    op.drop_index('ix_case_participant_address', table_name='case_participant')
    op.drop_index('ix_case_participant_case_id', table_name='case_participant')
    op.drop_table('case_participant')
