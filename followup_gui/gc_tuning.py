"""FollowUp's garbage-collector switches, in one place: a pause and a freeze.

Python's cyclic collector runs after every few hundred new container objects,
and now and then walks every older object again. FollowUp changes that twice,
each kept because ``make bench`` (N = 2,000) shows it matters:

* :func:`collector_paused` keeps it off while a read builds thousands of
  short-lived facts and records (none of them in a reference cycle: reference
  counting frees them anyway). Measured with and without, alternated in one
  process: JSON export 3.5 vs 6.9 s, re-plan through storage 153 vs 190 ms,
  board load 57 vs 82 ms, the insights' records 0.46 vs 0.70 s.
* :func:`collect_due` lets only the window's thread collect: the automatic
  collector is switched off and a timer of the window asks this every second
  (``ui/shell/warm_up.py``). Python's collector runs in whichever thread
  allocates when a threshold is crossed; in a worker thread (a sync pass, a
  scan, an import) it could free a window's Qt objects there, and Qt's timers
  and widgets must die in their own thread: "Timers cannot be stopped from
  another thread", or a crash. The same thresholds decide when, so the cost
  is what it was.
* :func:`freeze_start_up_objects` (a few seconds after start-up,
  ``ui/shell/warm_up.py``) takes everything alive then out of later
  collections. A full collection walks about 100,000 start-up objects (modules,
  Qt wrappers, the ORM's mappers, the board): 55-80 ms, 8-12 ms once they are
  frozen. Without the freeze, every bench run had one card move of 84-115 ms
  (a full collection during the moves; at most 24-51 ms with it), and card-move
  p95 was 17-23 ms instead of 11-16 ms (medians of 3 runs each, twice).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects.

    Nested pauses and a collector already off are left as they were: it is
    enabled again only by the pause that disabled it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def freeze_start_up_objects() -> None:
    """Collect start-up garbage once, then leave everything alive out of later collections.

    What the start-up built lives as long as the application. ``gc.freeze``
    moves it to a generation the collector no longer walks, so its pauses stay
    short; objects freed later by reference counting are still freed.
    """
    gc.collect()
    gc.freeze()


def refreeze_after_restore() -> None:
    """After a restore, let go of the frozen objects it replaced (the old engine, pool, views).

    Only where start-up objects were frozen (the application, not tests): they go
    back to the collector, the garbage among them is collected, and what is alive
    now is frozen again.
    """
    if gc.get_freeze_count():
        gc.unfreeze()
        freeze_start_up_objects()


def collect_due(thresholds: tuple[int, int, int]) -> int:
    """Collect what the automatic collector would have by now (call it from one thread).

    Args:
        thresholds: ``gc.get_threshold()`` as it was before the collector was
            switched off.

    Returns:
        The generation collected, or -1 when none was due.
    """
    counts = gc.get_count()
    generation = -1
    for level in range(3):
        if counts[level] <= thresholds[level]:
            break
        generation = level
    if generation >= 0:
        gc.collect(generation)
    return generation
