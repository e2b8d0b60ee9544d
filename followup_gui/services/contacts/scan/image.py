"""Find a business card in a photo and straighten it, with Qt's image operations only.

Why Qt and not OpenCV: measured on this project's machine, ``opencv-python-headless``
with the ``numpy`` it needs adds about 250 MB to the install (the whole of Qt that
FollowUp ships is 234 MB), and it reads no better: on the bench's photographed
cards this module gives 98.6% exact fields, an OpenCV version (Canny edges, the
largest four-cornered contour, ``warpPerspective``; ``bench/scan_opencv.py``)
95.7%, and the photo left as taken 31.4%. OpenCV is faster at this step (about
120 against 180 ms for a 3 MP photo), which Tesseract's second or so dwarfs. A
card on a table is the brightest large region of the photo, and its four corners
are the extremes of that region along the two diagonals; ``QTransform.quadToQuad``
and a painter do the perspective warp. Everything here is a pure function of the
picture.

The photo is never changed: the straightened card is a new image.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QSize
from PySide6.QtGui import QImage, QImageReader, QPainter, QPolygonF, QTransform

from followup_gui.domain.errors import FollowUpError

#: Larger files are refused unread: no phone writes a photo of a card this big.
MAX_FILE_BYTES = 40 * 1024 * 1024
#: Larger pictures are refused before they are decoded (a 12 MP phone photo is fine).
MAX_PIXELS = 60_000_000
#: The width the card is found at (a few tens of thousands of pixels: quick in Python).
DETECT_WIDTH = 320
#: The widest the straightened card is made (about 450 dpi for a 3.5-inch card).
CARD_WIDTH = 1600


class ScanError(FollowUpError):
    """The picture cannot be scanned; the message says why, in the user's words."""


