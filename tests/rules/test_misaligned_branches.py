"""CC120 misaligned-branches.

Its documented example (`convcalc rules CC120`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC120"
# The documented example fixed: both branches padded alike.
FIXED = (
    "input: [32, 32, 3]\n"
    "layers:\n"
    "  - {type: conv, name: a, filters: 8, kernel: 3, padding: 1}\n"
    "  - {type: conv, name: b, from: input, filters: 8, kernel: 3, padding: 1}\n"
    "  - {type: add, from: [a, b]}\n"
)
OPTIONS: list[str] = []
