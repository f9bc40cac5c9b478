"""CC112 upsample-mode.

Its documented example (`convcalc rules CC112`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC112"
# The documented example fixed: the interpolation mode for a one-dimensional input.
FIXED = "input: [100, 16]\nlayers:\n  - {type: upsample, scale: 2, mode: linear}\n"
OPTIONS: list[str] = []


# PyTorch refuses each of these (recorded by tools/record_torch_kinds.py): an error, and as it
# stops the layer nothing else goes wrong on a one-layer net.
REFUSED = {
    "bilinear-on-1d": ("input: [5, 2]\nlayers: [{type: upsample, scale: 2, mode: bilinear}]"),
    "align_corners-with-nearest": (
        "input: [5, 2]\nlayers: [{type: upsample, scale: 2, align_corners: false}]"
    ),
}
