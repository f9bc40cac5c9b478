"""CC003 unknown-field.

Its documented example (`convcalc rules CC003`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC003"
# The documented example fixed: `stride` spelt right.
FIXED = (
    "input: [32, 32, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 4, stride: 2, padding: 1}\n"
)
OPTIONS: list[str] = []
