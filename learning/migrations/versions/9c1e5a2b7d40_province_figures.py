"""province figures (issue 13): clamped-clock flag on quiz attempts; published reports and
their deliveries

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
    op.create_table(
        "published_report",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("area_kind", sa.String(length=10), nullable=False),
        sa.Column("area_code", sa.String(length=5), nullable=False),
        sa.Column("period_kind", sa.String(length=1), nullable=False),
        sa.Column("period_key", sa.String(length=8), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_published_report")),
    )
    op.create_table(
        "report_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.String(length=40), nullable=False),
        sa.Column("receiver", sa.String(length=200), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(["report_id"], ["published_report.id"],
                                name=op.f("fk_report_delivery_report_id_published_report"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_delivery")),
        sa.UniqueConstraint("report_id", "receiver",
                            name=op.f("uq_report_delivery_report_id_receiver")),
    )
    with op.batch_alter_table("report_delivery", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_delivery_report_id"), ["report_id"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("report_delivery", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_delivery_report_id"))
    op.drop_table("report_delivery")
    op.drop_table("published_report")
    with op.batch_alter_table("quiz_attempt", schema=None) as batch_op:
        batch_op.drop_column("clock_clamped")
