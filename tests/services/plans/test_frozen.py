"""``positional_factory`` builds objects equal to the class's own, or is the class."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

from followup_gui.domain import (
    ApplicationFacts,
    AttemptFacts,
    AttemptKind,
    ContactFacts,
    InterviewFacts,
    InterviewFormat,
    Outcome,
    PlaybookName,
)
from followup_gui.services.plans.frozen import positional_factory

AT = datetime(2026, 3, 4, 15, 30, tzinfo=UTC)


def test_built_objects_equal_the_classes_own() -> None:
    attempt = (None, AttemptKind.CALL, AT, Outcome.SPOKE, "notes", date(2026, 3, 9))
    interview = ("7", AT, AT, ("1", "2"), InterviewFormat.ONSITE, "HQ")
    contact = ("1", "Dana", "CTO", "Acme", "D", "d@acme.test", "+1", "1 Main St", True)
    app = (
        "3",
        "Acme",
        "Engineer",
        "interviewed",
        "Europe/Berlin",
        PlaybookName.BALANCED,
        None,
        (InterviewFacts(*interview),),
        (AttemptFacts(*attempt),),
        {"1": ContactFacts(*contact)},
        "1",
        {"call:1": AT},
        frozenset({"feedback"}),
        AT,
        True,
    )
    for cls, values in (
        (AttemptFacts, attempt),
        (InterviewFacts, interview),
        (ContactFacts, contact),
        (ApplicationFacts, app),
    ):
        make = positional_factory(cls)
        assert make is not cls
        built = make(*values)
        assert type(built) is cls
        assert built == cls(*values)
        if cls is not ApplicationFacts:  # whose mappings make it unhashable
            assert hash(built) == hash(cls(*values))
        assert dataclasses.astuple(built) == dataclasses.astuple(cls(*values))


@dataclasses.dataclass(frozen=True, slots=True)
class _Checked:
    value: int

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError("negative")


@dataclasses.dataclass(slots=True)
class _Mutable:
    value: int


@dataclasses.dataclass(frozen=True)
class _NoSlots:
    value: int


def test_classes_whose_init_does_more_are_returned_as_they_are() -> None:
    for cls in (_Checked, _Mutable, _NoSlots, int):
        assert positional_factory(cls) is cls
