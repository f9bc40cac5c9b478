"""CC115 instancenorm-single-position.

Its documented example (`convcalc rules CC115`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC115"
# The documented example fixed: instance norm over more than one position.
FIXED = "input: [8, 8, 64]\nlayers:\n  - instancenorm\n"
OPTIONS: list[str] = []


# PyTorch refuses each of these (recorded by tools/record_torch_kinds.py): an error, and as it
# stops the layer nothing else goes wrong on a one-layer net.
REFUSED = {
    "1x1": ("input: [1, 1, 4]\nlayers: [instancenorm]"),
}
