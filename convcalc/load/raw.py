"""A source-neutral tree of what the user wrote, each piece with its location."""

from __future__ import annotations

from typing import Any

from convcalc.core.printable import DEFAULT_LIMIT
from convcalc.core.records import frozen
from convcalc.core.specs import Location


@frozen(slots=True)
class RawScalar:
    value: Any
    location: Location


@frozen(slots=True)
class RawSeq:
    items: tuple[Raw, ...]
    location: Location


@frozen(slots=True)
class RawEntry:
    key: Raw
    value: Raw


@frozen(slots=True)
class RawMap:
    entries: tuple[RawEntry, ...]
    location: Location


Raw = RawScalar | RawSeq | RawMap


def describe(raw: Raw) -> str:
    """What a value is, for messages: `'eight'`, `a list`, `a mapping`."""
    if isinstance(raw, RawSeq):
        return "a list"
    if isinstance(raw, RawMap):
        return "a mapping"
    if raw.value is None:
        return "nothing"
    if isinstance(raw.value, bool):
        return str(raw.value).lower()
    if isinstance(raw.value, str) and len(raw.value) > DEFAULT_LIMIT:
        # A 100 KB value is not echoed whole; repr escapes what is not printable.
        hidden = len(raw.value) - DEFAULT_LIMIT
        return f"{raw.value[:DEFAULT_LIMIT]!r}…({hidden:,} more characters)"
    return repr(raw.value)
