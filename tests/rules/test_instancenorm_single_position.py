"""CC115 instancenorm-single-position.

Its documented example (`convcalc rules CC115`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import calculated, documented_example

from convcalc.core.diagnostics import Severity
from convcalc.rules.table import RULES

CODE = "CC115"
# The documented example fixed: instance norm over more than one position.
FIXED = "input: [8, 8, 64]\nlayers:\n  - instancenorm\n"
OPTIONS: list[str] = []


def test_documented_example_reports_it(reported_codes: Callable[..., list[str]]) -> None:
    text, options = documented_example(CODE)
    assert set(reported_codes(text, *options)) == {CODE}


def test_documented_example_fixed_reports_nothing(reported_codes: Callable[..., list[str]]) -> None:
    assert reported_codes(FIXED, *OPTIONS) == []


# PyTorch refuses each of these (recorded by tools/record_torch_kinds.py): an error, and as it
# stops the layer nothing else goes wrong on a one-layer net.
REFUSED = {
    "1x1": ("input: [1, 1, 4]\nlayers: [instancenorm]"),
}


@pytest.mark.parametrize("text", list(REFUSED.values()), ids=list(REFUSED))
def test_what_pytorch_refuses_is_this_error_alone(text: str) -> None:
    found = {diagnostic.code for diagnostic in calculated(text).diagnostics}
    assert found == {CODE}
    assert RULES[CODE].severity == Severity.ERROR
