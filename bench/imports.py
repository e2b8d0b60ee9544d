"""Peak memory and time of the largest file each importer accepts (issue 24).

Each import runs in its own process (``python -m bench.imports KIND DB FILE``),
which prints its peak resident memory (``VmHWM``) at the end. The files:

- **JSON**: FollowUp's own export of ``apps`` generated applications (20,000 by
  default, a very long search: about 220 MB), read as a stream;
- **CSV**: a table at the CSV caps (25,000 rows, 20 MB), one application per row;
- **vCard**: a file just under the vCard cap (64 MB): cards with 5 MB photos.

Targets: at most 500 MiB and 60 s each.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

from bench.report import Figure

PEAK_MIB = 500
SECONDS = 60


def _json_file(folder: Path, apps: int, now: datetime) -> Path:
    from followup_gui.demo.scale import fill_scaled
    from followup_gui.services.interchange.json.backup import export_json
    from followup_gui.storage import Database

    db = Database.open(folder / "source.sqlite3")
    try:
        fill_scaled(db, apps, now=now)
        path = folder / "largest.json"
        export_json(db, path)
    finally:
        db.close()
    return path


def _csv_file(folder: Path) -> Path:
    from followup_gui.services.interchange.csv.table import MAX_BYTES, MAX_ROWS

    path = folder / "largest.csv"
    row = "Company {i},Engineer,Berlin,https://example.com/jobs/{i},2026-10-{d:02d},Europe/Berlin,"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Company,Role,Location,Job Link,Date Applied,Time zone,Notes\n")
        i = 0
        while fh.tell() < MAX_BYTES - 4096 and i < MAX_ROWS:
            fh.write(row.format(i=i, d=1 + i % 28) + "n" * 700 + "\n")
            i += 1
    return path


def _vcard_file(folder: Path) -> Path:
    from followup_gui.services.interchange.vcard.cards import MAX_FILE_BYTES, MAX_PHOTO_BYTES

    photo = base64.b64encode(b"\xff\xd8\xff" + os.urandom(MAX_PHOTO_BYTES - 3)).decode()
    folded = "\r\n ".join(photo[i : i + 74] for i in range(0, len(photo), 74))
    path = folder / "largest.vcf"
    with path.open("w", encoding="utf-8", newline="") as fh:
        i = 0
        card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nORG:Acme, Inc.\r\n"
        while fh.tell() + len(folded) + 200 < MAX_FILE_BYTES:
            fh.write(card.format(i=i) + f"PHOTO;ENCODING=b;TYPE=JPEG:{folded}\r\nEND:VCARD\r\n")
            i += 1
    return path


def measure(kind: str, path: Path, folder: Path) -> tuple[float, float]:
    """Import ``path`` in a fresh process into an empty database; (peak MiB, seconds)."""
    db = folder / f"empty-{kind}.sqlite3"
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bench.imports", kind, str(db), str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"the {kind} import of {path.name} failed: {done.stderr[-500:]}")
    return float(done.stdout.split()[-1]) / 1024, seconds


def _peak_kib() -> float:
    """This process's peak resident memory since it started (KiB).

    ``VmHWM`` belongs to the process's own memory map: unlike ``ru_maxrss`` (kept
    across ``exec`` on Linux) it does not count the parent it was forked from.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return float(line.split()[1])
    except OSError:
        pass
    import resource

    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def import_peaks(folder: Path, now: datetime, apps: int = 20_000) -> list[Figure]:
    """The three importers at their largest accepted file, as table lines."""
    figures = []
    for kind, make in (
        ("json", lambda: _json_file(folder, apps, now)),
        ("csv", lambda: _csv_file(folder)),
        ("vcard", lambda: _vcard_file(folder)),
    ):
        print(f"Largest {kind} import…", file=sys.stderr)
        path = make()
        mib, seconds = measure(kind, path, folder)
        size = path.stat().st_size / 2**20
        path.unlink()
        figures.append(
            Figure(
                f"import_peak_{kind}",
                f"Largest accepted {kind} import ({size:.0f} MB): peak memory, time",
                mib,
                f"{mib:.0f} MiB, {seconds:.1f} s",
                f"<= {PEAK_MIB} MiB, <= {SECONDS} s",
                mib <= PEAK_MIB and seconds <= SECONDS,
            )
        )
    return figures


def _child(kind: str, db_path: Path, path: Path) -> None:
    from followup_gui.scheduling import PlannerSettings
    from followup_gui.storage import Database

    now = datetime.now(UTC)
    db = Database.open(db_path)
    try:
        if kind == "json":
            from followup_gui.services.interchange.json.backup import import_json

            import_json(db, path, now, PlannerSettings())
        elif kind == "csv":
            from followup_gui.services.interchange.csv import presets as cp
            from followup_gui.services.interchange.csv.importing import import_csv, load_context
            from followup_gui.services.interchange.csv.table import read_table

            table = read_table(path)
            chosen = cp.detect_preset(table.headers)
            mapping = cp.auto_mapping(table.headers, chosen)
            context = load_context(db, "Europe/Berlin", "balanced", date.today())
            import_csv(db, table, mapping, chosen, now, PlannerSettings(), context)
        else:
            from followup_gui.services.interchange.vcard.importing import import_vcards

            import_vcards(db, path, db_path.parent / "data", "US")
    finally:
        db.close()


if __name__ == "__main__":
    _child(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))
    print(_peak_kib())
