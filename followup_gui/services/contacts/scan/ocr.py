"""Read a straightened card's text with Tesseract (the ``tesseract`` program), line by line.

Tesseract runs as a separate program with English, German and Spanish together
(``eng+deu+spa``, whichever of them are installed); its TSV output gives each
word's box and confidence, so the field parser can use the layout (the largest
line is usually the name or the company). The program is stopped when the
caller cancels.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from statistics import median

from followup_gui.services.contacts.scan.image import ScanError

#: The languages read together, in the order Tesseract is given them.
LANGUAGES = ("eng", "deu", "spa")
#: The longest Tesseract may take on one card before the scan gives up.
TIMEOUT_S = 60.0
#: What to do when Tesseract is missing (shown to the user; QR cards need no OCR).
INSTALL_HINT = (
    "Text on cards is read with Tesseract, which is not installed. On Debian or Ubuntu: "
    "sudo apt install tesseract-ocr tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-spa "
    "(cards with a QR code are read without it)."
)


@dataclass(frozen=True, slots=True)
class TextLine:
    """One line of text Tesseract read.

    Attributes:
        text: the words, joined by single spaces.
        confidence: Tesseract's mean word confidence, 0..1.
        height: the median height of its words, in pixels (how large it is printed).
        top: where the line starts, from the top of the card, in pixels.
        left: where the line starts, from the left of the card, in pixels.
    """

    text: str
    confidence: float
    height: float
    top: int
    left: int


def tesseract_program() -> str | None:
    """The path of the ``tesseract`` program, or None when it is not installed."""
    return shutil.which("tesseract")


def installed_languages(program: str) -> tuple[str, ...]:
    """The language data Tesseract has (``eng``, ``deu``...)."""
    try:
        out = subprocess.run(
            [program, "--list-langs"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return ()
    return tuple(line.strip() for line in out.stdout.splitlines()[1:] if line.strip())


def _run(
    args: list[str], image: bytes, keep_going: Callable[[], None], timeout: float = TIMEOUT_S
) -> str:
    """Run Tesseract on ``image`` (file bytes on its standard input); its standard output.

    ``keep_going`` is called while it runs and may raise to stop it (cancel).
    """
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # OpenMP threads only fight on 2 cores
    try:
        proc = subprocess.Popen(
            args,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
    except OSError as exc:
        raise ScanError(f"Tesseract could not be started: {exc.strerror}") from None
    deadline = time.monotonic() + timeout
    try:
        assert proc.stdin is not None
        proc.stdin.write(image)
        proc.stdin.close()
        while proc.poll() is None:
            keep_going()
            if time.monotonic() > deadline:
                raise ScanError(f"Tesseract took longer than {timeout:.0f} s and was stopped")
            time.sleep(0.02)
        assert proc.stdout is not None and proc.stderr is not None
        out, err = proc.stdout.read(), proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
    if proc.returncode != 0:
        last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise ScanError(f"Tesseract could not read the card: {last[0]}")
    return out.decode("utf-8", "replace")


def parse_tsv(tsv: str) -> list[TextLine]:
    """Tesseract's TSV output as lines of words, top to bottom."""
    lines: dict[tuple[int, int, int], list[tuple[str, float, int, int, int]]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        conf = float(cols[10])
        if not text or conf < 0:
            continue
        key = (int(cols[2]), int(cols[3]), int(cols[4]))
        left, top, height = int(cols[6]), int(cols[7]), int(cols[9])
        lines.setdefault(key, []).append((text, conf, left, top, height))
    out = []
    for words in lines.values():
        out.append(
            TextLine(
                " ".join(w[0] for w in words),
                sum(w[1] for w in words) / len(words) / 100.0,
                float(median(w[4] for w in words)),
                min(w[3] for w in words),
                min(w[2] for w in words),
            )
        )
    return sorted(out, key=lambda line: (line.top, line.left))


def read_text(image: bytes, keep_going: Callable[[], None] = lambda: None) -> list[TextLine]:
    """Read a straightened card (PNG or BMP bytes) with Tesseract.

    Raises:
        ScanError: Tesseract is missing, has no data for any of :data:`LANGUAGES`,
            failed or was too slow.
    """
    program = tesseract_program()
    if program is None:
        raise ScanError(INSTALL_HINT)
    langs = [lang for lang in LANGUAGES if lang in installed_languages(program)]
    if not langs:
        raise ScanError(
            "Tesseract has no English, German or Spanish data: "
            "sudo apt install tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-spa"
        )
    args = [program, "stdin", "stdout", "-l", "+".join(langs), "--psm", "3", "tsv"]
    return parse_tsv(_run(args, image, keep_going))


def detect_script(image: bytes, keep_going: Callable[[], None] = lambda: None) -> str:
    """The writing system Tesseract sees on the card (``Latin``, ``Cyrillic``...), or "".

    Uses Tesseract's orientation and script detection (``osd`` data); "" when
    that data is missing or the script is unclear.
    """
    program = tesseract_program()
    if program is None or "osd" not in installed_languages(program):
        return ""
    try:
        out = _run([program, "stdin", "stdout", "--psm", "0"], image, keep_going, 20.0)
    except ScanError:
        return ""
    script, confidence = "", 0.0
    for line in out.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "Script":
            script = value.strip()
        elif key.strip() == "Script confidence":
            try:
                confidence = float(value)
            except ValueError:
                confidence = 0.0
    return script if confidence >= 1.0 else ""
