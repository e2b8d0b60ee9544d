"""Scanning business cards: find the card in a photo, straighten it, read a QR code or the text.

Pure functions of the pictures (Qt image operations, ``zxing-cpp``, the
``tesseract`` program); nothing here writes to the database.
"""

from followup_gui.services.contacts.scan.fields import LOW_CONFIDENCE, CardFields, Found
from followup_gui.services.contacts.scan.image import ScanError
from followup_gui.services.contacts.scan.reading import CardScan, keep_card_picture, scan_card

__all__ = [
    "LOW_CONFIDENCE",
    "CardFields",
    "CardScan",
    "Found",
    "ScanError",
    "keep_card_picture",
    "scan_card",
]
