"""The one table ``make bench`` prints, and the JSON it writes."""

from __future__ import annotations

import json
import os
import platform
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    """One line of the table: what, how much, the target, and whether it is met."""

    key: str
    label: str
    value: float
    shown: str
    target: str
    met: bool | None  # None: reported for context, no target of its own


def machine() -> dict[str, str]:
    """Where the figures came from."""
    import PySide6
    import sqlalchemy

    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "qt": PySide6.QtCore.qVersion(),
        "pyside6": PySide6.__version__,
        "sqlalchemy": sqlalchemy.__version__,
        "platform": platform.platform(),
        "qpa": os.environ.get("QT_QPA_PLATFORM", ""),
    }


def table(figures: list[Figure]) -> str:
    """A Markdown table (readable in a terminal, pasteable in the README)."""
    rows = [("Figure", "Measured", "Target", "")]
    for f in figures:
        verdict = "—" if f.met is None else ("met" if f.met else "NOT MET")
        rows.append((f.label, f.shown, f.target, verdict))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = []
    for n, row in enumerate(rows):
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if n == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def write_json(path: Path, figures: list[Figure], extra: dict[str, object]) -> None:
    """Every figure with its raw value, the machine, and the run's parameters."""
    doc = {"machine": machine(), **extra, "figures": [asdict(f) for f in figures]}
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
