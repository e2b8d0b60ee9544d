"""Start-up and memory, each run as a fresh process.

The app prints its timings through :mod:`bench.startup_probe`, installed by its
start-up hook (:func:`probe_env`): ``first_paint`` (the main window's first
paint) and ``board_painted`` (the board painted with its cards, or its first-run
panel on an empty database), in seconds from ``FOLLOWUP_BENCH_T0``, the
``time.monotonic()`` this process read just before starting it. Peak RSS is the
child's own ``VmHWM`` at its last report (``rusage`` of a child would also count
the pages of this big parent it was forked from).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.stats import median

FLOOR = Path(__file__).with_name("floor.py")
#: A start that has not quit after this long never will (the probe quits it).
TIMEOUT_S = 120
#: The folder that holds the ``bench`` package (the app imports the probe from it).
ROOT = Path(__file__).resolve().parent.parent
#: FollowUp's start-up hook (``followup_gui/app.py``) and the probe the bench puts in it.
HOOK_ENV = "FOLLOWUP_STARTUP_HOOK"
HOOK = "bench.startup_probe:install"


@dataclass(frozen=True)
class Run:
    """One process: its timings (seconds) and peak RSS (MiB)."""

    moments: dict[str, float]
    peak_rss_mib: float


def run_once(argv: list[str], env_extra: dict[str, str], home: Path) -> Run:
    """Start ``argv``, collect the timing lines it prints, and its peak RSS."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "FOLLOWUP_DATA_DIR": str(home / "data"),
        "FOLLOWUP_CONFIG_DIR": str(home / "config"),
        "XDG_CONFIG_HOME": str(home / "xdg"),
        "FOLLOWUP_NO_DIALOGS": "1",
        **env_extra,
    }
    env["FOLLOWUP_BENCH_T0"] = repr(time.monotonic())
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        out = proc.communicate(timeout=TIMEOUT_S)[0].decode()  # until it quits
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise RuntimeError(f"{argv} did not quit within {TIMEOUT_S} s") from None
    if proc.returncode != 0:
        raise RuntimeError(f"{argv} exited with {proc.returncode}: {out}")
    moments, peak = {}, 0.0
    for line in out.splitlines():
        name, _sep, value = line.partition(" ")
        if name in ("first_paint", "board_painted"):
            moments[name] = float(value)
        elif name == "peak_rss_kib":  # after each moment, and at exit
            peak = max(peak, int(value) / 1024)
    return Run(moments, peak)


def floor_runs(runs: int, home: Path) -> list[Run]:
    """The bare QMainWindow program, ``runs`` times."""
    return [run_once([sys.executable, str(FLOOR)], {}, home) for _ in range(runs)]


def compile_sources() -> None:
    """Write FollowUp's bytecode (and the probe's it runs), as an installed app has it.

    ``pip install`` compiles the modules and the packaged app ships them
    compiled; a developer's checkout writes ``__pycache__`` on its first start.
    Without this, a machine that sets ``PYTHONDONTWRITEBYTECODE`` (this one
    does) would compile every imported module at every start being measured.
    """
    import compileall

    import followup_gui

    compileall.compile_dir(Path(followup_gui.__file__).parent, quiet=1)
    for name in ("__init__.py", "startup_probe.py"):
        compileall.compile_file(Path(__file__).with_name(name), quiet=1)


def probe_env() -> dict[str, str]:
    """The environment that has FollowUp run :mod:`bench.startup_probe` as it starts.

    ``python -m followup_gui`` finds ``bench`` in the current folder; from
    elsewhere, :data:`ROOT` goes on the module path too.
    """
    env = {HOOK_ENV: HOOK}
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if Path.cwd().resolve() != ROOT and str(ROOT) not in paths:
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *paths])
    return env


def app_runs(db: Path, runs: int, home: Path) -> list[Run]:
    """FollowUp on ``db``, ``runs`` times, until the board has painted."""
    argv = [sys.executable, "-m", "followup_gui", "--db", str(db)]
    return [run_once(argv, probe_env(), home) for _ in range(runs)]


def summary(runs: list[Run], moment: str) -> float:
    """Median seconds to ``moment`` over the runs."""
    return median([r.moments[moment] for r in runs])


def peak_rss(runs: list[Run]) -> float:
    """The highest peak RSS (MiB) of the runs."""
    return max(r.peak_rss_mib for r in runs)
