"""CC105 partial-window.

Its documented example (`convcalc rules CC105`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

from collections.abc import Callable

from conftest import documented_example

CODE = "CC105"
# The documented example fixed: an input the pooling windows tile.
FIXED = "input: [8, 8, 8]\nlayers:\n  - {type: maxpool, kernel: 2, ceil_mode: true}\n"
OPTIONS: list[str] = []


def test_documented_example_reports_it(reported_codes: Callable[..., list[str]]) -> None:
    text, options = documented_example(CODE)
    assert set(reported_codes(text, *options)) == {CODE}


def test_documented_example_fixed_reports_nothing(reported_codes: Callable[..., list[str]]) -> None:
    assert reported_codes(FIXED, *OPTIONS) == []
