"""Reading the CSV files a province imports: rows with the line they start on, and the
problems of the rows that are refused (file and line, and why)."""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from flask_babel import lazy_gettext as _l

MAX_FILE_BYTES = 5 * 1024 * 1024


class ImportFileError(ValueError):
    """The whole file cannot be imported (not UTF-8, not CSV, columns missing)."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: object  # a lazy translated string


@dataclass
class ImportReport:
    """What an import did (or would do, for a dry run): codes added and changed, how many rows
    were unchanged, and the rows refused with their line and reason."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    refused: list[RowProblem] = field(default_factory=list)
    provinces_added: list[str] = field(default_factory=list)
    provinces_changed: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # missing from the file but in use
    applied: bool = False

    @property
    def rows_read(self) -> int:
        return len(self.added) + len(self.changed) + self.unchanged + len(self.refused)


@dataclass(frozen=True)
class CsvRows:
    columns: tuple[str, ...]
    rows: list[tuple[int, dict[str, str]]]


def read_csv_path(path: Path | str) -> CsvRows:
    with open(path, "rb") as handle:
        return read_csv(handle)


def read_csv(handle: IO[bytes]) -> CsvRows:
    data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(_l("The file is larger than 5 MB."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(_l("The file is not in UTF-8 (save it as “CSV UTF-8”); first "
                                 "bad byte at position %(pos)d.", pos=error.start)) from error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = tuple((name or "").strip() for name in (reader.fieldnames or ()))
    if not columns:
        raise ImportFileError(_l("The file is empty."))
    reader.fieldnames = list(columns)
    return CsvRows(columns, list(_numbered(reader)))


def _numbered(reader: csv.DictReader) -> Iterator[tuple[int, dict[str, str]]]:
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ImportFileError(_l("Line %(line)d cannot be read as CSV: %(e)s", line=line,
                                     e=str(error))) from error
        if all(not (value or "").strip() for key, value in row.items() if key is not None):
            continue  # blank line
        yield line, row


def require_columns(columns: tuple[str, ...], needed: tuple[str, ...]) -> None:
    missing = [name for name in needed if name not in columns]
    if missing:
        raise ImportFileError(_l("Columns missing from the first line: %(names)s.",
                                 names=", ".join(missing)))


def first_column(columns: tuple[str, ...], *names: str) -> str:
    """The first of ``names`` that the file has, else an ImportFileError."""
    found = next((name for name in names if name in columns), None)
    if found is None:
        raise ImportFileError(_l("Columns missing from the first line: %(names)s.",
                                 names=" / ".join(names)))
    return found


def value(row: dict[str, str], column: str) -> str:
    return (row.get(column) or "").strip()


GROUPED_NUMBER = re.compile(r"^\d{1,3}([ .,\u00a0]\d{3})+$")


def whole_number(text: str, limit: int = 100_000_000) -> int | None | RowProblem:
    """A count from a cell: None when empty, else a whole number from 0 to ``limit``. Thousands
    may be grouped with spaces, dots or commas ("43 922", "43.922", "43,922")."""
    if not text:
        return None
    cleaned = re.sub(r"[ .,\u00a0]", "", text) if GROUPED_NUMBER.match(text) else text
    if not cleaned.isdigit() or not cleaned.isascii() or int(cleaned) > limit:
        return RowProblem(0, _l("“%(value)s” is not a whole number from 0 to %(max)d",
                                value=text, max=limit))
    return int(cleaned)
