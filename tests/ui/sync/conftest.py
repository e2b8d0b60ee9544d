"""The sync tests' real server and in-memory keyring, for the GUI tests too."""

from tests.services.sync.conftest import close_phones, memory_keyring, radicale  # noqa: F401
