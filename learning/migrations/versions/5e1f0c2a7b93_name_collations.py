"""name collations

The collations sort_vi, sort_fr and sort_en (ICU, each language's alphabetical order) that lists of
names sorted by the database use (``ORDER BY name COLLATE sort_vi``), so that a page of a long list
is in the same order as the lists sorted in Python (learning/text.py). PostgreSQL only: on SQLite
the application registers them on every connection.

Revision ID: 5e1f0c2a7b93
Revises: 3d7155cd40bc
Create Date: 2026-11-26 06:30:00

"""
from alembic import op


revision = '5e1f0c2a7b93'
down_revision = '3d7155cd40bc'
branch_labels = None
depends_on = None

LOCALES = ("vi", "fr", "en")


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        for locale in LOCALES:
            op.execute(f"CREATE COLLATION IF NOT EXISTS sort_{locale} "
                       f"(provider = icu, locale = '{locale}')")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for locale in LOCALES:
            op.execute(f"DROP COLLATION IF EXISTS sort_{locale}")
