"""versions of goals and actions

Every change raises a goal's or an action's version; a save made on a page that showed an older
version is refused with what is there now, so no edit is silently lost. Existing rows start at 1.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 16:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('goal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_column('version')
    with op.batch_alter_table('goal', schema=None) as batch_op:
        batch_op.drop_column('version')
