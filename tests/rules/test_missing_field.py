"""CC002 missing-field.

Its documented example (`convcalc rules CC002`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC002"
# The documented example fixed: the conv given its filters (and the spec its input).
FIXED = "input: [32, 32, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 3}\n"
OPTIONS: list[str] = []
