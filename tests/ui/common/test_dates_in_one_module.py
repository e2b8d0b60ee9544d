"""Every date and time the window shows is written by ``ui/common/when.py``.

A scan of the ``ui`` sources: no other module formats a date or a time itself
(``strftime``, a ``%`` format in an f-string, ``toString`` with a pattern, a
``QLocale`` date or time format, a date editor's literal display format).
``isoformat`` stays allowed: it is how settings and files keep a moment, never
what a user reads.
"""

from __future__ import annotations

import re
from pathlib import Path

import followup_gui.ui

UI = Path(followup_gui.ui.__file__).parent
WHEN = UI / "common" / "when.py"

#: What writing a date or a time looks like in Python and Qt.
FORMATTING = {
    "strftime": re.compile(r"\.strftime\("),
    "a % format in an f-string": re.compile(r"\{[^{}\n]*:[^{}\n]*%[a-zA-Z]"),
    "toString": re.compile(r"\.toString\("),
    "a QLocale date or time format": re.compile(
        r"\b(dateFormat|timeFormat|dateTimeFormat|dayName|monthName|standaloneMonthName)\("
    ),
    "a literal display format": re.compile(r"setDisplayFormat\(\s*[\"']"),
}


def formatting_outside_when() -> list[str]:
    """Each line of a ``ui`` module that formats a date itself, as ``path:line: what``."""
    found = []
    for path in sorted(UI.rglob("*.py")):
        if path == WHEN:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for what, pattern in FORMATTING.items():
                if pattern.search(line):
                    found.append(f"{path.relative_to(UI)}:{number}: {what}")
    return found


def test_no_ui_module_writes_a_date_itself() -> None:
    assert formatting_outside_when() == []


def test_the_scan_sees_each_way_of_writing_a_date(tmp_path: Path) -> None:
    """The patterns catch what they are for (so an empty scan means something)."""
    lines = [
        'day = a.added_at.strftime("%d %b %Y")',
        'text = f"{moment:%H:%M}"',
        'start.toString("HH:mm")',
        "QLocale().dateFormat(QLocale.FormatType.LongFormat)",
        'self.decision.setDisplayFormat("ddd d MMM yyyy")',
    ]
    hits = [what for line in lines for what, p in FORMATTING.items() if p.search(line)]
    assert hits == list(FORMATTING)
    assert not any(p.search("until.isoformat()") for p in FORMATTING.values())
    assert not any(
        p.search("self.x.setDisplayFormat(date_edit_format())") for p in FORMATTING.values()
    )
