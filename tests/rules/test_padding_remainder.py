"""CC104 padding-remainder.

Its documented example (`convcalc rules CC104`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

from collections.abc import Callable

from conftest import documented_example

CODE = "CC104"
# The documented example fixed: an input the stride divides.
FIXED = (
    "input: [225, 225, 3]\n"
    "layers:\n"
    "  - {type: conv, filters: 64, kernel: 7, stride: 2, padding: 3}\n"
)
OPTIONS: list[str] = []


def test_documented_example_reports_it(reported_codes: Callable[..., list[str]]) -> None:
    text, options = documented_example(CODE)
    assert set(reported_codes(text, *options)) == {CODE}


def test_documented_example_fixed_reports_nothing(reported_codes: Callable[..., list[str]]) -> None:
    assert reported_codes(FIXED, *OPTIONS) == []
