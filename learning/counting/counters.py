"""Writing counter changes: INSERT … ON CONFLICT DO UPDATE SET n = n + k, on SQLite and
PostgreSQL, in the caller's transaction.

PostgreSQL gets every changed cell in one statement of fixed text, which the server prepares once:
the cells as one JSON document, read with jsonb_populate_recordset into stat_counter's own row type
(one array per column, read with unnest, had psycopg dump each element in Python: ~10 % of the CPU
of recording a quiz answer; json.dumps is one call in C). SQLite gets them in one multi-row
upsert too (its text depends only on the number of cells, and the driver keeps it prepared).
Cells are written in key order, so that concurrent transactions lock them in the same order.
"""

import json
from datetime import date
from functools import lru_cache

from sqlalchemy import Connection, delete, insert, text

from learning.counting.cells import Deltas, Key
from learning.counting.definitions import MEASURE_NAMES
from learning.counting.models import StatCounter

KEY_COLUMNS = ("commune_code", "period", "dimension", "course_id", "start", "value")
COLUMNS = (*KEY_COLUMNS, *MEASURE_NAMES)
POSTGRES_UPSERT = text(
    f"INSERT INTO stat_counter ({', '.join(COLUMNS)}) SELECT {', '.join(COLUMNS)} FROM "
    "jsonb_populate_recordset(NULL::stat_counter, CAST(:cells AS jsonb))"
    f" ON CONFLICT ({', '.join(KEY_COLUMNS)}) DO UPDATE SET "
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
        document = json.dumps([dict(zip(COLUMNS, (*key, *counts), strict=True))
                               for key, counts in cells], default=date.isoformat)
        connection.execute(POSTGRES_UPSERT, {"cells": document})
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
