"""``python -m bench.scaling``: the whole bench at several N, and how each figure grows.

Runs :func:`bench.__main__.run` once per N (default 200, 2,000 and 20,000; each
in its own run, every figure with its floor measured in that run), then prints
one table: every figure at each N and the ratio of the largest N to 2,000, and
the targets of the scaling round:

- an interaction that touches a bounded amount of data (a card move, a filter
  keystroke, the details dialog opened and closed, a contact saved, the agenda
  and timeline opened, a tab switch) at the largest N within 1.5x of its
  N = 2,000 figure: its cost follows what is on screen, not what is stored;
- the card move p95 within 2x of the move floor, at every N;
- the board painted with its cards within 1.5x of the first-paint floor at
  N = 2,000 and 3x at N = 20,000;
- peak RSS at N = 20,000 within the floor + 150 MiB.

It also draws the curves (log-log, value over its N = 2,000 value) into a PNG
with ``QPainter`` (``--plot``, default ``bench/scaling.png``). The full curve
at N = 20,000 takes a while (about 15 minutes on 2 cores); ``--n 200,2000``
is a quick look.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

#: Interactions whose cost must follow what is on screen, not what is stored.
BOUNDED = (
    "move_p95",
    "filter_p95",
    "details_open",
    "details_close",
    "contact_save",
    "agenda",
    "timeline",
    "tab_open_agenda",
    "tab_open_contacts",
    "tab_open_insights",
)
#: How much a bounded interaction may grow from N = 2,000 to the largest N.
GROWTH = 1.5
REFERENCE = 2000


@dataclass(frozen=True)
class Row:
    """One figure across the runs."""

    key: str
    label: str
    values: dict[int, float]
    shown: dict[int, str]


def collect(results: dict[int, dict[str, object]]) -> list[Row]:
    """The figures of every run, by key, in the order of the first run."""
    rows: dict[str, Row] = {}
    for n, doc in sorted(results.items()):
        for fig in doc["figures"]:  # type: ignore[attr-defined]
            key = str(fig["key"])
            label = str(fig["label"]).replace(f"N={n}", "N").replace(f"{n} cards", "N cards")
            row = rows.setdefault(key, Row(key, label, {}, {}))
            row.values[n] = float(fig["value"])
            row.shown[n] = str(fig["shown"])
    return list(rows.values())


def verdicts(rows: list[Row], ns: list[int]) -> list[tuple[str, bool]]:
    """The scaling targets, each with whether it is met."""
    by_key = {r.key: r for r in rows}
    top = max(ns)
    out: list[tuple[str, bool]] = []
    if REFERENCE in ns and top > REFERENCE:
        for key in BOUNDED:
            row = by_key.get(key)
            if row and REFERENCE in row.values and top in row.values:
                growth = row.values[top] / row.values[REFERENCE]
                out.append(
                    (
                        f"{row.label}: N={top} / N={REFERENCE} = {growth:.2f}x <= {GROWTH}x",
                        growth <= GROWTH,
                    )
                )
    for n in ns:
        move, floor = by_key.get("move_p95"), by_key.get("move_floor_p95")
        if move and floor and n in move.values and n in floor.values:
            ratio = move.values[n] / floor.values[n]
            out.append((f"Card move p95 / move floor p95 at N={n}: {ratio:.2f}x <= 2x", ratio <= 2))
        board = by_key.get("board_n")
        limit = {REFERENCE: 1.5, 20000: 3.0}.get(n)
        if board and limit and n in board.values:
            ratio = board.values[n]
            out.append(
                (
                    f"Board painted with cards at N={n}: {ratio:.2f}x floor <= {limit}x",
                    ratio <= limit,
                )
            )
    rss, floor_rss = by_key.get("rss_n"), by_key.get("rss_floor")
    if rss and floor_rss and 20000 in rss.values:
        extra = rss.values[20000] - floor_rss.values[20000]
        out.append(
            (f"Peak RSS at N=20000: floor + {extra:.0f} MiB <= floor + 150 MiB", extra <= 150)
        )
    return out


def table(rows: list[Row], ns: list[int]) -> str:
    """Markdown: each figure at each N, and its growth from N = 2,000 to the largest N."""
    top = max(ns)
    head = ["Figure", *(f"N={n:,}" for n in ns)]
    growth = REFERENCE in ns and top > REFERENCE
    if growth:
        head.append(f"{top:,} / {REFERENCE:,}")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        cells = [row.label, *(row.shown.get(n, "—") for n in ns)]
        if growth:
            a, b = row.values.get(REFERENCE), row.values.get(top)
            cells.append(f"{b / a:.2f}x" if a and b else "—")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def plot(rows: list[Row], ns: list[int], path: Path) -> None:
    """The bounded interactions' curves, value over its N = 2,000 value, log-log."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QPainter, QPen
    from PySide6.QtWidgets import QApplication

    _app = QApplication.instance() or QApplication([])
    base = REFERENCE if REFERENCE in ns else min(ns)
    keys = [r for r in rows if r.key in BOUNDED and base in r.values]
    width, height, margin = 900, 520, 60
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    lo_n, hi_n = math.log10(min(ns)), math.log10(max(ns))
    lo_y, hi_y = math.log10(0.25), math.log10(16)

    def at(n: int, ratio: float) -> QPointF:
        x = margin + (math.log10(n) - lo_n) / max(hi_n - lo_n, 1e-9) * (width - 2 * margin - 220)
        y = min(max(math.log10(max(ratio, 1e-9)), lo_y), hi_y)
        return QPointF(x, height - margin - (y - lo_y) / (hi_y - lo_y) * (height - 2 * margin))

    p.setPen(QPen(QColor("#888"), 1))
    for ratio in (0.25, 0.5, 1, 1.5, 2, 4, 8, 16):
        a, b = at(min(ns), ratio), at(max(ns), ratio)
        p.drawLine(a, b)
        p.drawText(QRectF(4, a.y() - 8, margin - 8, 16), Qt.AlignmentFlag.AlignRight, f"{ratio:g}x")
    for n in ns:
        pt = at(n, 0.25)
        p.drawText(
            QRectF(pt.x() - 40, height - margin + 6, 80, 16),
            Qt.AlignmentFlag.AlignCenter,
            f"N={n:,}",
        )
    colours = [
        "#1b6ac9",
        "#c0392b",
        "#27ae60",
        "#8e44ad",
        "#d35400",
        "#16a085",
        "#2c3e50",
        "#b7950b",
        "#7f8c8d",
        "#e84393",
    ]
    for i, row in enumerate(keys):
        colour = QColor(colours[i % len(colours)])
        p.setPen(QPen(colour, 2))
        points = [at(n, row.values[n] / row.values[base]) for n in ns if n in row.values]
        for a, b in itertools.pairwise(points):
            p.drawLine(a, b)
        p.drawText(
            QRectF(width - 250, margin + 18 * i, 240, 16),
            Qt.AlignmentFlag.AlignLeft,
            row.label[:38],
        )
        p.fillRect(QRectF(width - 266, margin + 18 * i + 4, 10, 10), colour)
    p.setPen(QPen(QColor("black"), 1))
    p.drawText(
        QRectF(margin, 10, width - 2 * margin, 20),
        Qt.AlignmentFlag.AlignLeft,
        f"Each interaction's time over its N={base:,} time (target: <= {GROWTH}x)",
    )
    p.end()
    image.save(str(path))


