"""CC204 dense-needs-flat.

Its documented example (`convcalc rules CC204`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

from collections.abc import Callable

from conftest import documented_example

CODE = "CC204"
# The documented example fixed: a flatten before the dense layer.
FIXED = "input: [6, 6, 256]\nlayers:\n  - flatten\n  - {type: dense, units: 4096}\n"
OPTIONS: list[str] = []


def test_documented_example_reports_it(reported_codes: Callable[..., list[str]]) -> None:
    text, options = documented_example(CODE)
    assert set(reported_codes(text, *options)) == {CODE}


def test_documented_example_fixed_reports_nothing(reported_codes: Callable[..., list[str]]) -> None:
    assert reported_codes(FIXED, *OPTIONS) == []
