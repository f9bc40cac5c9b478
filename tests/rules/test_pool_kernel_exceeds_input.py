"""CC107 pool-kernel-exceeds-input.

Its documented example (`convcalc rules CC107`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

from collections.abc import Callable

from conftest import documented_example

CODE = "CC107"
# The documented example fixed: a pooling window that fits the depth.
FIXED = "input: [2, 8, 8, 4]\nlayers:\n  - {type: avgpool, kernel: 2}\n"
OPTIONS: list[str] = []


def test_documented_example_reports_it(reported_codes: Callable[..., list[str]]) -> None:
    text, options = documented_example(CODE)
    # Also CC104: the example's padding 1 also leaves a remainder on the 8-pixel axes.
    assert set(reported_codes(text, *options)) == {CODE, "CC104"}


def test_documented_example_fixed_reports_nothing(reported_codes: Callable[..., list[str]]) -> None:
    assert reported_codes(FIXED, *OPTIONS) == []
