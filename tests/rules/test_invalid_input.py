"""CC012 invalid-input.

Its documented example (`convcalc rules CC012`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC012"
# The documented example fixed: an input of positive sizes.
FIXED = "input: [224, 224, 3]\nlayers:\n  - relu\n"
OPTIONS: list[str] = []
