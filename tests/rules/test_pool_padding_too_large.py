"""CC106 pool-padding-too-large.

Its documented example (`convcalc rules CC106`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC106"
# The documented example fixed: padding at most half the kernel.
FIXED = "input: [32, 32, 3]\nlayers:\n  - {type: maxpool, kernel: 2, padding: 1}\n"
OPTIONS: list[str] = []
