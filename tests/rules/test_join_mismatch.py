"""CC220 join-mismatch.

Its documented example (`convcalc rules CC220`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC220"
# The documented example fixed: branches of the same shape.
FIXED = (
    "input: [32, 32, 3]\n"
    "layers:\n"
    "  - {type: conv, name: a, filters: 64, kernel: 3, padding: 1}\n"
    "  - {type: conv, name: b, from: input, filters: 64, kernel: 1}\n"
    "  - {type: add, from: [a, b]}\n"
)
OPTIONS: list[str] = []
