"""Small value classes with slots, for objects made on every command.

They behave as the dataclasses they replace (equality field by field, ``Name(a=1, b=2)``
reprs, and for frozen ones a field hash and no assignment) without importing ``dataclasses``
or generating code when the module is imported. Each subclass lists its fields, in order, as
``__slots__`` and writes its own ``__init__``.
"""

from __future__ import annotations

from typing import Any

set_field = object.__setattr__  # how a frozen value's __init__ assigns its fields


class Record:
    """A mutable value: compared field by field, unhashable."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]
    _hidden: tuple[str, ...] = ()  # fields left out of the repr

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={getattr(self, name)!r}" for name in self.__slots__ if name not in self._hidden
        )
        return f"{type(self).__qualname__}({shown})"


class FrozenRecord(Record):
    """An immutable value: also hashable by its fields."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(self._values())

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")
