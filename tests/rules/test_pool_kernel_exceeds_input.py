"""CC107 pool-kernel-exceeds-input.

Its documented example (`convcalc rules CC107`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC107"
# The documented example fixed: a pooling window that fits the depth.
FIXED = "input: [2, 8, 8, 4]\nlayers:\n  - {type: avgpool, kernel: 2}\n"
OPTIONS: list[str] = []
# The documented example's padding 1 also leaves a remainder on the 8-pixel axes.
ALSO_REPORTED = {"CC104"}
