"""Render the FollowUp SVG icon into a hicolor icon theme tree.

Uses PySide6's QtSvg (already a dependency of the app), so building needs no
extra system tool such as rsvg-convert or Inkscape.

Usage:
    python packaging/render_icons.py SVG OUTDIR [--sizes 16,24,...]

Writes OUTDIR/hicolor/<N>x<N>/apps/<name>.png for every size and copies the SVG
to OUTDIR/hicolor/scalable/apps/<name>.svg, where <name> is the SVG's stem
(the app id, e.g. ``org.followup.FollowUp``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

DEFAULT_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(svg: Path, outdir: Path, sizes: tuple[int, ...] = DEFAULT_SIZES) -> list[Path]:
    """Render ``svg`` at each size; return the files written."""
    # No display is needed (or wanted) to rasterise an SVG.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: not a valid SVG: {svg}")

    name = svg.stem
    written: list[Path] = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        target = outdir / "hicolor" / f"{size}x{size}" / "apps" / f"{name}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target), "PNG"):
            raise SystemExit(f"render_icons: could not write {target}")
        written.append(target)

    scalable = outdir / "hicolor" / "scalable" / "apps" / f"{name}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(svg, scalable)
    written.append(scalable)
    del app
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("svg", type=Path)
    parser.add_argument("outdir", type=Path)
    parser.add_argument(
        "--sizes",
        default=",".join(str(s) for s in DEFAULT_SIZES),
        help="comma-separated pixel sizes (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    sizes = tuple(int(s) for s in args.sizes.split(",") if s.strip())
    for path in render(args.svg, args.outdir, sizes):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