def main(argv: list[str] | None = None) -> int:
    """Run the bench at each N, print the table and the targets, draw the plot."""
    from bench.__main__ import run

    parser = argparse.ArgumentParser(prog="python -m bench.scaling", description=__doc__)
    parser.add_argument("--n", default="200,2000,20000", help="comma-separated Ns")
    parser.add_argument("--runs", type=int, default=3, help="start-up runs per case")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("scaling.json"))
    parser.add_argument("--plot", type=Path, default=Path(__file__).with_name("scaling.png"))
    args = parser.parse_args(argv)
    ns = sorted({int(x) for x in args.n.split(",") if x.strip()})
    results: dict[int, dict[str, object]] = {}
    for n in ns:
        print(f"== N = {n:,}", file=sys.stderr)
        out = args.out.with_name(f"results-{n}.json")
        run(n, args.runs, out)
        results[n] = json.loads(out.read_text())
    rows = collect(results)
    print(table(rows, ns))
    print()
    for text, met in verdicts(rows, ns):
        print(f"- {'met' if met else 'NOT MET'}: {text}")
    args.out.write_text(json.dumps({str(n): doc for n, doc in results.items()}, indent=1) + "\n")
    plot(rows, ns, args.plot)
    print(f"Wrote {args.out} and {args.plot}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
