"""CC205 layernorm-shape-mismatch.

Its documented example (`convcalc rules CC205`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import calculated, documented_example

from convcalc.core.diagnostics import Severity
from convcalc.rules.table import RULES

CODE = "CC205"
# The documented example fixed: the trailing shape of the input.
FIXED = "input: [8, 8, 16]\nlayers:\n  - {type: layernorm, normalized_shape: [8, 8, 16]}\n"
OPTIONS: list[str] = []


def test_documented_example_reports_it(reported_codes: Callable[..., list[str]]) -> None:
    text, options = documented_example(CODE)
    assert set(reported_codes(text, *options)) == {CODE}


def test_documented_example_fixed_reports_nothing(reported_codes: Callable[..., list[str]]) -> None:
    assert reported_codes(FIXED, *OPTIONS) == []


# PyTorch refuses each of these (recorded by tools/record_torch_kinds.py): an error, and as it
# stops the layer nothing else goes wrong on a one-layer net.
REFUSED = {
    "not-trailing": ("input: [4, 5, 2]\nlayers: [{type: layernorm, normalized_shape: 5}]"),
}


@pytest.mark.parametrize("text", list(REFUSED.values()), ids=list(REFUSED))
def test_what_pytorch_refuses_is_this_error_alone(text: str) -> None:
    found = {diagnostic.code for diagnostic in calculated(text).diagnostics}
    assert found == {CODE}
    assert RULES[CODE].severity == Severity.ERROR


def test_mismatch_message_lists_the_written_shape() -> None:
    ((diagnostic,),) = [
        calculated(
            "input: [4, 5, 2]\nlayers: [{type: layernorm, normalized_shape: [4, 2]}]"
        ).diagnostics
    ]
    assert diagnostic.code == CODE
    assert "4×2" in diagnostic.message
