"""Cheaper construction of frozen, slotted dataclasses built by the ten thousand.

The ``__init__`` that ``dataclasses`` writes for a frozen class sets each field
through ``object.__setattr__`` looked up by name, which is about half of the cost
of building small objects such as :class:`followup_gui.domain.AttemptFacts`. A
re-plan through storage builds tens of thousands of them. :func:`positional_factory`
writes the same assignments as direct calls of the slots' descriptors instead,
which is twice as fast and gives an equal object of the same class.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable
from typing import Any, TypeVar, cast

T = TypeVar("T")


def positional_factory(cls: type[T]) -> Callable[..., T]:
    """A function taking every field of ``cls`` positionally, in order, and building one.

    ``make(a, b, c)`` equals ``cls(a, b, c)`` when all fields are given. Only a
    frozen, slotted dataclass whose ``__init__`` does nothing else qualifies;
    for any other class (or once the class gains a ``__post_init__`` or a field
    outside ``__init__``) the class itself is returned, so behaviour never differs.

    Args:
        cls: the dataclass.

    Returns:
        The fast builder, or ``cls``.
    """
    if not _plain_frozen_slots(cls):
        return cls
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    namespace.update({f"_set_{name}": getattr(cls, name).__set__ for name in names})
    body = "".join(f"    _set_{name}(self, {name})\n" for name in names)
    source = f"def make({', '.join(names)}):\n    self = _new(_cls)\n{body}    return self\n"
    # The same technique ``dataclasses`` uses for ``__init__``: source built from
    # the class's own field names (identifiers), compiled once per class.
    exec(source, namespace)
    make = namespace["make"]
    make.__qualname__ = f"positional_factory({cls.__qualname__})"
    return cast(Callable[..., T], make)


def _plain_frozen_slots(cls: type[Any]) -> bool:
    """Whether the generated ``__init__`` of ``cls`` only stores its arguments."""
    if not dataclasses.is_dataclass(cls):
        return False
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    if not (params.frozen and params.init):  # init=False: the class writes its own
        return False
    if "__slots__" not in cls.__dict__ or hasattr(cls, "__post_init__"):
        return False
    return all(
        f.init and isinstance(cls.__dict__.get(f.name), types.MemberDescriptorType)
        for f in dataclasses.fields(cls)
    )
