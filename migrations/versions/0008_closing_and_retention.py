"""closing households, receipts tied to their round, logs refused by the database itself

A household can be closed (support ended), so a retention command can erase it after a while.
Write receipts name their round, so erasing a round erases the answers that may quote its notes.
The access log gets triggers that refuse UPDATE and DELETE, not only the ORM.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 20:00:00

"""
from alembic import op
import sqlalchemy as sa

from wattelt.models.types import append_only_ddl, undo_append_only_ddl


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('household', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_household_closed_at'), ['closed_at'], unique=False)
    with op.batch_alter_table('write_receipt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('round_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_write_receipt_round_id'), ['round_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_write_receipt_round_id_round'), 'round', ['round_id'], ['id'])
    # Receipts from before could quote notes of any round and would outlive its erasure; they only
    # serve a device replaying the same write, which then simply applies it again.
    op.execute("DELETE FROM write_receipt")
    for statement in append_only_ddl('access_log', op.get_bind().dialect.name):
        op.execute(statement)


def downgrade():
    for statement in undo_append_only_ddl('access_log', op.get_bind().dialect.name):
        op.execute(statement)
    with op.batch_alter_table('write_receipt', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_write_receipt_round_id_round'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_write_receipt_round_id'))
        batch_op.drop_column('round_id')
    with op.batch_alter_table('household', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_household_closed_at'))
        batch_op.drop_column('closed_at')
