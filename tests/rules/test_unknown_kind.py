"""CC007 unknown-kind.

Its documented example (`convcalc rules CC007`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC007"
# The documented example fixed: the kind's own name.
FIXED = "input: [32, 32, 3]\nlayers:\n  - {type: conv_transpose, filters: 8, kernel: 3}\n"
OPTIONS: list[str] = []
