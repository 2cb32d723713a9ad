"""province figures (issue 13): clamped-clock flag on quiz attempts

Revision ID: 9c1e5a2b7d40
Revises: 17b753abc737
Create Date: 2026-11-30 09:00:00

"""

from alembic import op
import sqlalchemy as sa


revision = "9c1e5a2b7d40"
down_revision = "17b753abc737"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("quiz_attempt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("clock_clamped", sa.String(length=10), nullable=True))


def downgrade():
    with op.batch_alter_table("quiz_attempt", schema=None) as batch_op:
        batch_op.drop_column("clock_clamped")
