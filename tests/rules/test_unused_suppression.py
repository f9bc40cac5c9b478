"""CC301 unused-suppression.

Its documented example (`convcalc rules CC301`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC301"
# The documented example fixed: a suppression that suppresses something.
FIXED = (
    "input: [224, 224, 3]\n"
    "layers:\n"
    "  - {type: conv, filters: 96, kernel: 11, stride: 4}  # convcalc: ignore[CC103]\n"
)
OPTIONS: list[str] = []
