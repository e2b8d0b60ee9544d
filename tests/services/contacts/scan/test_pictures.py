"""Bad pictures are refused with one clear line; a straightened card has a card's shape."""

from __future__ import annotations

import zlib

import pytest
from PySide6.QtGui import QColor, QImage

from bench.cards import CardSpec, Shot, photograph, render_card
from followup_gui.services.contacts.scan import ScanError, scan_card
from followup_gui.services.contacts.scan.image import find_card, image_from_bytes, straighten


def test_not_a_picture(tmp_path):
    path = tmp_path / "notes.jpg"
    path.write_text("just some notes")
    with pytest.raises(ScanError, match=r"notes\.jpg is not a picture"):
        scan_card(path)


def test_a_truncated_jpeg(qapp, tmp_path):
    from bench.cards import jpeg_bytes

    content = jpeg_bytes(render_card(CardSpec("Dana Lee", "", "")), 80)
    path = tmp_path / "cut.jpg"
    path.write_bytes(content[: len(content) // 2])
    with pytest.raises(ScanError, match="cut short"):
        scan_card(path)


def test_a_100_mb_file_is_refused_unread(tmp_path):
    path = tmp_path / "huge.png"
    with path.open("wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.truncate(100 * 1024 * 1024)  # sparse: nothing is written to disk
    with pytest.raises(ScanError, match="100 MB: too big"):
        scan_card(path)


def test_a_picture_of_too_many_pixels_is_refused_before_decoding(tmp_path):
    # A small PNG file that claims 20000 x 20000 pixels.
    image = QImage(20000, 4, QImage.Format.Format_Grayscale8)
    image.fill(255)
    data = bytearray()
    from followup_gui.services.contacts.scan.image import encode

    data += encode(image, "PNG")
    data[16:24] = (20000).to_bytes(4, "big") + (20000).to_bytes(4, "big")  # IHDR width, height
    data[29:33] = zlib.crc32(bytes(data[12:29])).to_bytes(4, "big")  # the IHDR chunk's CRC
    with pytest.raises(ScanError, match="too big"):
        image_from_bytes(bytes(data), "giant.png")


def test_a_missing_file(tmp_path):
    with pytest.raises(ScanError, match=r"missing\.jpg"):
        scan_card(tmp_path / "missing.jpg")


def test_the_card_is_found_and_straightened_to_its_shape(qapp):
    card = render_card(CardSpec("Dana Lee", "Engineering Manager", "Northwind Labs Inc."))
    photo = photograph(card, Shot(rotation=9, keystone=0.12, seed=2))
    quad = find_card(photo)
    assert quad is not None
    flat = straighten(photo, quad)
    assert 1.6 < flat.width() / flat.height() < 1.9
    # The card is light and the table dark: the corners of the result are the card's.
    for x, y in ((8, 8), (flat.width() - 8, 8), (8, flat.height() - 8)):
        assert QColor(flat.pixel(x, y)).lightness() > 170


def test_a_picture_that_is_all_card_is_taken_whole(qapp):
    card = render_card(CardSpec("Dana Lee", "", ""))
    assert find_card(card) is None
    assert straighten(card, None).size() == card.size()
