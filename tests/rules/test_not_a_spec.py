"""CC008 not-a-spec.

Its documented example (`convcalc rules CC008`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC008"
# The documented example fixed: a mapping with `input` and `layers`.
FIXED = "input: [32, 32, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 3}\n  - relu\n"
OPTIONS: list[str] = []
