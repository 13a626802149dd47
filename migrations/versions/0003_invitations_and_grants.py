"""invitations, grants, accounts without e-mail

Residents, naasten and helpers come in by invitation and sign in with a login name instead of an
e-mail address; what they may see is a grant, recorded with who gave it and when it ended.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 14:59:54.893360

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.Enum('resident', 'naaste', 'helper_plan', 'helper_actions', name='grantkind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('label', sa.String(length=80), nullable=True),
    sa.Column('for_user_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_invitation_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['for_user_id'], ['user_account.id'], name=op.f('fk_invitation_for_user_id_user_account')),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_invitation_household_id_household')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_invitation_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_invitation_token_hash'))
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_household_id'), ['household_id'], unique=False)

    op.create_table('access_grant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('resident', 'naaste', 'helper_plan', 'helper_actions', name='grantkind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('invitation_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_access_grant_household_id_household')),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitation.id'], name=op.f('fk_access_grant_invitation_id_invitation')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_access_grant_member_id_member')),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['user_account.id'], name=op.f('fk_access_grant_revoked_by_id_user_account')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_access_grant_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_grant'))
    )
    with op.batch_alter_table('access_grant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_access_grant_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_access_grant_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assignee_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('note', sa.String(length=300), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_action_assignee_id_user_account'), 'user_account', ['assignee_id'], ['id'])

    with op.batch_alter_table('household', schema=None) as batch_op:
        # Existing households share nothing between members, as new ones.
        batch_op.add_column(sa.Column('members_share', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('household', schema=None) as batch_op:
        batch_op.alter_column('members_share', server_default=None)

    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.add_column(sa.Column('started_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_round_started_by_id_user_account'), 'user_account', ['started_by_id'], ['id'])

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('login_name', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))
        batch_op.alter_column('email',
               existing_type=sa.VARCHAR(length=254),
               nullable=True)
        batch_op.create_unique_constraint(batch_op.f('uq_user_account_login_name'), ['login_name'])
        batch_op.create_check_constraint('email_or_login_name', 'email IS NOT NULL OR login_name IS NOT NULL')
        batch_op.drop_constraint('role', type_='check')
        batch_op.create_check_constraint('role', "role IN ('professional', 'teamlead', 'admin', 'resident', 'naaste', 'helper')")



def downgrade():
    # Invited people have no place in the older schema: their grants, invitations and accounts go.
    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_round_started_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('started_by_id')
    with op.batch_alter_table('household', schema=None) as batch_op:
        batch_op.drop_column('members_share')
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_action_assignee_id_user_account'), type_='foreignkey')
        batch_op.drop_column('note')
        batch_op.drop_column('assignee_id')
    with op.batch_alter_table('access_grant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_access_grant_user_id'))
        batch_op.drop_index(batch_op.f('ix_access_grant_household_id'))
    op.drop_table('access_grant')
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_household_id'))
    op.drop_table('invitation')
    op.execute("DELETE FROM chip_event WHERE user_id IN (SELECT id FROM user_account WHERE role IN ('resident', 'naaste', 'helper'))")
    op.execute("UPDATE chip SET placed_by_id = NULL WHERE placed_by_id IN (SELECT id FROM user_account WHERE role IN ('resident', 'naaste', 'helper'))")
    op.execute("DELETE FROM write_receipt WHERE user_id IN (SELECT id FROM user_account WHERE role IN ('resident', 'naaste', 'helper'))")
    op.execute("DELETE FROM user_account WHERE role IN ('resident', 'naaste', 'helper')")
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint('role', type_='check')
        batch_op.create_check_constraint('role', "role IN ('professional', 'teamlead', 'admin')")
        batch_op.drop_constraint('email_or_login_name', type_='check')
        batch_op.drop_constraint(batch_op.f('uq_user_account_login_name'), type_='unique')
        batch_op.alter_column('email',
               existing_type=sa.VARCHAR(length=254),
               nullable=False)
        batch_op.drop_column('login_name')
        batch_op.drop_column('language')
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_logins')
