"""CC105 partial-window.

Its documented example (`convcalc rules CC105`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC105"
# The documented example fixed: an input the pooling windows tile.
FIXED = "input: [8, 8, 8]\nlayers:\n  - {type: maxpool, kernel: 2, ceil_mode: true}\n"
OPTIONS: list[str] = []
