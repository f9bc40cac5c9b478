"""CC001 yaml-syntax.

Its documented example (`convcalc rules CC001`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC001"
# The documented example fixed: a spec that closes its flow mapping.
FIXED = "input: [32, 32, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 3}\n"
OPTIONS: list[str] = []
