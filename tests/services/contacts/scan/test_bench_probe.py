"""The scan probe of `make bench` runs and reports its figures."""

from __future__ import annotations

from bench.card_set import CARDS, SHOTS
from bench.cards import write_photo
from bench.scan import _probe


def test_the_probe_scans_in_a_fresh_process_and_reports_time_and_memory(tesseract, photo_dir):
    photo = write_photo(CARDS[4], SHOTS[4], photo_dir / "probe.jpg")
    figures = _probe(photo)
    assert figures["name"] == CARDS[4].name
    assert 0 < figures["wall"] < 60
    assert figures["cpu_children"] > 0  # Tesseract ran as a child process
    assert figures["rss_self_mib"] > 30 and figures["rss_children_mib"] > 10
