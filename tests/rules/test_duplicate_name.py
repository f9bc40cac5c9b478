"""CC006 duplicate-name.

Its documented example (`convcalc rules CC006`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC006"
# The documented example fixed: each layer its own name.
FIXED = (
    "input: [32, 32, 3]\n"
    "layers:\n"
    "  - {type: conv, name: stem, filters: 8, kernel: 3}\n"
    "  - {type: conv, name: stem2, filters: 8, kernel: 3}\n"
)
OPTIONS: list[str] = []
