"""CC205 layernorm-shape-mismatch.

Its documented example (`convcalc rules CC205`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

from conftest import calculated

CODE = "CC205"
# The documented example fixed: the trailing shape of the input.
FIXED = "input: [8, 8, 16]\nlayers:\n  - {type: layernorm, normalized_shape: [8, 8, 16]}\n"
OPTIONS: list[str] = []


# PyTorch refuses each of these (recorded by tools/record_torch_kinds.py): an error, and as it
# stops the layer nothing else goes wrong on a one-layer net.
REFUSED = {
    "not-trailing": ("input: [4, 5, 2]\nlayers: [{type: layernorm, normalized_shape: 5}]"),
}


def test_mismatch_message_lists_the_written_shape() -> None:
    ((diagnostic,),) = [
        calculated(
            "input: [4, 5, 2]\nlayers: [{type: layernorm, normalized_shape: [4, 2]}]"
        ).diagnostics
    ]
    assert diagnostic.code == CODE
    assert "4×2" in diagnostic.message
