"""CC110 pad-too-large.

Its documented example (`convcalc rules CC110`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

from conftest import calculated

CODE = "CC110"
# The documented example fixed: reflect padding below the input size.
FIXED = "input: [3, 3, 8]\nlayers:\n  - {type: reflection_pad, padding: 2}\n"
OPTIONS: list[str] = []


# PyTorch refuses each of these (recorded by tools/record_torch_kinds.py): an error, and as it
# stops the layer nothing else goes wrong on a one-layer net.
REFUSED = {
    "reflection_pad-one-side": (
        "input: [5, 4, 2]\nlayers: [{type: reflection_pad, padding: [[0, 0], [4, 0]]}]"
    ),
    "CircularPad1d": ("input: [5, 2]\nlayers: [{type: CircularPad1d, padding: 6}]"),
    "conv-padding_mode-reflect": (
        "input: [5, 2]\n"
        "layers: [{type: conv, filters: 2, kernel: 3, padding: 5, padding_mode: reflect}]"
    ),
}


def test_padding_limits_at_the_edge() -> None:
    # reflect: each side < L (4 on 5 fine); circular: each side <= L (5 on 5 fine); replicate: any.
    assert (
        calculated("input: [5, 2]\nlayers: [{type: reflection_pad, padding: 4}]").diagnostics == ()
    )
    circular = "input: [5, 2]\nlayers: [{type: circular_pad, padding: [[5, 0]]}]"
    assert calculated(circular).diagnostics == ()
    replicate = "input: [1, 2]\nlayers: [{type: replication_pad, padding: 50}]"
    assert calculated(replicate).diagnostics == ()
    # PyTorch 'same' with reflect on 5 with kernel 12 pads (5, 6): refused.
    text = (
        "input: [5, 2]\nlayers: [{type: conv, filters: 2, kernel: 12, padding: same, "
        "padding_mode: reflect}]"
    )
    assert [diagnostic.code for diagnostic in calculated(text).diagnostics] == [CODE]
