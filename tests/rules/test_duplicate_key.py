"""CC005 duplicate-key.

Its documented example (`convcalc rules CC005`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC005"
# The documented example fixed: `kernel` given once.
FIXED = "input: [32, 32, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 5}\n"
OPTIONS: list[str] = []
