"""Counts read as English: "1 contact", never "1 contacts" or "contact(s)"."""

from __future__ import annotations

from followup_gui.ui.common.counts import counted


def test_one_is_singular_and_every_other_count_plural() -> None:
    one, many = "Imported 1 contact to {p}.", "Imported {n} contacts to {p}."
    assert counted(1, one, many, p="a.vcf") == "Imported 1 contact to a.vcf."
    assert counted(0, one, many, p="a.vcf") == "Imported 0 contacts to a.vcf."
    assert counted(3, one, many, p="a.vcf") == "Imported 3 contacts to a.vcf."
