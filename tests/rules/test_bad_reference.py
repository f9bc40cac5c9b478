"""CC015 bad-reference.

Its documented example (`convcalc rules CC015`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC015"
# The documented example fixed: `from` naming layers that exist.
FIXED = (
    "input: [32, 32, 3]\n"
    "layers:\n"
    "  - {type: conv, name: conv2, filters: 3, kernel: 3, padding: 1}\n"
    "  - {type: identity, name: shortcut, from: input}\n"
    "  - {type: add, from: [conv2, shortcut]}\n"
)
OPTIONS: list[str] = []
