"""CC016 bad-block.

Its documented example (`convcalc rules CC016`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC016"
# The documented example fixed: the block's argument spelt as declared.
FIXED = (
    "input: [32, 32, 3]\n"
    "blocks:\n"
    "  pair:\n"
    "    args: {width: null}\n"
    "    layers:\n"
    "      - {type: conv, filters: $width, kernel: 3}\n"
    "layers:\n"
    "  - {type: pair, width: 8}\n"
)
OPTIONS: list[str] = []
