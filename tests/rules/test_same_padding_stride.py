"""CC014 same-padding-stride.

Its documented example (`convcalc rules CC014`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC014"
# The documented example fixed: `same` padding with stride 1.
FIXED = "input: [32, 32, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 3, padding: same}\n"
OPTIONS: list[str] = []
