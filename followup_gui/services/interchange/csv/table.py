"""Reading a CSV file into a plain table, whatever spreadsheet wrote it."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from followup_gui.domain import ImportFileError

MAX_BYTES = 20 * 1024 * 1024
#: More rows than this is not a job search (FollowUp's JSON takes 25,000 applications
#: too); counted while reading, so a huge table is refused before it is planned.
MAX_ROWS = 25_000


@dataclass(frozen=True)
class CsvTable:
    """A CSV file's header and rows (each row padded to the header's width)."""

    name: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]  # the file line each row starts on


def read_table(path: Path) -> CsvTable:
    """Read a CSV file (UTF-8 with or without BOM, else Windows-1252; , ; or tab).

    Raises:
        ImportFileError: it cannot be read, is empty or is not a table.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(path.name, f"cannot be read ({exc.strerror})") from exc
    if len(data) > MAX_BYTES:
        raise ImportFileError(path.name, "is larger than 20 MB; is it really a CSV file?")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if not text.strip():
        raise ImportFileError(path.name, "is empty")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:8192], delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        headers = tuple(h.strip() for h in next(reader))
        rows: list[tuple[str, ...]] = []
        lines: list[int] = []
        start = reader.line_num + 1
        for row in reader:
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(
                    f"{path.name} line {start}", f"the table has more than {MAX_ROWS:,} rows"
                )
            if len(row) > len(headers) and any(c.strip() for c in row[len(headers) :]):
                raise ImportFileError(
                    f"{path.name} line {start}", "has more cells than the header has columns"
                )
            rows.append(tuple((row + [""] * len(headers))[: len(headers)]))
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(f"{path.name} line {reader.line_num}", str(exc)) from exc
    return CsvTable(path.name, headers, tuple(rows), tuple(lines))
