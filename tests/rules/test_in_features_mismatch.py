"""CC203 in-features-mismatch.

Its documented example (`convcalc rules CC203`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC203"
# The documented example fixed: `in_features` that match the input.
FIXED = "input: [784]\nlayers:\n  - {type: dense, in_features: 784, units: 10}\n"
OPTIONS: list[str] = []
