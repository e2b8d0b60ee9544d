"""Read a straightened card's text with Tesseract (the ``tesseract`` program), line by line.

Tesseract runs as a separate program with English, German and Spanish together
(``eng+deu+spa``, whichever of them are installed); its TSV output gives each
word's box and confidence, so the field parser can use the layout (the largest
line is usually the name or the company). The program is stopped when the
caller cancels.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import time
import unicodedata
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


@functools.cache
def installed_languages(program: str) -> tuple[str, ...]:
    """The language data Tesseract has (``eng``, ``deu``...); asked once per program."""
    try:
        out = subprocess.run(
            [program, "--list-langs"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return ()
    return tuple(line.strip() for line in out.stdout.splitlines()[1:] if line.strip())


class Run:
    """Tesseract started on one image (file bytes on its standard input).

    Several may run at once (the machine's cores); :meth:`output` waits for one,
    :meth:`stop` ends it early.
    """

    def __init__(self, args: list[str], image: bytes, timeout: float = TIMEOUT_S) -> None:
        env = dict(os.environ, OMP_THREAD_LIMIT="1")  # OpenMP threads only fight on 2 cores
        try:
            self.proc = subprocess.Popen(
                args,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
            )
        except OSError as exc:
            raise ScanError(f"Tesseract could not be started: {exc.strerror}") from None
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.write(image)
            self.proc.stdin.close()
        except OSError:
            pass  # it ended early: its exit code and message tell why

    def output(self, keep_going: Callable[[], None]) -> str:
        """Wait for the output; ``keep_going`` is called meanwhile and may raise (cancel).

        Raises:
            ScanError: Tesseract failed or took longer than the timeout.
        """
        proc = self.proc
        try:
            while proc.poll() is None:
                keep_going()
                if time.monotonic() > self.deadline:
                    raise ScanError(
                        f"Tesseract took longer than {self.timeout:.0f} s and was stopped"
                    )
                time.sleep(0.02)
            assert proc.stdout is not None and proc.stderr is not None
            out, err = proc.stdout.read(), proc.stderr.read()
        finally:
            self.stop()
        if proc.returncode != 0:
            last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
            raise ScanError(f"Tesseract could not read the card: {last[0]}")
        return out.decode("utf-8", "replace")

    def stop(self) -> None:
        """End the program if it still runs, and close its pipes."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()


def _run(
    args: list[str], image: bytes, keep_going: Callable[[], None], timeout: float = TIMEOUT_S
) -> str:
    """Run Tesseract on ``image`` and wait for its standard output (see :class:`Run`)."""
    return Run(args, image, timeout).output(keep_going)


@dataclass(frozen=True, slots=True)
class Word:
    """One word Tesseract read: its line (block, paragraph, line), text, confidence and box."""

    line: tuple[int, int, int]
    text: str
    confidence: float  # 0..100, as Tesseract gives it
    left: int
    top: int
    width: int
    height: int


def parse_words(tsv: str) -> list[Word]:
    """The words of Tesseract's TSV output."""
    words = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text, conf = cols[11].strip(), float(cols[10])
        if text and conf >= 0:
            key = (int(cols[2]), int(cols[3]), int(cols[4]))
            box = (int(cols[6]), int(cols[7]), int(cols[8]), int(cols[9]))
            words.append(Word(key, text, conf, *box))
    return words


def lines_of(words: list[Word]) -> list[TextLine]:
    """Words grouped into their lines, top to bottom."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    out = [
        TextLine(
            " ".join(w.text for w in ws),
            sum(w.confidence for w in ws) / len(ws) / 100.0,
            float(median(w.height for w in ws)),
            min(w.top for w in ws),
            min(w.left for w in ws),
        )
        for ws in lines.values()
    ]
    return sorted(out, key=lambda line: (line.top, line.left))


def parse_tsv(tsv: str) -> list[TextLine]:
    """Tesseract's TSV output as lines of words, top to bottom."""
    return lines_of(parse_words(tsv))


def _overlap(a: Word, b: Word) -> float:
    """How much two word boxes overlap (intersection over union)."""
    w = min(a.left + a.width, b.left + b.width) - max(a.left, b.left)
    h = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
    if w <= 0 or h <= 0:
        return 0.0
    inter = w * h
    return inter / (a.width * a.height + b.width * b.height - inter)


#: How much surer (Tesseract's 0..100) another reading of a word must be to replace it.
FUSE_MARGIN = 2.0


def _plain(text: str) -> str:
    """``text`` without accents (to tell readings that differ only by them)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _better(word: Word, other: Word) -> bool:
    """Whether ``other`` is the better reading of the same word.

    Readings that differ only by accents: the one with the accents (Tesseract
    drops a printed accent far more often than it imagines one). Otherwise the
    clearly surer one.
    """
    if word.text != other.text and _plain(word.text) == _plain(other.text):
        return len(other.text.encode()) > len(word.text.encode())
    return other.confidence > word.confidence + FUSE_MARGIN


def _inside(part: Word, word: Word) -> bool:
    """Whether ``part``'s centre lies in ``word``'s box (one reading split a word in two)."""
    cx, cy = part.left + part.width / 2, part.top + part.height / 2
    return word.left <= cx <= word.left + word.width and word.top <= cy <= word.top + word.height


def _counterpart(word: Word, other: list[Word]) -> Word | None:
    """The other reading of ``word``: the word in the same place, or the words it split into."""
    parts = sorted((o for o in other if _inside(o, word)), key=lambda o: o.left)
    if len(parts) >= 2:
        text = " ".join(p.text for p in parts)
        confidence = min(p.confidence for p in parts)
        return Word(word.line, text, confidence, *_box(word))
    best = max(other, key=lambda o: _overlap(word, o), default=None)
    # (0.4: an accent makes a box taller)
    return best if best is not None and _overlap(word, best) > 0.4 else None


def fuse(preferred: list[Word], other: list[Word]) -> list[Word]:
    """Two readings of the same card, word by word: ``preferred`` unless ``other`` is better.

    The card's own language read first gets most accents right ("Jürgen"); a
    word it misread ("Friedrichstrafe") or whose accent it dropped ("Chloe") is
    taken from the other reading (see :func:`_better`), and so are two words it
    read as one ("anunezOtecandinas.es" for "anunez @tecandinas.es").
    """
    out = []
    for word in preferred:
        best = _counterpart(word, other)
        if best is not None and _better(word, best):
            word = Word(word.line, best.text, best.confidence, *_box(word))
        out.append(word)
    return out


def _box(word: Word) -> tuple[int, int, int, int]:
    return word.left, word.top, word.width, word.height


def start_reading(image: bytes, first: str = "eng", only: bool = False) -> Run:
    """Start reading a straightened card (PNG or BMP bytes), ``first`` language first.

    With ``only``, ``first`` alone (quicker: each language's model is loaded and
    run). :func:`words_of` waits for the words.

    Raises:
        ScanError: Tesseract is missing or has no data for any of :data:`LANGUAGES`.
    """
    program = tesseract_program()
    if program is None:
        raise ScanError(INSTALL_HINT)
    have = installed_languages(program)
    langs = [lang for lang in (first, *(() if only else LANGUAGES)) if lang in have]
    if not langs:
        raise ScanError(
            "Tesseract has no English, German or Spanish data: "
            "sudo apt install tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-spa"
        )
    order = "+".join(dict.fromkeys(langs))
    return Run([program, "stdin", "stdout", "-l", order, "--psm", "3", "tsv"], image)


def words_of(run: Run, keep_going: Callable[[], None] = lambda: None) -> list[Word]:
    """The words a started reading found (waits for it).

    Raises:
        ScanError: Tesseract failed or was too slow.
    """
    return parse_words(run.output(keep_going))


def read_words(
    image: bytes,
    keep_going: Callable[[], None] = lambda: None,
    first: str = "eng",
    only: bool = False,
) -> list[Word]:
    """Read a straightened card and wait for the words (see :func:`start_reading`)."""
    return words_of(start_reading(image, first, only), keep_going)


def read_text(image: bytes, keep_going: Callable[[], None] = lambda: None) -> list[TextLine]:
    """Read a straightened card's lines (English first); see :func:`read_words`."""
    return lines_of(read_words(image, keep_going))


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
