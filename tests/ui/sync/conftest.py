"""The sync tests' real server and in-memory keyring, for the GUI tests too."""

import gc
from collections.abc import Iterator

import pytest

from tests.services.sync.conftest import close_phones, memory_keyring, radicale  # noqa: F401


@pytest.fixture(autouse=True)
def collect_in_the_gui_thread() -> Iterator[None]:
    """Free a test's Qt objects in the GUI thread.

    Otherwise Python's collector may run inside the next test's sync worker
    thread and free a context's timers there ("Timers cannot be stopped from
    another thread").
    """
    yield
    gc.collect()
