"""CC108 empty-output.

Its documented example (`convcalc rules CC108`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import calculated, documented_example

from convcalc.core.diagnostics import Severity
from convcalc.rules.table import RULES

CODE = "CC108"
# The documented example fixed: less padding than the transposed output.
FIXED = "input: [4, 4, 8]\nlayers:\n  - {type: conv_transpose, filters: 8, kernel: 1, padding: 1}\n"
OPTIONS: list[str] = []


def test_documented_example_reports_it(reported_codes: Callable[..., list[str]]) -> None:
    text, options = documented_example(CODE)
    assert set(reported_codes(text, *options)) == {CODE}


def test_documented_example_fixed_reports_nothing(reported_codes: Callable[..., list[str]]) -> None:
    assert reported_codes(FIXED, *OPTIONS) == []


# PyTorch refuses each of these (recorded by tools/record_torch_kinds.py): an error, and as it
# stops the layer nothing else goes wrong on a one-layer net.
REFUSED = {
    "conv_transpose-1d": (
        "input: [4, 8]\nlayers: [{type: conv_transpose, filters: 2, kernel: 1, padding: 2}]"
    ),
    "upsample-scale": ("input: [5, 5, 2]\nlayers: [{type: upsample, scale: 0.1}]"),
}


@pytest.mark.parametrize("text", list(REFUSED.values()), ids=list(REFUSED))
def test_what_pytorch_refuses_is_this_error_alone(text: str) -> None:
    found = {diagnostic.code for diagnostic in calculated(text).diagnostics}
    assert found == {CODE}
    assert RULES[CODE].severity == Severity.ERROR


def test_empty_output_shows_the_equation() -> None:
    ((diagnostic,),) = [
        calculated(
            "input: [4, 8]\nlayers: [{type: conv_transpose, filters: 2, kernel: 1, padding: 2}]"
        ).diagnostics
    ]
    assert "(4 − 1)·1 − 2 − 2 + 1·(1 − 1) + 0 + 1 = 0" in diagnostic.message
    ((diagnostic,),) = [
        calculated("input: [5, 2]\nlayers: [{type: upsample, scale: 0.1}]").diagnostics
    ]
    assert "floor(5 × 0.1) = 0" in diagnostic.message
