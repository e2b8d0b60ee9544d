"""Photos of business cards, kept in the data folder under names made from their content."""

from __future__ import annotations

import hashlib
from pathlib import Path

from followup_gui.private_files import private_dir, write_private

#: The folder of ``<data folder>`` that holds the card pictures.
CARDS_FOLDER = "cards"


def store_card_image(source: Path, data_dir: Path) -> str:
    """Copy a photo of a business card into ``<data_dir>/cards/``.

    The copy is named after its content, so the same picture is stored once.

    Returns:
        The stored file's absolute path.

    Raises:
        OSError: the picture cannot be read or the copy cannot be written.
    """
    return store_card_bytes(source.read_bytes(), source.suffix, data_dir)


def store_card_bytes(content: bytes, suffix: str, data_dir: Path) -> str:
    """Store picture bytes in ``<data_dir>/cards/`` named by their hash; return the path.

    The same picture already kept under another suffix (``.jpeg`` / ``.jpg``) is
    not stored again: its path is returned.
    """
    folder = private_dir(data_dir / CARDS_FOLDER)
    digest = hashlib.sha256(content).hexdigest()[:32]
    for kept in sorted(folder.glob(f"{digest}.*")):
        if kept.is_file() and not kept.is_symlink() and kept.read_bytes() == content:
            return str(kept)
    target = folder / f"{digest}{suffix.lower() or '.img'}"
    if not target.is_file() or target.is_symlink():
        write_private(target, content)  # 0600 at any umask; a planted link is replaced
    return str(target)
