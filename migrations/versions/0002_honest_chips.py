"""honest chips, chip history, own domain identity, write receipts

Existing rows are kept: every chip gets its first history entry (who placed it is unknown before
this revision, so placed_by stays empty), and every own domain gets its identity key. Two own
domains of one round that now count as the same ("Tuin", "tuin ") both stay, the later one with a
numbered key, so no chip is lost. The skeleton stored an untouched slider as 50; such chips cannot
be told apart from a deliberate 50 and are kept as placed. Their history entries are the ones
without a user.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 12:09:06.574184

"""
import hashlib
import unicodedata

from alembic import op
import sqlalchemy as sa


def own_domain_key(label):
    # A copy of wattelt.text.own_domain_key as it was when this revision was written: a migration
    # must give the same result whatever the app's code becomes later.
    key = " ".join(unicodedata.normalize("NFKC", label).casefold().split())
    if len(key) > 80:
        key = f"{key[:63]}~{hashlib.sha256(key.encode()).hexdigest()[:16]}"
    return key


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('write_receipt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('status', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_write_receipt_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_write_receipt')),
    sa.UniqueConstraint('user_id', 'key', name=op.f('uq_write_receipt_user_id'))
    )
    with op.batch_alter_table('write_receipt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_write_receipt_created_at'), ['created_at'], unique=False)

    op.create_table('chip_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.Column('perspective', sa.Enum('resident', 'professional', 'naaste', name='perspective', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('state', sa.Enum('placed', 'not_now', 'not_placed', name='chipstate', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('value', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('device_time', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('applied', sa.Boolean(), nullable=False),
    sa.CheckConstraint("(state = 'placed') = (value IS NOT NULL)", name=op.f('ck_chip_event_value_when_placed')),
    sa.CheckConstraint('value IS NULL OR (value >= 0 AND value <= 100)', name=op.f('ck_chip_event_value_range')),
    sa.ForeignKeyConstraint(['topic_id'], ['topic.id'], name=op.f('fk_chip_event_topic_id_topic')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_chip_event_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chip_event'))
    )
    with op.batch_alter_table('chip_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chip_event_topic_id'), ['topic_id'], unique=False)

    with op.batch_alter_table('chip', schema=None) as batch_op:
        batch_op.add_column(sa.Column('placed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('placed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_chip_placed_by_id_user_account'), 'user_account', ['placed_by_id'], ['id'])

    with op.batch_alter_table('topic', schema=None) as batch_op:
        batch_op.add_column(sa.Column('own_key', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('flag_changed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('note_well_changed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('note_better_changed_at', sa.DateTime(timezone=True), nullable=True))

    connection = op.get_bind()
    chip = sa.table('chip', sa.column('id', sa.Integer), sa.column('topic_id', sa.Integer), sa.column('perspective', sa.String),
                    sa.column('value', sa.Integer), sa.column('updated_at', sa.DateTime(timezone=True)),
                    sa.column('placed_at', sa.DateTime(timezone=True)))
    event = sa.table('chip_event', sa.column('topic_id', sa.Integer), sa.column('perspective', sa.String), sa.column('state', sa.String),
                     sa.column('value', sa.Integer), sa.column('user_id', sa.Integer), sa.column('device_time', sa.DateTime(timezone=True)),
                     sa.column('recorded_at', sa.DateTime(timezone=True)), sa.column('applied', sa.Boolean))
    topic = sa.table('topic', sa.column('id', sa.Integer), sa.column('round_id', sa.Integer), sa.column('own_label', sa.String),
                     sa.column('own_key', sa.String))

    connection.execute(chip.update().values(placed_at=chip.c.updated_at))
    connection.execute(event.insert().from_select(
        ['topic_id', 'perspective', 'state', 'value', 'user_id', 'device_time', 'recorded_at', 'applied'],
        sa.select(chip.c.topic_id, chip.c.perspective,
                  sa.case((chip.c.value.is_(None), 'not_now'), else_='placed'),
                  chip.c.value, sa.null(), chip.c.updated_at, chip.c.updated_at, sa.true()),
    ))
    used = set()
    own = connection.execute(sa.select(topic.c.id, topic.c.round_id, topic.c.own_label).where(topic.c.own_label.is_not(None)).order_by(topic.c.id))
    for topic_id, round_id, label in own.all():
        key, number = own_domain_key(label), 1
        while (round_id, key) in used:
            number += 1
            key = own_domain_key(f"{label} #{number}")
        used.add((round_id, key))
        connection.execute(topic.update().where(topic.c.id == topic_id).values(own_key=key))

    with op.batch_alter_table('chip', schema=None) as batch_op:
        batch_op.alter_column('placed_at', existing_type=sa.DateTime(timezone=True), nullable=False)

    with op.batch_alter_table('topic', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_topic_round_id_own_key', ['round_id', 'own_key'])
        batch_op.create_check_constraint('own_label_has_key', '(own_label IS NULL) = (own_key IS NULL)')


def downgrade():
    with op.batch_alter_table('topic', schema=None) as batch_op:
        batch_op.drop_constraint('own_label_has_key', type_='check')
        batch_op.drop_constraint('uq_topic_round_id_own_key', type_='unique')
        batch_op.drop_column('note_better_changed_at')
        batch_op.drop_column('note_well_changed_at')
        batch_op.drop_column('flag_changed_at')
        batch_op.drop_column('own_key')

    with op.batch_alter_table('chip', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_chip_placed_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('placed_at')
        batch_op.drop_column('placed_by_id')

    with op.batch_alter_table('chip_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_chip_event_topic_id'))

    op.drop_table('chip_event')
    with op.batch_alter_table('write_receipt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_write_receipt_created_at'))

    op.drop_table('write_receipt')
