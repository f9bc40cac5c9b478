"""CC202 in-channels-mismatch.

Its documented example (`convcalc rules CC202`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC202"
# The documented example fixed: `in_channels` that match the input.
FIXED = "input: [32, 32, 3]\nlayers:\n  - {type: conv, in_channels: 3, filters: 8, kernel: 3}\n"
OPTIONS: list[str] = []


# PyTorch refuses each of these (recorded by tools/record_torch_kinds.py): an error, and as it
# stops the layer nothing else goes wrong on a one-layer net.
REFUSED = {
    "groupnorm-num_channels": (
        "input: [5, 5, 4]\nlayers: [{type: groupnorm, num_groups: 2, num_channels: 8}]"
    ),
}
