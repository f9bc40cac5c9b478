"""CC233 pixel-shuffle-indivisible.

Its documented example reports it and nothing else; the example fixed reports nothing. What
PyTorch refuses (recorded by tools/record_torch_plumbing.py and replayed by
tests/kinds/test_torch_plumbing_parity.py) is this error alone, and the hint fixes it."""

from __future__ import annotations

from conftest import calculated

CODE = "CC233"
FIXED = "input: [56, 56, 16]\nlayers:\n  - {type: pixel_shuffle, factor: 4}\n"


def test_unshuffle_of_an_odd_size_and_the_hint_fixes_it() -> None:
    text = "input: [7, 8, 3]\nlayers: [{type: PixelUnshuffle, downscale_factor: 2}]"
    (error,) = calculated(text).diagnostics
    assert error.code == CODE and "7×8 is not divisible by the factor 2" in error.message
    assert error.hint is not None and "6×8" in error.hint
    assert calculated(text.replace("[7, 8, 3]", "[6, 8, 3]")).diagnostics == ()


def test_a_volume_is_refused_and_a_factor_out_of_bounds_is_value_out_of_range_alone() -> None:
    (error,) = calculated(
        "input: [4, 4, 4, 8]\nlayers: [{type: pixel_shuffle, factor: 2}]"
    ).diagnostics
    assert error.code == CODE and "two spatial dimensions" in error.message
    found = calculated("input: [4, 4, 8]\nlayers: [{type: pixel_shuffle, factor: 0}]").diagnostics
    assert {d.code for d in found} == {"CC010"}
