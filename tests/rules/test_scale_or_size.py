"""CC111 scale-or-size.

Its documented example (`convcalc rules CC111`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC111"
# The documented example fixed: a scale alone.
FIXED = "input: [32, 32, 3]\nlayers:\n  - {type: upsample, scale: 2}\n"
OPTIONS: list[str] = []


# PyTorch refuses each of these (recorded by tools/record_torch_kinds.py): an error, and as it
# stops the layer nothing else goes wrong on a one-layer net.
REFUSED = {
    "scale-and-size": ("input: [5, 2]\nlayers: [{type: upsample, scale: 2, size: 10}]"),
    "neither": ("input: [5, 2]\nlayers: [upsample]"),
}
