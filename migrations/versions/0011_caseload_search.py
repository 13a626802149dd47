"""caseload in pages with a search: a household's name as search and sorting compare it, and an
index in that order per team

The name key is filled in for the households there are (wattelt.text.search_key); the index on
(team_id, name_key, id) takes the place of the one on team_id alone, which it covers.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 23:50:00

"""
from alembic import op
import sqlalchemy as sa

from wattelt.text import search_key


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('household', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_key', sa.Text(), nullable=True))

    connection = op.get_bind()
    household = sa.table('household', sa.column('id', sa.Integer), sa.column('name', sa.String), sa.column('name_key', sa.Text))
    for household_id, name in connection.execute(sa.select(household.c.id, household.c.name)).all():
        connection.execute(household.update().where(household.c.id == household_id).values(name_key=search_key(name)))

    with op.batch_alter_table('household', schema=None) as batch_op:
        batch_op.alter_column('name_key', existing_type=sa.Text(), nullable=False)
        batch_op.drop_index(batch_op.f('ix_household_team_id'))
        batch_op.create_index('ix_household_team_id_name_key', ['team_id', 'name_key', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('household', schema=None) as batch_op:
        batch_op.drop_index('ix_household_team_id_name_key')
        batch_op.create_index(batch_op.f('ix_household_team_id'), ['team_id'], unique=False)
        batch_op.drop_column('name_key')
