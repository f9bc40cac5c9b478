"""CC204 dense-needs-flat.

Its documented example (`convcalc rules CC204`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC204"
# The documented example fixed: a flatten before the dense layer.
FIXED = "input: [6, 6, 256]\nlayers:\n  - flatten\n  - {type: dense, units: 4096}\n"
OPTIONS: list[str] = []
