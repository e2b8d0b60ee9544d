"""The campaign's sweep, in the project: at least 1,000 generated hostile files per
importer (JSON, CSV, vCard). Each one imports whole, or is refused with one line
naming the record and field and nothing changed; never a traceback (issue 24).

Files are made from the project's own sample files by a seeded random mix of the
shapes the campaign found: flipped and cut bytes, control characters and NUL,
commas and semicolons, huge numbers, dates at the ends of the years, unknown or
absurd zones, long values, repeated structures. ``FOLLOWUP_SWEEP`` sets how many
per importer (default 1,000), ``FOLLOWUP_SWEEP_SEED`` the seed; a failure names
the file's number, so the run can be repeated.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from followup_gui.domain.errors import ImportFileError
from followup_gui.storage import Database
from tests.reliability.importers import import_file, snapshot

pytestmark = pytest.mark.slow
FILES = int(os.environ.get("FOLLOWUP_SWEEP", "1000"))
SEED = int(os.environ.get("FOLLOWUP_SWEEP_SEED", "24"))
FIXTURES = Path(__file__).parents[1] / "fixtures"

TOKENS = [
    "\x00",
    "\x07",
    "\x1b[31m",
    "\u0085",
    "\ud800",
    "😀" * 100,
    "Acme, Inc.",
    "a;b;c",
    "\\",
    "\r\n",
    '"',
    "9" * 4301,
    "1899-12-31",
    "2201-01-01",
    "9999-12-31T24:00",
    "0000-01-01T00:00:00Z",
    "1900-01-01T00:30:00+05:00",
    "../../../etc/passwd",
    "Mars/Olympus_Mons",
    "x" * 70_000,
    "",
    "null",
    "-1",
    "=cmd|' /C calc'!A0",
]


def _any_token(rng: random.Random) -> str:
    return rng.choice(TOKENS)


def _mutate_value(value: Any, rng: random.Random) -> Any:
    """Replace one value somewhere inside ``value`` by a hostile one."""
    if isinstance(value, dict) and value and rng.random() < 0.8:
        key = rng.choice(list(value))
        return {**value, key: _mutate_value(value[key], rng)}
    if isinstance(value, list) and value and rng.random() < 0.8:
        i = rng.randrange(len(value))
        if rng.random() < 0.1:
            return value + [value[i]] * rng.randint(2, 3000)  # a repeated structure
        return [*value[:i], _mutate_value(value[i], rng), *value[i + 1 :]]
    return rng.choice(
        [
            _any_token(rng),
            10 ** rng.randint(1, 40),
            -(2**63),
            1e308,
            True,
            None,
            [],
            {},
            [[[[[]]]]],
            {"a": _any_token(rng)},
        ]
    )


def _mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    choice = rng.random()
    if choice < 0.3 and out:
        for _ in range(rng.randint(1, 8)):
            out[rng.randrange(len(out))] = rng.randrange(256)
    elif choice < 0.5 and out:
        del out[rng.randrange(len(out)) :]
    elif choice < 0.8:
        at = rng.randrange(len(out) + 1)
        out[at:at] = _any_token(rng).encode("utf-8", "surrogatepass")
    else:
        at = rng.randrange(len(out) + 1)
        out[at:at] = out[: rng.randint(1, 400)] * rng.randint(1, 50)
    return bytes(out)


def json_file(rng: random.Random) -> bytes:
    seed = json.loads((FIXTURES / "sample.json").read_text(encoding="utf-8"))
    if rng.random() < 0.75:
        text = json.dumps(_mutate_value(seed, rng), ensure_ascii=rng.random() < 0.5)
        return text.encode("utf-8", "surrogatepass")
    return _mutate_bytes(json.dumps(seed).encode(), rng)


def csv_file(rng: random.Random) -> bytes:
    seeds = sorted((FIXTURES / "csv").glob("*.csv"))
    data = rng.choice(seeds).read_bytes()
    if rng.random() < 0.6:
        lines = data.decode("utf-8", "replace").splitlines()
        row = rng.randrange(1, len(lines)) if len(lines) > 1 else 0
        cells = lines[row].split(",")
        cells[rng.randrange(len(cells))] = '"' + _any_token(rng).replace('"', '""') + '"'
        lines[row] = ",".join(cells)
        return "\n".join(lines).encode("utf-8", "surrogatepass")
    return _mutate_bytes(data, rng)


CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Whitfield\r\nN:Whitfield;Dana;;;\r\n"
    "ORG:Acme Robotics\r\nTITLE:Engineering Manager\r\nEMAIL:dana@acme.example\r\n"
    "TEL:+1 212 555 0100\r\nURL:https://acme.example\r\nNOTE:met at the fair\r\n"
    "ADR:;;1 Main St;Springfield;IL;62701;USA\r\nEND:VCARD\r\n"
)


def vcard_file(rng: random.Random) -> bytes:
    cards = CARD * rng.randint(1, 3)
    if rng.random() < 0.6:
        lines = cards.split("\r\n")
        row = rng.randrange(len(lines))
        name, _, _value = lines[row].partition(":")
        if rng.random() < 0.2:
            name = rng.choice(["ORG", "N", "FN", "PHOTO;ENCODING=b;TYPE=JPEG", "BDAY", "ADR"])
        lines[row] = f"{name}:{_any_token(rng)}"
        return "\r\n".join(lines).encode("utf-8", "surrogatepass")
    return _mutate_bytes(cards.encode(), rng)


MAKERS: dict[str, tuple[Callable[[random.Random], bytes], str]] = {
    "json": (json_file, "json"),
    "csv": (csv_file, "csv"),
    "vcard": (vcard_file, "vcf"),
}


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_a_thousand_hostile_files_each_import_whole_or_are_a_clear_message(
    tmp_path: Path, kind: str
) -> None:
    make, suffix = MAKERS[kind]
    rng = random.Random(f"{SEED}-{kind}")
    db = Database.open(tmp_path / "sweep.sqlite3")
    failures: list[str] = []
    accepted = refused = 0
    slowest = (0.0, -1)
    try:
        for number in range(FILES):
            path = tmp_path / f"hostile-{number}.{suffix}"
            path.write_bytes(make(rng))
            before = snapshot(db)
            start = time.perf_counter()
            try:
                import_file(db, path, kind)
                accepted += 1
            except ImportFileError as exc:
                refused += 1
                message = str(exc)
                if not message.strip() or "\n" in message or len(message) > 400:
                    failures.append(f"#{number}: not one short line: {message[:200]!r}")
                if snapshot(db) != before:
                    failures.append(f"#{number}: refused but the database changed")
            except Exception as exc:  # a traceback for the user
                failures.append(f"#{number}: {type(exc).__name__}: {str(exc)[:200]}")
            slowest = max(slowest, (time.perf_counter() - start, number))
            path.unlink()
    finally:
        db.close()
    print(
        f"{kind}: {accepted} accepted, {refused} refused, slowest #{slowest[1]} {slowest[0]:.2f}s"
    )
    assert not failures, "\n".join(failures[:10])
    assert accepted and refused, "the sweep must reach both outcomes to prove anything"
