"""CC202 in-channels-mismatch.

Its documented example (`convcalc rules CC202`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import calculated, documented_example

from convcalc.core.diagnostics import Severity
from convcalc.rules.table import RULES

CODE = "CC202"
# The documented example fixed: `in_channels` that match the input.
FIXED = "input: [32, 32, 3]\nlayers:\n  - {type: conv, in_channels: 3, filters: 8, kernel: 3}\n"
OPTIONS: list[str] = []


def test_documented_example_reports_it(reported_codes: Callable[..., list[str]]) -> None:
    text, options = documented_example(CODE)
    assert set(reported_codes(text, *options)) == {CODE}


def test_documented_example_fixed_reports_nothing(reported_codes: Callable[..., list[str]]) -> None:
    assert reported_codes(FIXED, *OPTIONS) == []


# PyTorch refuses each of these (recorded by tools/record_torch_kinds.py): an error, and as it
# stops the layer nothing else goes wrong on a one-layer net.
REFUSED = {
    "groupnorm-num_channels": (
        "input: [5, 5, 4]\nlayers: [{type: groupnorm, num_groups: 2, num_channels: 8}]"
    ),
}


@pytest.mark.parametrize("text", list(REFUSED.values()), ids=list(REFUSED))
def test_what_pytorch_refuses_is_this_error_alone(text: str) -> None:
    found = {diagnostic.code for diagnostic in calculated(text).diagnostics}
    assert found == {CODE}
    assert RULES[CODE].severity == Severity.ERROR
