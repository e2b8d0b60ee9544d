"""Business cards drawn with Qt and "photographed": on a table, turned, keystoned, blurred, noisy.

Used by the scan tests and by ``make bench`` (field accuracy over a set of cards,
and the time and memory of a 12-megapixel scan). Everything is deterministic
(seeded), so a drop in accuracy is a change in the code, not in the pictures.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPen,
    QPolygonF,
    QRadialGradient,
    QTransform,
)

CARD_W, CARD_H = 1050, 600  # 3.5 x 2 inches at 300 dpi


@dataclass(frozen=True)
class CardSpec:
    """What a card says (as printed) and the fields a perfect scan gives back."""

    name: str
    title: str
    company: str
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()  # as printed
    website: str = ""
    address: tuple[str, ...] = ()
    layout: str = "classic"  # classic, centered, split
    font: str = "DejaVu Sans"
    qr: str = ""  # a vCard or MECARD to print as a QR code
    expected_phones: tuple[str, ...] = ()  # international format
    labels: bool = True  # "Tel." / "E-Mail" before the values

    def expected(self) -> dict[str, object]:
        """The fields a perfect scan returns."""
        return {
            "name": self.name,
            "title": self.title,
            "company": self.company,
            "emails": sorted(e.lower() for e in self.emails),
            "phones": sorted(self.expected_phones),
            "website": ("https://www." + self.website) if self.website else "",
            "address": "\n".join(self.address),
        }


@dataclass(frozen=True)
class Shot:
    """How the card is photographed."""

    width: int = 2000
    height: int = 1500
    rotation: float = 0.0  # degrees
    keystone: float = 0.0  # how much narrower the far edge is, 0..0.3
    blur: float = 1.0  # 1: sharp; 2: half the detail
    noise: float = 0.06  # 0..1
    jpeg: int = 85
    card_share: float = 0.62  # the card's width / the photo's width
    seed: int = 1
    extra: dict[str, float] = field(default_factory=dict)


def ensure_app() -> QGuiApplication:
    """A GUI application (fonts need one), created when none exists."""
    app = QGuiApplication.instance()
    if app is None:
        app = QGuiApplication([])
    assert isinstance(app, QGuiApplication)
    return app


def _font(family: str, px: int, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont(family)
    font.setPixelSize(px)
    font.setBold(bold)
    font.setItalic(italic)
    return font


def _qr_image(text: str, scale: int = 5) -> QImage:
    import zxingcpp

    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode)
    img = code.to_image(scale=scale, add_quiet_zones=True)
    view = memoryview(img)
    h, w = view.shape
    return QImage(bytes(view), w, h, w, QImage.Format.Format_Grayscale8).copy()


def render_card(spec: CardSpec) -> QImage:
    """The card as printed, 1050 x 600 pixels (300 dpi)."""
    ensure_app()
    image = QImage(CARD_W, CARD_H, QImage.Format.Format_RGB32)
    image.fill(QColor("#fbfaf6"))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    ink, accent = QColor("#1d1d1f"), QColor("#1f4e8c")
    contact = []
    for phone in spec.phones:
        contact.append(("Tel. " if spec.labels else "") + phone)
    for email in spec.emails:
        contact.append(("E-Mail: " if spec.labels else "") + email)
    if spec.website:
        contact.append(
            "www." + spec.website if not spec.website.startswith("www.") else spec.website
        )
    contact += list(spec.address)
    left = 70
    align_center = spec.layout == "centered"
    qr_space = 0
    if spec.qr:
        code = _qr_image(spec.qr)
        size = 230
        p.drawImage(QRectF(CARD_W - size - 40, CARD_H - size - 40, size, size), code)
        qr_space = size + 60

    def line(y: int, text: str, font: QFont, color: QColor, x: int = left, w: int = 0) -> None:
        p.setFont(font)
        p.setPen(color)
        width = w or CARD_W - x - 40 - qr_space
        flags = Qt.AlignmentFlag.AlignHCenter if align_center else Qt.AlignmentFlag.AlignLeft
        p.drawText(QRectF(x, y, width, font.pixelSize() * 1.5), flags, text)

    if spec.layout == "split":
        line(60, spec.company, _font(spec.font, 38, bold=True), accent)
        line(200, spec.name, _font(spec.font, 50, bold=True), ink)
        line(270, spec.title, _font(spec.font, 30, italic=True), ink)
        y = 340
        for text in contact:
            line(y, text, _font(spec.font, 25), ink, x=left, w=CARD_W - left - 40 - qr_space)
            y += 37
    else:
        x = 0 if align_center else left
        if align_center:
            left = 40
        line(50, spec.company, _font(spec.font, 36, bold=True), accent, x=left)
        line(150, spec.name, _font(spec.font, 54, bold=True), ink, x=left)
        line(225, spec.title, _font(spec.font, 30), ink, x=left)
        p.setPen(QPen(accent, 3))
        if not align_center:
            p.drawLine(left, 290, left + 260, 290)
        y = 320
        for text in contact:
            line(y, text, _font(spec.font, 25), ink, x=left)
            y += 37
        del x
    p.end()
    return image


def _table(shot: Shot, rng: random.Random) -> QImage:
    """A wooden table top, grain and all."""
    image = QImage(shot.width, shot.height, QImage.Format.Format_RGB32)
    grad = QLinearGradient(0, 0, shot.width, shot.height)
    base = rng.choice(["#6b4a2f", "#7a5534", "#5a3d27", "#4b5563"])
    grad.setColorAt(0, QColor(base).lighter(115))
    grad.setColorAt(1, QColor(base).darker(120))
    p = QPainter(image)
    p.fillRect(image.rect(), QBrush(grad))
    for _ in range(160):
        y = rng.uniform(0, shot.height)
        color = (
            QColor(0, 0, 0, rng.randint(10, 40))
            if rng.random() < 0.6
            else QColor(255, 230, 200, 18)
        )
        p.setPen(QPen(color, rng.uniform(1, shot.height / 300)))
        p.drawLine(QPointF(0, y), QPointF(shot.width, y + rng.uniform(-40, 40)))
    p.end()
    return image


def _noise(rng: random.Random, amount: float) -> QImage:
    tile = QImage(256, 256, QImage.Format.Format_ARGB32)
    alpha = int(255 * min(1.0, amount) * 0.6)
    raw = bytearray()
    for _ in range(256 * 256):
        v = rng.randint(0, 255)
        raw += bytes((v, v, v, alpha))
    tile = QImage(bytes(raw), 256, 256, 256 * 4, QImage.Format.Format_ARGB32).copy()
    return tile


def photograph(card: QImage, shot: Shot) -> QImage:
    """The card lying on a table, as a phone would take it."""
    rng = random.Random(shot.seed)
    photo = _table(shot, rng)
    cw = shot.width * shot.card_share
    ch = cw * card.height() / card.width()
    cx = shot.width / 2 + rng.uniform(-0.06, 0.06) * shot.width
    cy = shot.height / 2 + rng.uniform(-0.06, 0.06) * shot.height
    k = shot.keystone * cw / 2
    corners = [(-cw / 2 + k, -ch / 2), (cw / 2 - k, -ch / 2), (cw / 2, ch / 2), (-cw / 2, ch / 2)]
    turn = QTransform().rotate(shot.rotation)
    quad = QPolygonF([turn.map(QPointF(x, y)) + QPointF(cx, cy) for x, y in corners])
    source = QPolygonF(
        [
            QPointF(0, 0),
            QPointF(card.width(), 0),
            QPointF(card.width(), card.height()),
            QPointF(0, card.height()),
        ]
    )
    transform = QTransform()
    QTransform.quadToQuad(source, quad, transform)
    p = QPainter(photo)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    shadow = quad.translated(shot.width * 0.006, shot.width * 0.008)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(0, 0, 0, 90))
    p.drawPolygon(shadow)
    p.setTransform(transform)
    p.drawImage(0, 0, card)
    p.resetTransform()
    light = QRadialGradient(shot.width * rng.uniform(0.3, 0.7), shot.height * 0.3, shot.width)
    light.setColorAt(0, QColor(255, 255, 255, 25))
    light.setColorAt(1, QColor(0, 0, 0, 60))
    p.fillRect(photo.rect(), QBrush(light))
    if shot.noise > 0:
        tile = _noise(rng, shot.noise)
        p.setCompositionMode(QPainter.CompositionMode.CompositionMode_Overlay)
        for y in range(0, shot.height, 256):
            for x in range(0, shot.width, 256):
                p.drawImage(x, y, tile)
    p.end()
    if shot.blur > 1.0:
        small = photo.scaled(
            int(shot.width / shot.blur),
            int(shot.height / shot.blur),
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        photo = small.scaled(
            shot.width,
            shot.height,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    return photo


def jpeg_bytes(image: QImage, quality: int) -> bytes:
    """``image`` as a JPEG file."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG", quality)
    buffer.close()
    return bytes(data.data())


