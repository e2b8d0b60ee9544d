"""Files and folders FollowUp creates are the user's alone, whatever the umask.

- :func:`private_dir` creates a folder and every missing parent with mode 0700
  (``mkdir(parents=True)`` gives parents ``0777 & ~umask``: at umask 000 another
  user could rename the data folder away).
- :func:`write_private` replaces a file in one step, mode 0600, and never follows a
  symbolic link planted at the target: the new file is written beside it and renamed
  over the *link*, so what the link pointed to is left alone. It returns the path it
  wrote, as given (not where a link pointed).

Plain standard library: any layer may use it (like ``gc_tuning``).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

#: Mode of every file FollowUp writes.
FILE_MODE = 0o600
#: Mode of every folder FollowUp creates.
DIR_MODE = 0o700


def private_dir(folder: Path) -> Path:
    """Make ``folder`` (and any missing parent) with mode 0700; return it.

    A folder that exists already is left as it is (see :func:`tighten` for FollowUp's own).

    Raises:
        OSError: a folder cannot be created, or ``folder`` is a file.
    """
    folder = folder.expanduser()
    missing: list[Path] = []
    current = folder
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue
        os.chmod(path, DIR_MODE)  # mkdir's mode is masked by the umask; never widened
    if not folder.is_dir():
        raise FileExistsError(errno.EEXIST, "exists and is not a folder", str(folder))
    return folder


def tighten(folder: Path) -> None:
    """Take group and world access away from one of FollowUp's own folders, if the user owns it."""
    try:
        info = folder.lstat()
        mode = stat.S_IMODE(info.st_mode)
        if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and mode & 0o077:
            os.chmod(folder, mode & 0o700)
    except (OSError, AttributeError):  # no getuid on Windows
        pass


def write_private(path: Path, data: bytes) -> Path:
    """Replace ``path`` with ``data`` in one step (temp file, fsync, rename), mode 0600.

    A symbolic link at ``path`` is replaced by the file (what it pointed to is not
    touched); the folder must exist.

    Returns:
        The absolute path written (``path`` as given, not resolved).

    Raises:
        OSError: the folder cannot be written (nothing is left behind).
    """
    return write_private_with(path, lambda fh: fh.write(data))


def write_private_with(path: Path, fill: Callable[[BinaryIO], object]) -> Path:
    """Like :func:`write_private`, the content written by ``fill`` (a stream, any size).

    An exception ``fill`` raises (a cancel) leaves no file behind and ``path``
    untouched.
    """
    path = Path(os.path.abspath(path.expanduser()))
    # mkstemp creates the file 0600 whatever the umask.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fill(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if exc.filename is None:  # a full disk says so without a name: add it
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def place_private(tmp: Path, path: Path) -> Path:
    """Move the finished file ``tmp`` over ``path`` (a link there is replaced, not followed).

    Returns:
        The absolute path written.
    """
    path = Path(os.path.abspath(path.expanduser()))
    os.chmod(tmp, FILE_MODE)
    os.replace(tmp, path)
    return path
