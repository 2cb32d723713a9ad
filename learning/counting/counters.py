"""Writing counter changes: INSERT … ON CONFLICT DO UPDATE SET n = n + k, on SQLite and
PostgreSQL, in the caller's transaction.

PostgreSQL gets every changed cell in one statement of fixed text (one array per column, read
with unnest), which the server prepares once; SQLite gets them in one multi-row upsert too (its
text depends only on the number of cells, and the driver keeps it prepared). Cells are written in
key order, so that concurrent transactions lock them in the same order.
"""

from functools import lru_cache

from sqlalchemy import Connection, delete, insert, text

from learning.counting.cells import Deltas, Key
from learning.counting.definitions import MEASURE_NAMES
from learning.counting.models import StatCounter

KEY_COLUMNS = ("commune_code", "period", "dimension", "course_id", "start", "value")
COLUMNS = (*KEY_COLUMNS, *MEASURE_NAMES)
ARRAY_TYPES = {"course_id": "integer[]", "start": "date[]", **{m: "integer[]"
                                                             for m in MEASURE_NAMES}}
POSTGRES_UPSERT = text(
    f"INSERT INTO stat_counter ({', '.join(COLUMNS)}) SELECT * FROM unnest("
    + ", ".join(f"CAST(:{c} AS {ARRAY_TYPES.get(c, 'varchar[]')})" for c in COLUMNS)
    + f") ON CONFLICT ({', '.join(KEY_COLUMNS)}) DO UPDATE SET "
    + ", ".join(f"{m} = stat_counter.{m} + excluded.{m}" for m in MEASURE_NAMES))
SQLITE_ROWS_PER_STATEMENT = 2000  # 13 parameters a row: well within SQLite's 32,766


@lru_cache(maxsize=128)
def sqlite_upsert_text(rows: int) -> str:
    """One statement for `rows` cells (built once per number of cells)."""
    values = "(" + ", ".join("?" * len(COLUMNS)) + ")"
    return (f"INSERT INTO stat_counter ({', '.join(COLUMNS)}) VALUES "
            + ", ".join([values] * rows)
            + f" ON CONFLICT ({', '.join(KEY_COLUMNS)}) DO UPDATE SET "
            + ", ".join(f"{m} = stat_counter.{m} + excluded.{m}" for m in MEASURE_NAMES))


def _sqlite_apply(connection: Connection, cells: list[tuple[Key, list[int]]]) -> None:
    for first in range(0, len(cells), SQLITE_ROWS_PER_STATEMENT):
        chunk = cells[first:first + SQLITE_ROWS_PER_STATEMENT]
        parameters: list = []
        for (commune, period, dimension, course, start, value), counts in chunk:
            parameters += (commune, period, dimension, course, start.isoformat(), value, *counts)
        connection.exec_driver_sql(sqlite_upsert_text(len(chunk)), tuple(parameters))


def row(key: Key, counts: list[int]) -> dict:
    values = dict(zip(KEY_COLUMNS, key, strict=True))
    values.update(zip(MEASURE_NAMES, counts, strict=True))
    return values


def apply_deltas(connection: Connection, deltas: Deltas) -> int:
    """Add the changes to the counters; returns the number of cells changed."""
    cells = deltas.nonzero()
    if not cells:
        return 0
    if connection.dialect.name == "postgresql":
        columns = list(zip(*(key + tuple(counts) for key, counts in cells), strict=True))
        connection.execute(POSTGRES_UPSERT, {name: list(values)
                                             for name, values in zip(COLUMNS, columns,
                                                                     strict=True)})
    else:
        _sqlite_apply(connection, cells)
    return len(cells)


def replace_all(connection: Connection, deltas: Deltas) -> int:
    """Replace every counter (rebuild): delete them all, insert the new ones in big batches."""
    connection.execute(delete(StatCounter))
    rows = [row(key, counts) for key, counts in deltas.nonzero()]
    statement = insert(StatCounter.__table__)
    for first in range(0, len(rows), 20_000):
        connection.execute(statement, rows[first:first + 20_000])
    return len(rows)