def write_photo(spec: CardSpec, shot: Shot, path: Path) -> Path:
    """Render ``spec``, photograph it as ``shot`` and save the JPEG at ``path``."""
    path.write_bytes(jpeg_bytes(photograph(render_card(spec), shot), shot.jpeg))
    return path


def scanned_fields(result: dict[str, object]) -> dict[str, object]:
    """A scan's JSON (``CardScan.as_json``) in the shape of ``CardSpec.expected``."""

    def value(key: str) -> object:
        item = result[key]
        assert isinstance(item, dict)
        return item["value"]

    def values(key: str) -> list[str]:
        items = result[key]
        assert isinstance(items, list)
        return sorted(
            str(i["value"]).lower() if key == "emails" else str(i["value"]) for i in items
        )

    return {
        "name": value("name"),
        "title": value("title"),
        "company": value("company"),
        "emails": values("emails"),
        "phones": values("phones"),
        "website": value("website"),
        "address": value("address"),
    }


def score(
    spec: CardSpec, result: dict[str, object]
) -> tuple[int, int, dict[str, tuple[object, object]]]:
    """How many of the card's fields the scan got exactly right, of how many; and the misses."""
    got, want = scanned_fields(result), spec.expected()
    fields = [k for k, v in want.items() if v]
    misses = {k: (got[k], want[k]) for k in fields if got[k] != want[k]}
    return len(fields) - len(misses), len(fields), misses
