"""Diagnostics: what the rules report, with a stable code, a severity and a location."""

from __future__ import annotations

import enum

from convcalc.core.records import frozen
from convcalc.core.specs import Location


class Severity(enum.IntEnum):
    """Ordered so that `max()` gives the worst."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()


@frozen
class Finding:
    """What a rule found, before the core attaches code, severity and place."""

    message: str
    hint: str | None = None
    field: str | None = None


@frozen
class Diagnostic:
    code: str
    name: str
    severity: Severity
    message: str
    hint: str | None = None
    layer: str | None = None
    location: Location | None = None
    # For a layer inside a block: where the enclosing block instances were used.
    use_sites: tuple[Location, ...] = ()
