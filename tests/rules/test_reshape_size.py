"""CC234 reshape-size.

Its documented example reports it and nothing else; the example fixed reports nothing. What
PyTorch refuses (recorded by tools/record_torch_plumbing.py, replayed by
tests/kinds/test_torch_plumbing_parity.py) is this error alone."""

from __future__ import annotations

from conftest import calculated

CODE = "CC234"
FIXED = "input: [4, 4, 3]\nlayers:\n  - {type: reshape, shape: [4, 12, -1]}\n"

# Each is this error alone (tests/rules/test_documented_examples.py runs them too).
REFUSED = {
    name: f"input: [4, 4, 3]\nlayers: {layers}"
    for name, layers in {
        "count": "[{type: reshape, shape: [5, 5, 2]}]",
        "two-unknown": "[{type: reshape, shape: [-1, -1, 3]}]",
        "zero": "[{type: reshape, shape: [0, 48]}]",
        "unflatten-not-flat": "[{type: unflatten, sizes: [3, 4, 4]}]",
        "unflatten-count": "[flatten, {type: unflatten, sizes: [5, 5, 5]}]",
    }.items()
}


def test_the_new_shape_is_read_in_the_specs_layout() -> None:
    hwc = calculated("input: [4, 4, 3]\nlayers: [{type: reshape, shape: [2, 8, 3]}]")
    chw = calculated("layout: chw\ninput: [3, 4, 4]\nlayers: [{type: reshape, shape: [3, 2, 8]}]")
    assert hwc.layers[0].output_shape == chw.layers[0].output_shape
