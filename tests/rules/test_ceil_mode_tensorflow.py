"""CC113 ceil-mode-tensorflow.

Its documented example (`convcalc rules CC113`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC113"
# The documented example fixed: pooling without `ceil_mode` (TensorFlow has none).
FIXED = "input: [32, 32, 3]\nlayers:\n  - {type: maxpool, kernel: 2}\n"
OPTIONS: list[str] = ["--framework", "tensorflow"]
