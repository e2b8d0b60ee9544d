"""The road not taken: find and straighten the card with OpenCV, for comparison only.

FollowUp straightens cards with Qt (``followup_gui/services/contacts/scan/image.py``).
This module does the same with ``opencv-python-headless`` (Canny edges, the
largest four-cornered contour, ``warpPerspective``) so ``python -m bench.scan_opencv``
can compare field accuracy and time on the same photos. OpenCV is not a
dependency: install it in the venv to run this (``pip install opencv-python-headless``).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench.card_set import CARDS, SHOTS
from bench.cards import ensure_app, score, write_photo


def straighten_cv(path: Path) -> bytes:
    """The card found and straightened by OpenCV, as BMP bytes (grey), at most 1600 px wide."""
    import cv2
    import numpy as np

    photo = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    scale = 320 / max(photo.shape)
    small = cv2.resize(photo, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    edges = cv2.Canny(cv2.GaussianBlur(small, (5, 5), 0), 40, 120)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    quad = None
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
        approx = cv2.approxPolyDP(contour, 0.02 * cv2.arcLength(contour, True), True)
        if len(approx) == 4:
            quad = approx.reshape(4, 2).astype(np.float32) / scale
            break
    if quad is None:
        card = photo
    else:
        s, d = quad.sum(axis=1), np.diff(quad, axis=1).ravel()
        ordered = np.array(
            [quad[s.argmin()], quad[d.argmin()], quad[s.argmax()], quad[d.argmax()]], np.float32
        )
        w = (np.linalg.norm(ordered[0] - ordered[1]) + np.linalg.norm(ordered[3] - ordered[2])) / 2
        h = (np.linalg.norm(ordered[0] - ordered[3]) + np.linalg.norm(ordered[1] - ordered[2])) / 2
        k = min(1.0, 1600 / w)
        size = (round(w * k), round(h * k))
        target = np.array([[0, 0], [size[0], 0], [size[0], size[1]], [0, size[1]]], np.float32)
        matrix = cv2.getPerspectiveTransform(ordered, target)
        card = cv2.warpPerspective(photo, matrix, size, flags=cv2.INTER_LINEAR)
    ok, data = cv2.imencode(".bmp", card)
    assert ok
    return bytes(data)


def main() -> None:
    from followup_gui.services.contacts.scan.image import encode, find_card, load_image, straighten
    from followup_gui.services.contacts.scan.reading import CardScan, read_fields

    ensure_app()
    with tempfile.TemporaryDirectory() as tmp:
        results = {"qt": [0, 0, 0.0], "opencv": [0, 0, 0.0]}
        for i, spec in enumerate(CARDS):
            path = write_photo(spec, SHOTS[i % len(SHOTS)], Path(tmp) / f"c{i}.jpg")
            for name in results:
                start = time.perf_counter()
                if name == "qt":
                    photo = load_image(path)
                    card = straighten(photo, find_card(photo))
                    image = encode(card.convertToFormat(card.Format.Format_Grayscale8), "BMP")
                else:
                    image = straighten_cv(path)
                results[name][2] += time.perf_counter() - start
                _lines, fields = read_fields(image, "US", lambda: None)
                good, n, _ = score(spec, CardScan(fields, load_image(path)).as_json())
                results[name][0] += good
                results[name][1] += n
        for name, (good, n, seconds) in results.items():
            print(
                f"{name:7} exact fields {good}/{n} = {good / n:.1%}; "
                f"find+straighten {seconds / len(CARDS) * 1000:.0f} ms per 3 MP photo",
                file=sys.stdout,
            )


if __name__ == "__main__":
    main()
