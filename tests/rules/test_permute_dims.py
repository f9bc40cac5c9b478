"""CC232 permute-dims.

Its documented example reports it and nothing else; the example fixed reports nothing. A
permutation of the wrong length is what PyTorch refuses ("number of dims don't match in
permute", recorded by tools/record_torch_plumbing.py); moving the batch or putting the channels
between spatial dimensions is what convcalc does not follow, and says so."""

from __future__ import annotations

import pytest
from conftest import calculated

CODE = "CC232"
FIXED = "input: [56, 56, 96]\nlayers:\n  - {type: permute, dims: [0, 2, 3, 1]}\n"

REFUSED_DIMS = {
    "length": ("[0, 2, 3]", "permutation of 0 … 3"),
    "repeated": ("[0, 2, 2, 1]", "permutation of 0 … 3"),
    "batch": ("[1, 0, 2, 3]", "batch"),
    "middle": ("[0, 2, 1, 3]", "first or the last place"),
}


@pytest.mark.parametrize("case", list(REFUSED_DIMS.values()), ids=list(REFUSED_DIMS))
def test_refused_permutations_are_this_error_alone(case: tuple[str, str]) -> None:
    dims, words = case
    (error,) = calculated(
        f"input: [6, 5, 4]\nlayers: [{{type: permute, dims: {dims}}}]"
    ).diagnostics
    assert error.code == CODE and words in error.message


def test_a_transpose_out_of_range_names_the_dimension() -> None:
    text = "input: [6, 5, 4]\nlayers: [{type: transpose, dim0: 1, dim1: 4}]"
    (error,) = calculated(text).diagnostics
    assert error.code == CODE and "dimension 4 is out of range for a 4-D tensor" in error.message


def test_the_hint_fixes_it() -> None:
    (error,) = calculated(
        "input: [6, 5, 4]\nlayers: [{type: permute, dims: [0, 2, 3]}]"
    ).diagnostics
    assert error.hint is not None and "`[0, 2, 3, 1]`" in error.hint
    assert (
        calculated("input: [6, 5, 4]\nlayers: [{type: permute, dims: [0, 2, 3, 1]}]").diagnostics
        == ()
    )
