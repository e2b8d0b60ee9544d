"""Counts in words with the right singular: "Imported 1 contact", "Imported 3 contacts".

Never "contact(s)": the caller passes both sentences, each through ``tr()`` so a
translator writes both forms.
"""

from __future__ import annotations


def counted(n: int, one: str, many: str, **values: object) -> str:
    """``one`` when ``n`` is 1, else ``many``, with ``{n}`` and ``values`` filled in.

    Args:
        n: the count.
        one: the translated sentence for exactly one, e.g. ``Imported 1 contact.``
        many: the translated sentence for any other count, e.g. ``Imported {n} contacts.``
        values: other fields of the sentences, e.g. ``p=path``.
    """
    return (one if n == 1 else many).format(n=n, **values)
