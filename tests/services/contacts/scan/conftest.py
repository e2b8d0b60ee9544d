"""Fixtures of the card-scan tests: real Tesseract, photos rendered and "photographed" here."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest


def need_tesseract() -> None:
    """Skip (fail in CI) when the ``tesseract`` program or its eng/deu/spa data is missing."""
    from followup_gui.services.contacts.scan.ocr import installed_languages

    program = shutil.which("tesseract")
    missing = [] if program else ["tesseract-ocr"]
    if program:
        have = installed_languages(program)
        missing = [f"tesseract-ocr-{lang}" for lang in ("eng", "deu", "spa") if lang not in have]
    if missing:
        reason = f"Tesseract is not installed ({', '.join(missing)}; `.ci/run` installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " - required in CI")
        pytest.skip(reason)


@pytest.fixture
def tesseract() -> None:
    """The test reads text with the real Tesseract."""
    need_tesseract()


@pytest.fixture(scope="session")
def photo_dir(tmp_path_factory: pytest.TempPathFactory, qapp: object) -> Path:
    """A folder for the generated photos (fonts need the application)."""
    return tmp_path_factory.mktemp("card-photos")
