"""CC114 strided-dilation-tensorflow.

Its documented example (`convcalc rules CC114`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC114"
# The documented example fixed: dilation with stride 1.
FIXED = "input: [32, 32, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 3, dilation: 2}\n"
OPTIONS: list[str] = ["--framework", "tensorflow"]
