"""CC010 value-out-of-range.

Its documented example (`convcalc rules CC010`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC010"
# The documented example fixed: a stride of at least 1.
FIXED = "input: [32, 32, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 3}\n"
OPTIONS: list[str] = []
