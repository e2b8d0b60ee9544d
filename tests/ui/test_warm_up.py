"""The start-up warm-up: tab modules and checkers loaded early, start-up objects frozen."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from followup_gui.ui.warm_up import TAB_MODULES


def _run(code: str) -> str:
    """Run ``code`` in a fresh interpreter (its imports and collector are its own)."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_warm_up_loads_every_lazy_tab_and_the_phone_checker() -> None:
    out = _run(
        f"""
        import sys
        from followup_gui.ui.warm_up import check_sample
        wanted = {list(TAB_MODULES)!r} + ["phonenumbers", "email_validator"]
        before = [m for m in wanted if m in sys.modules]
        check_sample("US")
        print(before, [m for m in wanted if m not in sys.modules])
        """
    )
    assert out == "[] []"  # none loaded by the import of the warm-up itself; all after


def test_frozen_start_up_objects_are_left_alone_and_later_garbage_is_still_collected() -> None:
    out = _run(
        """
        import gc
        from followup_gui.ui.warm_up import freeze_start_up_objects

        class Node:
            pass

        kept = Node()
        kept.me = kept  # alive at start-up: frozen
        freeze_start_up_objects()
        frozen = gc.get_freeze_count()
        later = Node()
        later.me = later
        del later  # garbage made after start-up: a cycle only the collector frees
        print(frozen > 1000, gc.collect() >= 1, kept.me is kept)
        """
    )
    assert out == "True True True"
