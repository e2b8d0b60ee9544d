"""The start-up warm-up: tab modules and checkers loaded early, start-up objects frozen."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from followup_gui.ui.shell.warm_up import SWITCH_INTERVAL_S, TAB_MODULES


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
        from followup_gui.ui.shell.warm_up import check_sample
        wanted = {list(TAB_MODULES)!r} + ["phonenumbers", "email_validator"]
        before = [m for m in wanted if m in sys.modules]
        check_sample("US")
        print(before, [m for m in wanted if m not in sys.modules])
        """
    )
    assert out == "[] []"  # none loaded by the import of the warm-up itself; all after


def test_the_app_freezes_once_started_and_a_restore_lets_the_replaced_objects_go() -> None:
    out = _run(
        """
        import gc, weakref
        from PySide6.QtCore import QCoreApplication, QTimer
        from followup_gui import gc_tuning
        from followup_gui.ui.shell import warm_up
        class Engine:  # stands for what a restore replaces (engine, pool, old views)
            pass

        app = QCoreApplication([])
        old = Engine()
        old.me = old  # a cycle: only the collector frees it
        gone = weakref.ref(old)
        warm_up.FREEZE_AFTER_MS = 10
        warm_up.freeze_later()
        QTimer.singleShot(200, app.quit)
        app.exec()
        frozen = gc.get_freeze_count() > 0
        del old  # replaced by a restore
        gc.collect()
        kept_while_frozen = gone() is not None
        gc_tuning.refreeze_after_restore()
        print(frozen, kept_while_frozen, gone() is None, gc.get_freeze_count() > 0)
        """
    )
    assert out == "True True True True"


def test_without_a_freeze_a_restore_leaves_the_collector_as_it_was() -> None:
    out = _run(
        """
        import gc
        from followup_gui.gc_tuning import refreeze_after_restore

        refreeze_after_restore()  # tests' windows: nothing was frozen
        print(gc.get_freeze_count())
        """
    )
    assert out == "0"


def test_the_app_has_worker_threads_offer_the_interpreter_often(tmp_path) -> None:
    """Started as a user starts it, the app lets the window in every millisecond.

    And Python's automatic collector is off: the window's thread collects from a
    timer (``warm_up.collect_in_this_thread``), so no worker thread ever frees
    the window's Qt objects.
    """
    import os

    db = tmp_path / "s.sqlite3"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import atexit, sys; "
            "import gc; "
            "atexit.register(lambda: print('interval', sys.getswitchinterval(), gc.isenabled())); "
            "from followup_gui.app import main; "
            f"sys.exit(main(['--db', {str(db)!r}, '--smoke-test']))",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == f"interval {SWITCH_INTERVAL_S} False"
