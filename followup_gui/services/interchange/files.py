"""Writing the user's files: atomically (temp file, fsync, rename) and private (0600).

Every export (JSON, CSV, vCard, calendar) goes through here, so a crash never
leaves a half-written file under the real name, no other user can read it, and a
symbolic link planted at the target is replaced, never followed
(:mod:`followup_gui.private_files`).
"""

from __future__ import annotations

from followup_gui.private_files import write_private

__all__ = ["write_private"]
