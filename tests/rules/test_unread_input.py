"""CC103 unread-input.

Its documented example (`convcalc rules CC103`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC103"
# The documented example fixed: the 227-pixel input AlexNet's first layer reads whole.
FIXED = "input: [227, 227, 3]\nlayers:\n  - {type: conv, filters: 96, kernel: 11, stride: 4}\n"
OPTIONS: list[str] = []
