"""Writing counter changes: INSERT … ON CONFLICT DO UPDATE SET n = n + k, on SQLite and
PostgreSQL, in the caller's transaction."""

from sqlalchemy import Connection, Table, delete, insert

from learning.reporting.cells import Deltas, Key
from learning.reporting.definitions import MEASURE_NAMES
from learning.reporting.models import StatCounter

KEY_COLUMNS = ("commune_code", "period", "dimension", "course_id", "start", "value")
BATCH = 1000


_UPSERTS: dict[str, object] = {}


def upsert_statement(connection: Connection, table: Table):
    """Built once per dialect: building it is much slower than running it."""
    name = connection.dialect.name
    if name not in _UPSERTS:
        _UPSERTS[name] = _build_upsert(connection, table)
    return _UPSERTS[name]


def _build_upsert(connection: Connection, table: Table):
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    statement = dialect_insert(table)
    return statement.on_conflict_do_update(
        index_elements=list(KEY_COLUMNS),
        set_={name: table.c[name] + statement.excluded[name] for name in MEASURE_NAMES},
    )


def row(key: Key, counts: list[int]) -> dict:
    values = dict(zip(KEY_COLUMNS, key, strict=True))
    values.update(zip(MEASURE_NAMES, counts, strict=True))
    return values


def apply_deltas(connection: Connection, deltas: Deltas) -> int:
    """Add the changes to the counters; returns the number of cells changed."""
    rows = [row(key, counts) for key, counts in deltas.nonzero()]
    if not rows:
        return 0
    statement = upsert_statement(connection, StatCounter.__table__)
    for first in range(0, len(rows), BATCH):
        connection.execute(statement, rows[first:first + BATCH])
    return len(rows)


def replace_all(connection: Connection, deltas: Deltas) -> int:
    """Replace every counter (rebuild): delete them all, insert the new ones in big batches."""
    connection.execute(delete(StatCounter))
    rows = [row(key, counts) for key, counts in deltas.nonzero()]
    statement = insert(StatCounter.__table__)
    for first in range(0, len(rows), 20_000):
        connection.execute(statement, rows[first:first + 20_000])
    return len(rows)
