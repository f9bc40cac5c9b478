"""CC208 prelu-parameters.

Its documented example (`convcalc rules CC208`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

from conftest import calculated

CODE = "CC208"
# The documented example fixed: one parameter per channel.
FIXED = "input: [8, 8, 16]\nlayers:\n  - {type: prelu, num_parameters: 16}\n"
OPTIONS: list[str] = []


# PyTorch refuses each of these (recorded by tools/record_torch_kinds.py): an error, and as it
# stops the layer nothing else goes wrong on a one-layer net.
REFUSED = {
    "3-of-2": ("input: [5, 4, 2]\nlayers: [{type: prelu, num_parameters: 3}]"),
}


def test_one_parameter_per_channel_is_fine() -> None:
    text = "input: [5, 4, 2]\nlayers: [{type: prelu, num_parameters: 2}]"
    assert calculated(text).diagnostics == ()
