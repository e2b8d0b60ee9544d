"""Mail fixtures: the real servers, and a keyring that lives in memory (tests/mail_servers.py)."""

from tests.mail_servers import (  # noqa: F401
    mail_servers,
    memory_keyring,
    secure_smtp,
    trust_test_certificate,
)
