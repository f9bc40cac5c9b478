"""CC002 missing-field.

Its documented example (`convcalc rules CC002`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

from collections.abc import Callable

from conftest import documented_example

CODE = "CC002"
# The documented example fixed: the conv given its filters (and the spec its input).
FIXED = "input: [32, 32, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 3}\n"
OPTIONS: list[str] = []


def test_documented_example_reports_it(reported_codes: Callable[..., list[str]]) -> None:
    text, options = documented_example(CODE)
    assert set(reported_codes(text, *options)) == {CODE}


def test_documented_example_fixed_reports_nothing(reported_codes: Callable[..., list[str]]) -> None:
    assert reported_codes(FIXED, *OPTIONS) == []
