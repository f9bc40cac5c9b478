"""CC101 kernel-exceeds-input.

Its documented example (`convcalc rules CC101`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC101"
# The documented example fixed: a kernel that fits the input.
FIXED = "input: [4, 4, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 3}\n"
OPTIONS: list[str] = []
