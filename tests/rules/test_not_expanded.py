"""CC017 not-expanded.

Its documented example (`convcalc rules CC017`, docs/diagnostics.md: an Ultralytics model YAML
with an AIFI transformer row) reports it and nothing else; the example fixed reports nothing."""

from __future__ import annotations

from collections.abc import Callable

from conftest import documented_example

CODE = "CC017"
# The documented example fixed: a Conv in the transformer's place.
FIXED = """nc: 80
backbone:
  - [-1, 1, Conv, [64, 1, 1]]
head:
  - [-1, 1, Conv, [64, 1, 1]]
"""
OPTIONS: list[str] = []


def test_documented_example_reports_it(reported_codes: Callable[..., list[str]]) -> None:
    text, options = documented_example(CODE)
    assert set(reported_codes(text, *options)) == {CODE}


def test_documented_example_fixed_reports_nothing(reported_codes: Callable[..., list[str]]) -> None:
    assert reported_codes(FIXED, *OPTIONS) == []
