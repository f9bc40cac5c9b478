"""CC237 top-k-length.

Its documented example reports it and nothing else; the example fixed reports nothing. What
torch.topk refuses (k past the length: recorded by tools/record_top_k.py, replayed by
tests/kinds/test_top_k.py) is this error alone."""

from __future__ import annotations

from collections.abc import Callable

from conftest import calculated, invoke

CODE = "CC237"
FIXED = (
    "input: [8, 8, 16]\nlayers:\n  - {type: reshape, shape: [64, 16]}\n  - {type: top_k, k: 64}\n"
)


def test_k_past_the_length_names_the_length_and_the_fixes(
    write_spec: Callable[..., str],
) -> None:
    path = write_spec(FIXED.replace("k: 64", "k: 100"))
    result = invoke("check", "--isolated", "--format", "concise", path)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{path}:4:" in result.output
    assert "CC237 error top_k1: k 100 exceeds the 64 positions of its input 64×16" in result.output
    assert "hint: k: 64 or less, a larger input, or `clamp: true`" in result.output


def test_clamped_it_keeps_the_whole_input() -> None:
    report = calculated(FIXED.replace("k: 64", "k: 100, clamp: true"))
    assert not report.diagnostics
    assert report.layers[-1].output_shape is not None
    assert report.layers[-1].output_shape.spatial == (64,)


def test_a_map_of_two_spatial_dimensions_is_refused_with_the_reshape_that_fixes_it() -> None:
    report = calculated("input: [8, 8, 16]\nlayers:\n  - {type: top_k, k: 4}\n")
    [error] = report.diagnostics
    assert error.code == CODE and "this input is 8×8×16" in error.message
    assert error.hint is not None and "{type: reshape, shape: [-1, 16]}" in error.hint
    fixed = calculated("input: [8, 8, 16]\nlayers:\n  - {type: reshape, shape: [-1, 16]}\n"
                       "  - {type: top_k, k: 4}\n")  # fmt: skip
    assert not fixed.diagnostics and fixed.layers[-1].output_shape is not None
