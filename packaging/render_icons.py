"""Render the FollowUp SVG icon into a hicolor icon theme tree.

Uses PySide6's QtSvg (already a dependency of the app), so building needs no
extra system tool such as rsvg-convert or Inkscape.

Usage:
    python packaging/render_icons.py SVG OUTDIR [--sizes 16,24,...] [--ico F] [--icns F]

Writes OUTDIR/hicolor/<N>x<N>/apps/<name>.png for every size and copies the SVG
to OUTDIR/hicolor/scalable/apps/<name>.svg, where <name> is the SVG's stem
(the app id, e.g. ``org.followup.FollowUp``). ``--ico`` and ``--icns`` also write
a 256 px Windows icon and a 512 px macOS icon for the specs on those systems.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

DEFAULT_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(
    svg: Path,
    outdir: Path,
    sizes: tuple[int, ...] = DEFAULT_SIZES,
    ico: Path | None = None,
    icns: Path | None = None,
) -> list[Path]:
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

    def save(size: int, target: Path, fmt: str) -> Path:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        target.parent.mkdir(parents=True, exist_ok=True)
        # ICO and ICNS are written by Qt's own image format plugins.
        if not image.save(str(target), fmt):
            raise SystemExit(f"render_icons: could not write {target}")
        return target

    name = svg.stem
    written = [
        save(size, outdir / "hicolor" / f"{size}x{size}" / "apps" / f"{name}.png", "PNG")
        for size in sizes
    ]
    if ico is not None:
        written.append(save(256, ico, "ICO"))
    if icns is not None:
        written.append(save(512, icns, "ICNS"))

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
    parser.add_argument("--ico", type=Path, help="also write a Windows .ico here")
    parser.add_argument("--icns", type=Path, help="also write a macOS .icns here")
    args = parser.parse_args(argv)
    sizes = tuple(int(s) for s in args.sizes.split(",") if s.strip())
    for path in render(args.svg, args.outdir, sizes, args.ico, args.icns):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
