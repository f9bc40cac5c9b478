"""CC230 split-sizes.

Its documented example (`convcalc rules CC230`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing. What PyTorch and TensorFlow refuse is this error alone, and
the message names the pieces and sizes."""

from __future__ import annotations

from conftest import calculated

CODE = "CC230"
# The documented example fixed: sizes that add up to the 116 channels (ShuffleNetV2's split).
FIXED = "input: [28, 28, 116]\nlayers:\n  - {type: split, sizes: [58, 58]}\n"


# torch.split(x, [58, 50], dim=1) on 116 channels: "split_with_sizes expects split_sizes to sum
# exactly to 116"; x.chunk(4, dim=1) on 6 channels gives 3 pieces of 2 (recorded by
# tools/record_torch_plumbing.py); an axis the tensor lacks; neither or both ways of cutting.
REFUSED = {
    "sizes-sum": ("input: [28, 28, 116]\nlayers: [{type: split, sizes: [58, 50]}]", "108"),
    "missing-chunk": ("input: [4, 4, 6]\nlayers: [{type: chunk, chunks: 4}]", "piece 3"),
    "axis": ("input: [4, 4, 6]\nlayers: [{type: split, chunks: 2, axis: 3}]", "no axis 3"),
    "neither": ("input: [4, 4, 6]\nlayers: [split]", "exactly one"),
    "both": ("input: [4, 4, 6]\nlayers: [{type: split, chunks: 2, sizes: [3, 3]}]", "one of"),
}


def test_tensorflow_demands_equal_pieces_pytorch_does_not() -> None:
    # torch.chunk(4) of 7 gives pieces of 2, 2, 2 and 1; tf.split(x, 4) refuses 7.
    text = "input: [4, 4, 7]\nlayers: [{type: split, chunks: 4}]\n"
    assert calculated(text).diagnostics == ()
    refused = calculated(text, framework="tensorflow").diagnostics
    assert {diagnostic.code for diagnostic in refused} == {CODE}


def test_chunks_out_of_bounds_is_value_out_of_range_alone() -> None:
    found = {
        d.code
        for d in calculated("input: [4, 4, 6]\nlayers: [{type: split, chunks: 0}]").diagnostics
    }
    assert found == {"CC010"}
