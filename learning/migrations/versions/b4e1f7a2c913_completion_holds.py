"""completion holds: flagged completions under review (issue 13)

completion_hold: one row per lesson completion a rule flagged (pending, confirmed or rejected);
user_account.signup_address: a keyed hash of the address a self-service sign-up came from; indexes
that let the rules count a tutor's completions and the sign-ups from one address or one tutor in
a few minutes.

Revision ID: b4e1f7a2c913
Revises: 5e1f0c2a7b93
Create Date: 2026-11-26 06:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b4e1f7a2c913'
down_revision = '5e1f0c2a7b93'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'completion_hold',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('learner_id', sa.Integer(), nullable=False),
        sa.Column('lesson_id', sa.Integer(), nullable=False),
        sa.Column('course_id', sa.Integer(), nullable=False),
        sa.Column('attempt_id', sa.String(length=36), nullable=True),
        sa.Column('rules', sa.String(length=80), nullable=False),
        sa.Column('details', sa.JSON(), nullable=False),
        sa.Column('flagged_at', sa.DateTime(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
        sa.Column('reviewed_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['course_id'], ['course.id'],
                                name=op.f('fk_completion_hold_course_id_course')),
        sa.ForeignKeyConstraint(['learner_id'], ['user_account.id'],
                                name=op.f('fk_completion_hold_learner_id_user_account'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['lesson_id'], ['lesson.id'],
                                name=op.f('fk_completion_hold_lesson_id_lesson')),
        sa.ForeignKeyConstraint(['reviewed_by_id'], ['user_account.id'],
                                name=op.f('fk_completion_hold_reviewed_by_id_user_account'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_completion_hold')),
        sa.UniqueConstraint('learner_id', 'lesson_id',
                            name=op.f('uq_completion_hold_learner_id_lesson_id')),
    )
    with op.batch_alter_table('completion_hold', schema=None) as batch_op:
        batch_op.create_index('ix_completion_hold_status', ['status', 'flagged_at'], unique=False)
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signup_address', sa.String(length=64), nullable=True))
        batch_op.create_index('ix_user_account_signup_address', ['signup_address', 'created_at'],
                              unique=False)
        batch_op.create_index('ix_user_account_registered_by', ['registered_by_id', 'created_at'],
                              unique=False)
    with op.batch_alter_table('lesson_progress', schema=None) as batch_op:
        batch_op.create_index('ix_lesson_progress_tutor_completed', ['tutor_id', 'completed_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('lesson_progress', schema=None) as batch_op:
        batch_op.drop_index('ix_lesson_progress_tutor_completed')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_index('ix_user_account_registered_by')
        batch_op.drop_index('ix_user_account_signup_address')
        batch_op.drop_column('signup_address')
    with op.batch_alter_table('completion_hold', schema=None) as batch_op:
        batch_op.drop_index('ix_completion_hold_status')
    op.drop_table('completion_hold')
