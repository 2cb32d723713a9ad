"""answers by learner and time (issue 9): whether a new answer is the learner's first of its day,
week and month is one index probe, however many answers the learner gave before

Revision ID: c7d2e9f1a304
Revises: 5e8a1c4d2b90
Create Date: 2026-11-26 12:05:00

"""

from alembic import op


revision = "c7d2e9f1a304"
down_revision = "5e8a1c4d2b90"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("quiz_attempt", schema=None) as batch_op:
        batch_op.create_index("ix_quiz_attempt_learner_time", ["learner_id", "submitted_at"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("quiz_attempt", schema=None) as batch_op:
        batch_op.drop_index("ix_quiz_attempt_learner_time")
