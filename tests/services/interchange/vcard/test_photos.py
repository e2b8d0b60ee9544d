"""A vCard photo over the 5 MB cap is scaled down and kept; non-images and absurd ones: refused."""

from __future__ import annotations

import base64
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage

from followup_gui.domain.errors import ImportFileError
from followup_gui.services.interchange.vcard.importing import import_vcards
from followup_gui.services.interchange.vcard.photos import MAX_PHOTO_BYTES, MAX_PHOTO_SIDE
from followup_gui.storage import Database


def noise_png(width: int, height: int) -> bytes:
    """A PNG of random pixels: it does not compress, so it is big."""
    pixels = os.urandom(width * height * 4)
    image = QImage(pixels, width, height, width * 4, QImage.Format.Format_RGB32).copy()
    out = QByteArray()
    buffer = QBuffer(out)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")
    return out.data()


def png_header_only(width: int, height: int, size: int) -> bytes:
    """A PNG signature and a valid header claiming ``width`` x ``height``, padded to ``size``."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    head = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk
    head += struct.pack(">I", zlib.crc32(chunk))
    body = b"\0" * (size - len(head) - 12)  # one IDAT chunk of junk: never decoded
    return head + struct.pack(">I", len(body)) + b"IDAT" + body + struct.pack(">I", 0)


def vcard_with(photo: bytes, kind: str = "PNG") -> str:
    payload = base64.b64encode(photo).decode()
    folded = "\r\n ".join(payload[i : i + 74] for i in range(0, len(payload), 74))
    return (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\n"
        f"PHOTO;ENCODING=b;TYPE={kind}:{folded}\r\nEND:VCARD\r\n"
    )


def write(folder: Path, text: str) -> Path:
    path = folder / "photo.vcf"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_photo_over_the_cap_is_scaled_down_and_kept(db: Database, tmp_path: Path) -> None:
    photo = noise_png(3000, 1200)
    assert len(photo) > MAX_PHOTO_BYTES  # the case the campaign's address books have
    report = import_vcards(db, write(tmp_path, vcard_with(photo)), tmp_path, "US")
    stored = Path(report.value[0].card_image)
    assert stored.suffix == ".jpg" and stored.stat().st_size <= MAX_PHOTO_BYTES
    image = QImage(str(stored))
    assert (image.width(), image.height()) == (MAX_PHOTO_SIDE, 800)  # aspect kept


def test_a_photo_under_the_cap_is_kept_as_it_is(db: Database, tmp_path: Path) -> None:
    photo = noise_png(400, 300)
    report = import_vcards(db, write(tmp_path, vcard_with(photo)), tmp_path, "US")
    assert Path(report.value[0].card_image).read_bytes() == photo


@pytest.mark.parametrize(
    ("photo", "expect"),
    [
        (os.urandom(MAX_PHOTO_BYTES + 1024), "not an image FollowUp can read"),
        (png_header_only(60_000, 60_000, MAX_PHOTO_BYTES + 1024), "60,000 x 60,000 pixels"),
    ],
    ids=["not-an-image", "absurd-dimensions"],
)
def test_a_big_photo_that_is_no_photo_refuses_the_file(
    db: Database, tmp_path: Path, photo: bytes, expect: str
) -> None:
    with pytest.raises(ImportFileError) as caught:
        import_vcards(db, write(tmp_path, vcard_with(photo)), tmp_path, "US")
    message = str(caught.value)
    assert expect in message and "card 1 (Ann Lee), line 4" in message
    assert "\n" not in message
    assert not (tmp_path / "cards").exists() or not any((tmp_path / "cards").iterdir())


# VmHWM, not ru_maxrss: the latter keeps the forked test process's own peak across exec.
CHILD = """
import re, sys
from pathlib import Path
from followup_gui.services.interchange.vcard.importing import import_vcards
from followup_gui.storage import Database
path = Path(sys.argv[1])
db = Database.open(path.parent / "t.sqlite3")
report = import_vcards(db, path, path.parent, "US")
status = Path("/proc/self/status").read_text()
print(len(report.value), int(re.search(r"VmHWM:\\s*(\\d+)", status).group(1)) // 1024)
"""


def test_a_60_mb_vcard_of_one_photo_imports_within_500_mb_of_memory(tmp_path: Path) -> None:
    photo = noise_png(4400, 3400)  # ~45 MB of PNG, 15 million pixels (the campaign: 8.9 GB)
    path = write(tmp_path, vcard_with(photo))
    assert path.stat().st_size > 58 * 1024 * 1024
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    added, peak_mb = map(int, done.stdout.split())
    assert added == 1 and peak_mb < 500, f"peak {peak_mb} MB"
