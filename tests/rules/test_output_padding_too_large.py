"""CC109 output-padding-too-large.

Its documented example (`convcalc rules CC109`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

from conftest import calculated

CODE = "CC109"
# The documented example fixed: output padding below the stride.
FIXED = (
    "input: [32, 32, 3]\n"
    "layers:\n"
    "  - {type: conv_transpose, filters: 8, kernel: 3, stride: 2, output_padding: 1}\n"
)
OPTIONS: list[str] = []


# PyTorch refuses each of these (recorded by tools/record_torch_kinds.py): an error, and as it
# stops the layer nothing else goes wrong on a one-layer net.
REFUSED = {
    "stride-2": (
        "input: [8, 2]\n"
        "layers: [{type: conv_transpose, filters: 2, kernel: 3, stride: 2, output_padding: 2}]"
    ),
}


def test_output_padding_below_dilation_is_fine() -> None:
    # PyTorch accepts output_padding 2 with stride 1 and dilation 3 (2 < 3).
    text = (
        "input: [5, 2]\nlayers: [{type: conv_transpose, filters: 2, kernel: 3, dilation: 3, "
        "output_padding: 2}]"
    )
    assert calculated(text).diagnostics == ()
