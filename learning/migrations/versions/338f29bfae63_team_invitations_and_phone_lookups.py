"""team invitations and phone lookups: an officer's invitation to tutor in a team (accepted by the
person), and the look-ups of phone numbers on the add forms (throttled); issue 10

Revision ID: 338f29bfae63
Revises: 807df9b22c48
Create Date: 2026-11-26 04:32:58.125900

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '338f29bfae63'
down_revision = '807df9b22c48'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('phone_lookup',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_phone_lookup_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phone_lookup'))
    )
    with op.batch_alter_table('phone_lookup', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_phone_lookup_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_phone_lookup_user_id'), ['user_id'], unique=False)

    op.create_table('team_invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user_account.id'], name=op.f('fk_team_invitation_invited_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['team_id'], ['digital_team.id'], name=op.f('fk_team_invitation_team_id_digital_team'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_team_invitation_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_invitation')),
    sa.UniqueConstraint('user_id', 'team_id', name=op.f('uq_team_invitation_user_id_team_id'))
    )
    with op.batch_alter_table('team_invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_invitation_team_id'), ['team_id'], unique=False)



def downgrade():
    with op.batch_alter_table('team_invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_invitation_team_id'))

    op.drop_table('team_invitation')
    with op.batch_alter_table('phone_lookup', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_phone_lookup_user_id'))
        batch_op.drop_index(batch_op.f('ix_phone_lookup_at'))

    op.drop_table('phone_lookup')
