"""CC201 groups-mismatch.

Its documented example (`convcalc rules CC201`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC201"
# The documented example fixed: groups that divide the channels and the filters.
FIXED = "input: [32, 32, 6]\nlayers:\n  - {type: conv, filters: 8, kernel: 3, groups: 2}\n"
OPTIONS: list[str] = []


# PyTorch refuses each of these (recorded by tools/record_torch_kinds.py): an error, and as it
# stops the layer nothing else goes wrong on a one-layer net.
REFUSED = {
    "groups-in": ("input: [5, 5, 4]\nlayers: [{type: conv, filters: 6, kernel: 3, groups: in}]"),
}
