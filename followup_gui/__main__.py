"""``python -m followup_gui``."""

from __future__ import annotations

import sys

from followup_gui.app import main

sys.exit(main())
