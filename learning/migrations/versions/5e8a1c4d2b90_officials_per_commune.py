"""officials trained (issue 13): the number of officials of each commune (set by province
staff, like the coverage target); an index on the accounts' role and one on course completions
by course (the officials and team members trained are read through them)

Revision ID: 5e8a1c4d2b90
Revises: b4e1f7a2c913
Create Date: 2026-11-26 06:30:00

"""

from alembic import op
import sqlalchemy as sa


revision = "5e8a1c4d2b90"
down_revision = "b4e1f7a2c913"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("commune", schema=None) as batch_op:
        batch_op.add_column(sa.Column("officials", sa.Integer(), nullable=True))
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_account_role"), ["role"], unique=False)
    with op.batch_alter_table("course_progress", schema=None) as batch_op:
        batch_op.create_index("ix_course_progress_completions",
                              ["course_id", "completed_at", "learner_id"], unique=False)


def downgrade():
    with op.batch_alter_table("course_progress", schema=None) as batch_op:
        batch_op.drop_index("ix_course_progress_completions")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_account_role"))
    with op.batch_alter_table("commune", schema=None) as batch_op:
        batch_op.drop_column("officials")
