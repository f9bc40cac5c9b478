"""CC102 output-too-small.

Its documented example (`convcalc rules CC102`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC102"
# The documented example fixed: a pooling window that leaves an output.
FIXED = "input: [4, 4, 8]\nlayers:\n  - {type: maxpool, kernel: 2}\n"
OPTIONS: list[str] = []
