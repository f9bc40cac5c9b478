"""CC206 groupnorm-groups.

Its documented example (`convcalc rules CC206`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC206"
# The documented example fixed: a group count that divides the channels.
FIXED = "input: [8, 8, 30]\nlayers:\n  - {type: groupnorm, num_groups: 5}\n"
OPTIONS: list[str] = []


# PyTorch refuses each of these (recorded by tools/record_torch_kinds.py): an error, and as it
# stops the layer nothing else goes wrong on a one-layer net.
REFUSED = {
    "3-of-4": ("input: [4, 4, 4]\nlayers: [{type: groupnorm, num_groups: 3}]"),
}
