"""Guard: PySide6 6.12.0 drops a reference to None on every void call (QT-NOTES).

On an affected build this loop aborts the interpreter (``none_dealloc``), so an
upgrade that brings the bug back fails loudly here.
"""

from __future__ import annotations

import subprocess
import sys

import PySide6

SCRIPT = """
import sys
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
w = QWidget()
before = sys.getrefcount(None)
for _ in range(before + 100):
    w.resize(10, 10)
after = sys.getrefcount(None)
print(before, after)
"""


def test_pinned_pyside_is_not_the_crashing_release() -> None:
    major, minor = (int(x) for x in PySide6.__version__.split(".")[:2])
    assert (major, minor) == (6, 11), PySide6.__version__


def test_void_calls_do_not_drain_none_refcount() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    before, after = (int(x) for x in proc.stdout.split())
    # Immortal or not, None must not have lost one reference per call.
    assert after >= before - 50
