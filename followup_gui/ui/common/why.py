"""Why a step is planned, in plain words: the reason as a sentence, the rules behind a link.

The planner gives each step a reason and the ids of the coaches' rules behind
it (``R1``-``R12``, see ``DOMAIN.md``; ``X1``-``X3`` are general practice). A
user reads the reason as a sentence (:func:`plain_reason`, without ids); the
ids are a small "why?" link (:class:`WhyLink`) whose tooltip quotes each rule
and its sources (:func:`why_text`), so no id is printed twice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtWidgets import QLabel, QToolTip, QWidget

#: Rule ids in parentheses or brackets at the end of older stored reasons:
#: " (R5, R6)", " [R4]".
_IDS = re.compile(r"\s*[(\[]\s*(?:[RX]\d+\s*,?\s*)+[)\]]")


def _tr(text: str) -> str:
    return QCoreApplication.translate("Why", text)


def sources() -> dict[str, str]:
    """The five articles the coaches' rules come from, by id."""
    return {
        "S1": _tr("“Following Up the Interview”, Our First Job Search blog (2019)"),
        "S2": _tr("“Post-Interview: Following Up with a Phone Call” (career blog, 2008)"),
        "S3": _tr("“Following Up After The Job Interview”, TipTopJob career advice"),
        "S4": _tr("“10 Golden Tips For the Job Interview Follow Up” (2023)"),
        "S5": _tr("“How to Follow Up After a Job Interview”, ResumeHelp career blog"),
    }


def rules() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Each rule's text and sources by id (``X`` rules are general practice: no sources)."""
    return {
        "R1": (
            _tr("First set up your own voicemail greeting, so a returned call is not lost."),
            ("S1",),
        ),
        "R2": (
            _tr(
                "At the interview, collect a business card from every person you meet: "
                "name spelled right, title, an email or phone."
            ),
            ("S5", "S3"),
        ),
        "R3": (
            _tr(
                "At the interview, ask what the hiring process is and when they expect "
                "to decide; that date drives the first follow-up call."
            ),
            ("S3", "S4"),
        ),
        "R4": (
            _tr(
                "Thank each person you met, individually: the same evening, at the latest "
                "within 24 hours. Use their correct title and spelling, restate your "
                "interest, mention something you discussed, and say you will follow up "
                "in about a week."
            ),
            ("S3", "S4", "S5"),
        ),
        "R5": (
            _tr(
                "Make the first follow-up call not too soon: a few days to a week after "
                "the interview, or a little after the date they said they would decide."
            ),
            ("S2", "S3", "S4", "S5"),
        ),
        "R6": (
            _tr("Never call on a Monday; call in business hours on business days."),
            ("S4",),
        ),
        "R7": (
            _tr(
                "On the call: say who you are and when you were interviewed, keep it "
                "brief, restate your interest, ask where they are in the process, thank "
                "them. Try to reach someone who was at the interview."
            ),
            ("S2", "S5"),
        ),
        "R8": (
            _tr(
                "A voicemail is short: your name and number, your interest, a polite "
                "request to talk. Leave at most one or two, spread out."
            ),
            ("S1", "S2", "S5"),
        ),
        "R9": (
            _tr(
                "Leave about a week between calls, another week after a voicemail; after "
                "the third call with no movement, stop."
            ),
            ("S5", "S1", "S4"),
        ),
        "R10": (
            _tr("With no answer after that, move on and let the process play out."),
            ("S2", "S4", "S5"),
        ),
        "R11": (
            _tr(
                "Told you are no longer considered? Ask for feedback, stay professional "
                "and keep the contact: do not burn bridges."
            ),
            ("S3", "S4"),
        ),
        "R12": (
            _tr("Never rely on one interview: keep several applications going."),
            ("S4",),
        ),
        "X1": (
            _tr(
                "General practice, not one of the coaches' rules: about two weeks after "
                "applying with no news, send one short status email."
            ),
            (),
        ),
        "X2": (
            _tr(
                "General practice: no calls on the employer's holidays or the days "
                "most offices there are closed."
            ),
            (),
        ),
        "X3": (
            _tr("General practice: a reply found by mail only proposes a change; you decide."),
            (),
        ),
    }


def plain_reason(reason: str) -> str:
    """A planner's reason as a sentence: rule ids left out, a capital, a full stop.

    ``"Call Dana: a week after your interview (R5, R6)"`` reads
    ``"Call Dana: a week after your interview."``.
    """
    text = _IDS.sub("", reason).strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…" else text + "."


def why_text(rule_ids: Sequence[str]) -> str:
    """Each rule quoted with its sources, one paragraph per rule (plain text)."""
    known, titles = rules(), sources()
    parts = []
    for rule_id in rule_ids:
        rule = known.get(rule_id)
        if rule is None:
            continue
        text, from_ = rule
        if from_:
            cited = "; ".join(titles[s] for s in from_ if s in titles)
            text += "\n" + _tr("Sources: {sources}").format(sources=cited)
        parts.append(text)
    return "\n\n".join(parts)


class WhyLink(QLabel):
    """A small "why?" link: its tooltip quotes the rules behind a step and their sources.

    Reachable with Tab; Enter or a click shows the same text as the tooltip.
    Hidden when the step has no known rule.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(f"<a href='why'>{self.tr('why?')}</a>")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Why this step?"))
        self.linkActivated.connect(self.explain)
        self.set_rules(())

    def set_rules(self, rule_ids: Sequence[str]) -> None:
        """Explain these rules (hidden when none is known)."""
        text = why_text(rule_ids)
        self.setToolTip(text)
        self.setAccessibleDescription(text)
        if self.parentWidget() is not None or not text:  # never a window of its own
            self.setVisible(bool(text))

    def explain(self, _link: str = "") -> None:
        """Show the explanation at the link (as its tooltip would be)."""
        QToolTip.showText(self.mapToGlobal(QPoint(0, self.height())), self.toolTip(), self)
