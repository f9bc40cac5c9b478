"""CC102 output-too-small.

Its documented example (`convcalc rules CC102`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

from collections.abc import Callable

from conftest import documented_example

CODE = "CC102"
# The documented example fixed: a pooling window that leaves an output.
FIXED = "input: [4, 4, 8]\nlayers:\n  - {type: maxpool, kernel: 2}\n"
OPTIONS: list[str] = []


def test_documented_example_reports_it(reported_codes: Callable[..., list[str]]) -> None:
    text, options = documented_example(CODE)
    assert set(reported_codes(text, *options)) == {CODE}


def test_documented_example_fixed_reports_nothing(reported_codes: Callable[..., list[str]]) -> None:
    assert reported_codes(FIXED, *OPTIONS) == []
