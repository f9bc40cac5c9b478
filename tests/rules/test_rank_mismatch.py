"""CC011 rank-mismatch.

Its documented example (`convcalc rules CC011`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC011"
# The documented example fixed: the one-dimensional convolution for a sequence.
FIXED = "input: [100, 16]\nlayers:\n  - {type: conv1d, filters: 8, kernel: 3, padding: 1}\n"
OPTIONS: list[str] = []
