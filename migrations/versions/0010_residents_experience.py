"""residents' experience: answers to three questions and signals, kept with only a team and a month

No column leads back to a household, member, round or user, and the id is random. A second table
keeps only a digest of each sent form's random number, so one form counts once. Neither table has
a hidden rowid on SQLite, so not even the order of the rows says anything.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 23:16:45.105788

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('experience',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('taken_seriously', sa.Enum('yes', 'partly', 'no', name='taken_seriously', native_enum=False, create_constraint=True, length=20), nullable=True),
    sa.Column('fits_wishes', sa.Enum('yes', 'partly', 'no', name='fits_wishes', native_enum=False, create_constraint=True, length=20), nullable=True),
    sa.Column('fits_needs', sa.Enum('yes', 'partly', 'no', name='fits_needs', native_enum=False, create_constraint=True, length=20), nullable=True),
    sa.Column('signal', sa.String(length=1000), nullable=True),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_experience_team_id_team')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_experience')),
    sqlite_with_rowid=False,
    )
    # The forms that were sent (a digest of each form's random number), so one form counts once.
    op.create_table('experience_form_used',
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('digest', name=op.f('pk_experience_form_used')),
    sqlite_with_rowid=False,
    )
    with op.batch_alter_table('experience', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_experience_team_id'), ['team_id'], unique=False)



def downgrade():
    with op.batch_alter_table('experience', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_experience_team_id'))

    op.drop_table('experience_form_used')
    op.drop_table('experience')
