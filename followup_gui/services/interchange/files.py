"""Writing the user's files: atomically (temp file, fsync, rename) and private (0600).

Every export (JSON, CSV, vCard, calendar) goes through here, so a crash never
leaves a half-written file under the real name and no other user can read it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_private(path: Path, data: bytes) -> Path:
    """Replace ``path`` with ``data`` in one step, mode 0600.

    Returns:
        The absolute path written.

    Raises:
        OSError: the folder cannot be written (nothing is left behind).
    """
    path = path.expanduser().resolve()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
