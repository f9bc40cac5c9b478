"""CC231 channels-moved.

Its documented example (`convcalc rules CC231`, docs/diagnostics.md) reports it and nothing else;
the example fixed (the permute to channels-last written) reports nothing. PyTorch's refusals are
recorded by tools/record_torch_plumbing.py (tests/kinds/test_torch_plumbing_parity.py replays
them); Keras holds every tensor channels-last, so `--framework tensorflow` reports neither."""

from __future__ import annotations

from conftest import calculated, documented_example

CODE = "CC231"
FIXED = (
    "input: [56, 56, 96]\nlayers:\n  - {type: permute, dims: [0, 2, 3, 1]}\n"
    "  - {type: dense, units: 384, axis: last}\n"
)
CONV_AFTER_PERMUTE = (
    "input: [56, 56, 96]\nlayers:\n  - {type: permute, dims: [0, 2, 3, 1]}\n"
    "  - {type: conv, filters: 8, kernel: 1}\n"
)


def test_a_conv_after_a_permute_to_channels_last_is_refused_and_the_hint_fixes_it() -> None:
    (error,) = calculated(CONV_AFTER_PERMUTE).diagnostics
    assert error.code == CODE and "read dim 1 (size 56)" in error.message
    assert error.hint is not None and "dims: [0, 3, 1, 2]" in error.hint
    fixed = CONV_AFTER_PERMUTE.replace(
        "  - {type: conv", "  - {type: permute, dims: [0, 3, 1, 2]}\n  - {type: conv"
    )
    assert calculated(fixed).diagnostics == ()


def test_keras_dense_over_channels_needs_no_permute() -> None:
    text, _ = documented_example(CODE)
    assert calculated(text, framework="tensorflow").diagnostics == ()
