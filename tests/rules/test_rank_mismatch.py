"""CC011 rank-mismatch.

Its documented example (`convcalc rules CC011`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

from collections.abc import Callable

from conftest import documented_example

CODE = "CC011"
# The documented example fixed: the one-dimensional convolution for a sequence.
FIXED = "input: [100, 16]\nlayers:\n  - {type: conv1d, filters: 8, kernel: 3, padding: 1}\n"
OPTIONS: list[str] = []


def test_documented_example_reports_it(reported_codes: Callable[..., list[str]]) -> None:
    text, options = documented_example(CODE)
    assert set(reported_codes(text, *options)) == {CODE}


def test_documented_example_fixed_reports_nothing(reported_codes: Callable[..., list[str]]) -> None:
    assert reported_codes(FIXED, *OPTIONS) == []
