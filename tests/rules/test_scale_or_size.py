"""CC111 scale-or-size.

Its documented example (`convcalc rules CC111`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import calculated, documented_example

from convcalc.core.diagnostics import Severity
from convcalc.rules.table import RULES

CODE = "CC111"
# The documented example fixed: a scale alone.
FIXED = "input: [32, 32, 3]\nlayers:\n  - {type: upsample, scale: 2}\n"
OPTIONS: list[str] = []


def test_documented_example_reports_it(reported_codes: Callable[..., list[str]]) -> None:
    text, options = documented_example(CODE)
    assert set(reported_codes(text, *options)) == {CODE}


def test_documented_example_fixed_reports_nothing(reported_codes: Callable[..., list[str]]) -> None:
    assert reported_codes(FIXED, *OPTIONS) == []


# PyTorch refuses each of these (recorded by tools/record_torch_kinds.py): an error, and as it
# stops the layer nothing else goes wrong on a one-layer net.
REFUSED = {
    "scale-and-size": ("input: [5, 2]\nlayers: [{type: upsample, scale: 2, size: 10}]"),
    "neither": ("input: [5, 2]\nlayers: [upsample]"),
}


@pytest.mark.parametrize("text", list(REFUSED.values()), ids=list(REFUSED))
def test_what_pytorch_refuses_is_this_error_alone(text: str) -> None:
    found = {diagnostic.code for diagnostic in calculated(text).diagnostics}
    assert found == {CODE}
    assert RULES[CODE].severity == Severity.ERROR
