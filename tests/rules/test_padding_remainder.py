"""CC104 padding-remainder.

Its documented example (`convcalc rules CC104`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC104"
# The documented example fixed: an input the stride divides.
FIXED = (
    "input: [225, 225, 3]\n"
    "layers:\n"
    "  - {type: conv, filters: 64, kernel: 7, stride: 2, padding: 3}\n"
)
OPTIONS: list[str] = []
