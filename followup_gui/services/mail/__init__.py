"""Mail: open a step's email in the user's mail program, or send it and read replies.

- :mod:`.mailto`: the zero set-up path, a ``mailto:`` link (RFC 6068).
- :mod:`.recipients`: who a step's email goes to (and who could be copied).
- :mod:`.account`: the optional IMAP/SMTP account; its password in the system keyring.
- :mod:`.connect`: opening connections, with one clear message per failure.
- :mod:`.sending`: send a step's email over SMTP, keep a copy in Sent, log Sent.
- :mod:`.sync`, :mod:`.parsing`, :mod:`.matching`, :mod:`.rules`: read new mail into
  proposals; :mod:`.proposals`: list, accept (logs the outcome) and dismiss them.
"""
