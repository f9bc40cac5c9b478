"""CC004 wrong-type.

Its documented example (`convcalc rules CC004`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC004"
# The documented example fixed: `filters` a number.
FIXED = "input: [32, 32, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 3}\n"
OPTIONS: list[str] = []
