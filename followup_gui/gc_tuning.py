"""FollowUp's one garbage-collector switch: paused while building many small objects.

Python's cyclic collector runs after every few hundred new container objects,
and walks every older object again now and then. Reading thousands of rows into
short-lived facts and records (none of them in a reference cycle) makes it run
over and over, for nothing: reference counting frees them anyway.
:func:`collector_paused` keeps it off for such a read. Measured at N = 2,000
(``make bench``'s database; each side alternated in one process): JSON export
3.5 s with the pause vs 6.9 s without, re-plan through storage 153 vs 190 ms,
board load 57 vs 82 ms, the insights' records 0.46 vs 0.70 s.

Not here, because the bench shows no gain: freezing the start-up objects out of
the collection (``gc.freeze``) left card moves and filter keystrokes as they were
(no full collection happens during the bench's 120 moves and 88 keystrokes
without it; with it, one of 8 ms did).
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
