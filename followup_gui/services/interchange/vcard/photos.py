"""A vCard photo over the cap is scaled down and kept, not refused.

Address books export phone-camera photos of many megabytes. A photo up to
:data:`MAX_PHOTO_BYTES` is stored as it is (never decoded). A bigger one is
decoded with Qt (in the import's own thread: :class:`QImage` needs no event
loop) at most :data:`MAX_PHOTO_SIDE` pixels on its longest side and stored as
JPEG, so the stored photo is under the cap. What is refused: data that is not
an image Qt reads, and an image whose header promises more than
:data:`MAX_PHOTO_PIXELS` pixels (read before decoding, so a tiny file claiming
100,000 x 100,000 pixels never allocates gigabytes).

Memory: the reader is asked for the smaller size (JPEG decodes straight to it),
and Qt's own allocation limit stays in force, so one photo costs at most a few
hundred megabytes for a moment, and the import's peak stays bounded.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QImage, QImageReader, QPainter

from followup_gui.domain.errors import ImportFileError

#: A stored photo is at most this big; a bigger one is scaled down to fit.
MAX_PHOTO_BYTES = 5 * 1024 * 1024
#: The longest side of a scaled-down photo (plenty for a contact's picture).
MAX_PHOTO_SIDE = 2000
#: More pixels than this is not a photo (a 48 MP camera's is 8,000 x 6,000): refused
#: before decoding.
MAX_PHOTO_PIXELS = 50_000_000


def fit_photo(where: str, photo: bytes, suffix: str) -> tuple[bytes, str]:
    """``photo`` and its file suffix, scaled down to JPEG when it is over the cap.

    Args:
        where: how an error names the card and line.
        photo: the decoded bytes of the embedded photo.
        suffix: the suffix its vCard declares (``.png``...), kept for a small photo.

    Returns:
        ``(photo, suffix)`` unchanged when it is at most :data:`MAX_PHOTO_BYTES`;
        else a JPEG of at most :data:`MAX_PHOTO_SIDE` pixels a side and ``".jpg"``.

    Raises:
        ImportFileError: the big photo is not an image, or has absurd dimensions.
    """
    if len(photo) <= MAX_PHOTO_BYTES:
        return photo, suffix
    data = QByteArray(photo)
    del photo  # the caller's copy is the only other one
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    size = reader.size()
    if not size.isValid() or size.isEmpty():
        raise ImportFileError(where, "the photo is not an image FollowUp can read")
    pixels = size.width() * size.height()
    if pixels > MAX_PHOTO_PIXELS:
        raise ImportFileError(
            where,
            f"the photo is {size.width():,} x {size.height():,} pixels "
            f"(at most {MAX_PHOTO_PIXELS // 1_000_000} million); make it smaller and try again",
        )
    longest = max(size.width(), size.height())
    if longest > MAX_PHOTO_SIDE:
        scale = MAX_PHOTO_SIDE / longest
        reader.setScaledSize(
            QSize(max(1, round(size.width() * scale)), max(1, round(size.height() * scale)))
        )
    image = reader.read()
    if image.isNull():
        raise ImportFileError(
            where, f"the photo is not an image FollowUp can read ({reader.errorString()})"
        )
    return _as_jpeg(where, image), ".jpg"


def _as_jpeg(where: str, image: QImage) -> bytes:
    """``image`` as JPEG under the cap (lower quality until it fits)."""
    if image.hasAlphaChannel():  # JPEG has none: flatten on white, not black
        flat = QImage(image.size(), QImage.Format.Format_RGB32)
        flat.fill(0xFFFFFFFF)
        painter = QPainter(flat)
        painter.drawImage(0, 0, image)
        painter.end()
        image = flat
    for quality in (90, 75, 60, 40):
        out = QByteArray()
        buffer = QBuffer(out)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        # The stubs say bytes; PySide6 takes only str here at run time.
        if not image.save(buffer, "JPEG", quality):  # type: ignore[call-overload]
            break
        if out.size() <= MAX_PHOTO_BYTES:
            return bytes(out.data())
    raise ImportFileError(where, "the photo could not be made smaller than the cap")
