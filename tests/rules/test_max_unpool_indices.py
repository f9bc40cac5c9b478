"""CC236 max-unpool-indices.

Its documented example reports it and nothing else; the example fixed reports nothing. What
PyTorch refuses (recorded by tools/record_torch_plumbing.py, replayed by
tests/kinds/test_torch_plumbing_parity.py: indices of another shape, an output_size out of range)
is this error alone."""

from __future__ import annotations

from conftest import calculated

CODE = "CC236"
FIXED = (
    "input: [32, 32, 8]\nlayers:\n  - {type: maxpool, name: pool, kernel: 2}\n"
    "  - {type: conv, filters: 8, kernel: 1}\n"
    "  - {type: max_unpool, kernel: 2, from: [conv1, pool]}\n"
)


def test_indices_from_a_layer_that_is_no_max_pool() -> None:
    text = FIXED.replace("from: [conv1, pool]", "from: [pool, conv1]")
    (error,) = calculated(text).diagnostics
    assert error.code == CODE and "not a max pooling layer" in error.message


def test_output_size_within_a_stride_of_the_default() -> None:
    # MaxUnpool2d(2) of 16×16 gives 32×32 by default; PyTorch takes 31 to 33.
    for size, refused in ((33, False), (34, True), (31, False), (30, True)):
        text = FIXED.replace("kernel: 2, from", f"kernel: 2, output_size: {size}, from")
        found = [d.code for d in calculated(text).diagnostics]
        assert found == ([CODE] if refused else []), size
