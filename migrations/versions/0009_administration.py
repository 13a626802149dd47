"""administration: organisation settings, areas, archived teams, set-password links, the administrators' log

Settings get their safe defaults on existing organisations; the administrators' log is append-only
in the database, as the access log is.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 20:10:00

"""
from alembic import op
import sqlalchemy as sa

from wattelt.models.types import append_only_ddl, undo_append_only_ddl


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

SETTINGS = {  # name: (default, lowest, highest)
    'retention_months': (24, 1, 240),
    'min_group_size': (10, 5, 100),
    'idle_minutes': (15, 5, 60),
    'invitation_days': (7, 1, 30),
}


def upgrade():
    op.create_table('area',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_area_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_area')),
    sa.UniqueConstraint('organisation_id', 'name', name=op.f('uq_area_organisation_id'))
    )
    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_area_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('admin_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('object_kind', sa.String(length=20), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_admin_log_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_log'))
    )
    with op.batch_alter_table('admin_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_admin_log_at'), ['at'], unique=False)
    for statement in append_only_ddl('admin_log', op.get_bind().dialect.name):
        op.execute(statement)

    op.create_table('password_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_password_link_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_password_link_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_link')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_password_link_token_hash'))
    )
    with op.batch_alter_table('password_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_link_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True))
        for name, (default, low, high) in SETTINGS.items():
            batch_op.add_column(sa.Column(name, sa.Integer(), server_default=str(default), nullable=False))
            batch_op.create_check_constraint(f'{name}_range', f'{name} >= {low} AND {name} <= {high}')
        batch_op.add_column(sa.Column('resident_languages', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('offered_instruments', sa.String(length=400), nullable=True))

    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.add_column(sa.Column('area_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_team_area_id'), ['area_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_team_area_id_area'), 'area', ['area_id'], ['id'])


def downgrade():
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_team_area_id_area'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_team_area_id'))
        batch_op.drop_column('archived_at')
        batch_op.drop_column('area_id')

    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('offered_instruments')
        batch_op.drop_column('resident_languages')
        for name in reversed(list(SETTINGS)):
            batch_op.drop_constraint(f'{name}_range', type_='check')
            batch_op.drop_column(name)
        batch_op.drop_column('archived_at')

    with op.batch_alter_table('password_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_link_user_id'))
    op.drop_table('password_link')

    for statement in undo_append_only_ddl('admin_log', op.get_bind().dialect.name):
        op.execute(statement)
    with op.batch_alter_table('admin_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_admin_log_at'))
    op.drop_table('admin_log')

    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_area_organisation_id'))
    op.drop_table('area')
