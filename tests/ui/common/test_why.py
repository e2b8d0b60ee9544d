"""Reasons read as sentences; the rule ids are a "why?" link quoting the rules and sources."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from followup_gui.ui.common.why import WhyLink, plain_reason, why_text


def test_a_reason_reads_as_a_sentence_without_rule_ids() -> None:
    assert plain_reason("Call Dana: a week after your interview (R5, R6)") == (
        "Call Dana: a week after your interview."
    )
    # An older stored reason with the ids twice.
    assert plain_reason("thank Dana by email tonight (R4) [R4]") == "Thank Dana by email tonight."
    assert plain_reason("Ask Dana for feedback (R11) (snoozed)") == (
        "Ask Dana for feedback (snoozed)."
    )
    assert plain_reason("Already a sentence.") == "Already a sentence."


def test_the_why_text_quotes_each_rule_and_its_sources() -> None:
    text = why_text(("R5", "R6"))
    assert "first follow-up call not too soon" in text
    assert "Never call on a Monday" in text
    assert "Sources: " in text and "TipTopJob" in text and "ResumeHelp" in text
    assert "R5" not in text  # the ids themselves are not printed again
    general = why_text(("X1",))
    assert general.startswith("General practice, not one of the coaches' rules")
    assert "Sources" not in general
    assert why_text(("R99",)) == ""


def test_the_why_link_carries_the_rules_in_its_tooltip_and_is_reachable(qtbot) -> None:
    box = QWidget()
    qtbot.addWidget(box)
    link = WhyLink()
    QVBoxLayout(box).addWidget(link)
    box.show()
    link.set_rules(("R4",))
    assert link.isVisible() and "Thank each person you met" in link.toolTip()
    assert link.accessibleName() == "Why this step?"
    assert "why?" in link.text()
    link.set_rules(())
    assert not link.isVisible()
