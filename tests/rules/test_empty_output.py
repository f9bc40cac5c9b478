"""CC108 empty-output.

Its documented example (`convcalc rules CC108`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

from conftest import calculated

CODE = "CC108"
# The documented example fixed: less padding than the transposed output.
FIXED = "input: [4, 4, 8]\nlayers:\n  - {type: conv_transpose, filters: 8, kernel: 1, padding: 1}\n"
OPTIONS: list[str] = []


# PyTorch refuses each of these (recorded by tools/record_torch_kinds.py): an error, and as it
# stops the layer nothing else goes wrong on a one-layer net.
REFUSED = {
    "conv_transpose-1d": (
        "input: [4, 8]\nlayers: [{type: conv_transpose, filters: 2, kernel: 1, padding: 2}]"
    ),
    "upsample-scale": ("input: [5, 5, 2]\nlayers: [{type: upsample, scale: 0.1}]"),
}


def test_empty_output_shows_the_equation() -> None:
    ((diagnostic,),) = [
        calculated(
            "input: [4, 8]\nlayers: [{type: conv_transpose, filters: 2, kernel: 1, padding: 2}]"
        ).diagnostics
    ]
    assert "(4 − 1)·1 − 2 − 2 + 1·(1 − 1) + 0 + 1 = 0" in diagnostic.message
    ((diagnostic,),) = [
        calculated("input: [5, 2]\nlayers: [{type: upsample, scale: 0.1}]").diagnostics
    ]
    assert "floor(5 × 0.1) = 0" in diagnostic.message