@dataclass(frozen=True, slots=True)
class Quad:
    """A card's corners in the photo's pixels: top-left, top-right, bottom-right, bottom-left."""

    points: tuple[
        tuple[float, float], tuple[float, float], tuple[float, float], tuple[float, float]
    ]

    def polygon(self) -> QPolygonF:
        """The corners as a Qt polygon."""
        return QPolygonF([QPointF(x, y) for x, y in self.points])

    def size(self) -> tuple[float, float]:
        """The card's width and height (the mean of opposite edges)."""
        (ax, ay), (bx, by), (cx, cy), (dx, dy) = self.points

        def dist(x1: float, y1: float, x2: float, y2: float) -> float:
            return float(((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5)

        width = (dist(ax, ay, bx, by) + dist(dx, dy, cx, cy)) / 2
        height = (dist(ax, ay, dx, dy) + dist(bx, by, cx, cy)) / 2
        return width, height


def load_image(path: Path) -> QImage:
    """Read a photo, refusing what is not a readable, whole picture of sensible size.

    Raises:
        ScanError: the file is missing, too big, not a picture, or cut short.
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ScanError(f"{path}: {exc.strerror or 'cannot be read'}") from None
    if size > MAX_FILE_BYTES:
        raise ScanError(
            f"{path} is {size // (1024 * 1024)} MB: too big for a photo of a card "
            f"(at most {MAX_FILE_BYTES // (1024 * 1024)} MB)"
        )
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise ScanError(f"{path}: {exc.strerror or 'cannot be read'}") from None
    return image_from_bytes(content, str(path))


def image_from_bytes(content: bytes, name: str) -> QImage:
    """Decode picture bytes (``name`` says where they came from in messages).

    Raises:
        ScanError: not a picture, cut short, or too many pixels.
    """
    if content[:2] == b"\xff\xd8" and b"\xff\xd9" not in content[-64:]:
        # libjpeg would fill the missing part with grey and only warn.
        raise ScanError(f"{name} is a JPEG that is cut short (the file is incomplete)")
    data = QByteArray(content)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    if not reader.canRead():
        raise ScanError(f"{name} is not a picture FollowUp can read (JPEG, PNG, BMP, WebP…)")
    dims = reader.size()
    if dims.isValid() and dims.width() * dims.height() > MAX_PIXELS:
        raise ScanError(
            f"{name} is {dims.width()}×{dims.height()} pixels: too big "
            f"(at most {MAX_PIXELS // 1_000_000} megapixels)"
        )
    reader.setAutoTransform(True)  # a phone's portrait photo stands upright
    image = reader.read()
    if image.isNull():
        raise ScanError(f"{name} cannot be read as a picture: {reader.errorString()}")
    return image


def _gray_bytes(image: QImage) -> tuple[bytes, int, int]:
    """The picture as 8-bit grey values, row after row, with its width and height."""
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    w, h, stride = gray.width(), gray.height(), gray.bytesPerLine()
    raw = bytes(gray.constBits())
    if stride == w:
        return raw[: w * h], w, h
    return b"".join(raw[y * stride : y * stride + w] for y in range(h)), w, h


def _otsu(pixels: bytes) -> int:
    """The grey level that best splits the picture in two (Otsu's method)."""
    hist = [0] * 256
    for value in pixels:
        hist[value] += 1
    total = len(pixels)
    sum_all = sum(i * n for i, n in enumerate(hist))
    best, best_t, weight, sum_b = -1.0, 128, 0, 0
    for t in range(256):
        weight += hist[t]
        if weight == 0 or weight == total:
            continue
        sum_b += t * hist[t]
        mean_b = sum_b / weight
        mean_f = (sum_all - sum_b) / (total - weight)
        between = weight * (total - weight) * (mean_b - mean_f) ** 2
        if between > best:
            best, best_t = between, t
    return best_t


def _largest_region(mask: bytearray, w: int, h: int) -> list[int]:
    """The pixel indexes of the largest 4-connected region of set pixels in ``mask``."""
    seen = bytearray(len(mask))
    best: list[int] = []
    for start in range(len(mask)):
        if not mask[start] or seen[start]:
            continue
        region = [start]
        seen[start] = 1
        queue = deque((start,))
        while queue:
            i = queue.popleft()
            x = i % w
            for j in (
                i - w if i >= w else -1,
                i + w if i + w < len(mask) else -1,
                i - 1 if x > 0 else -1,
                i + 1 if x + 1 < w else -1,
            ):
                if j >= 0 and mask[j] and not seen[j]:
                    seen[j] = 1
                    region.append(j)
                    queue.append(j)
        if len(region) > len(best):
            best = region
    return best


def find_card(image: QImage) -> Quad | None:
    """Where the card is in a photo: its corners, or None when the picture is the card itself.

    The card is taken as the largest bright region (Otsu threshold), when it
    covers between 8% and 92% of the photo; its corners are that region's
    extremes along the diagonals (right for a card turned by up to ~30°).
    """
    if image.width() < 8 or image.height() < 8:
        return None
    scale = DETECT_WIDTH / max(image.width(), image.height())
    small = image.scaled(
        QSize(max(1, round(image.width() * scale)), max(1, round(image.height() * scale)))
    )
    pixels, w, h = _gray_bytes(small)
    threshold = _otsu(pixels)
    mask = bytearray(1 if p > threshold else 0 for p in pixels)
    region = _largest_region(mask, w, h)
    if not 0.08 * w * h <= len(region) <= 0.92 * w * h:
        return None
    xs = [i % w for i in region]
    ys = [i // w for i in region]
    if min(xs) == 0 and max(xs) == w - 1 and min(ys) == 0 and max(ys) == h - 1:
        return None  # the bright part touches every edge: the background, not a card
    sums = [x + y for x, y in zip(xs, ys, strict=True)]
    diffs = [x - y for x, y in zip(xs, ys, strict=True)]
    corners = (
        sums.index(min(sums)),
        diffs.index(max(diffs)),
        sums.index(max(sums)),
        diffs.index(min(diffs)),
    )
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    fx, fy = image.width() / w, image.height() / h
    points = []
    for k in corners:
        # Half a small pixel outwards (corners are found inside the edge), to the photo's scale.
        x, y = xs[k] + 0.5, ys[k] + 0.5
        x, y = x + (x - cx) * 0.01, y + (y - cy) * 0.01
        points.append((x * fx, y * fy))
    return Quad((points[0], points[1], points[2], points[3]))


def straighten(image: QImage, quad: Quad | None) -> QImage:
    """The card alone, as if scanned flat: at most :data:`CARD_WIDTH` pixels wide.

    Args:
        image: the photo.
        quad: the card's corners (None: the whole picture is the card).
    """
    if quad is None:
        width, height = float(image.width()), float(image.height())
        quad = Quad(((0, 0), (width, 0), (width, height), (0, height)))
    width, height = quad.size()
    if width < height:  # a card photographed in portrait: the text runs along the long side
        p = quad.points
        quad = Quad((p[3], p[0], p[1], p[2]))
        width, height = height, width
    scale = min(1.0, CARD_WIDTH / max(width, 1.0))
    out_w, out_h = max(1, round(width * scale)), max(1, round(height * scale))
    target = QPolygonF([QPointF(0, 0), QPointF(out_w, 0), QPointF(out_w, out_h), QPointF(0, out_h)])
    transform = QTransform()
    if not QTransform.quadToQuad(quad.polygon(), target, transform):
        raise ScanError("the card's outline could not be straightened")
    card = QImage(out_w, out_h, QImage.Format.Format_RGB32)
    card.fill(0xFFFFFFFF)
    painter = QPainter(card)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.setTransform(transform)
    painter.drawImage(0, 0, image)
    painter.end()
    return card


def encode(image: QImage, fmt: str = "PNG", quality: int = -1) -> bytes:
    """The picture as file bytes (PNG by default)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, fmt, quality)  # type: ignore[call-overload]  # (the stub says bytes)
    buffer.close()
    return bytes(data.data())
