"""Frozen entry point: what PyInstaller runs as ``followup-gui``.

It does exactly what the ``followup-gui`` console script does, so the bundle and
the virtualenv behave the same.
"""

from __future__ import annotations

from followup_gui.app import main

if __name__ == "__main__":
    raise SystemExit(main())
