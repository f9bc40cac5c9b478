"""CC013 needs-spatial-input.

Its documented example (`convcalc rules CC013`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

from collections.abc import Callable

from conftest import calculated, documented_example

CODE = "CC013"
# The documented example fixed: the convolution before the flatten.
FIXED = "input: [32, 32, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 3}\n  - flatten\n"
OPTIONS: list[str] = []


def test_documented_example_reports_it(reported_codes: Callable[..., list[str]]) -> None:
    text, options = documented_example(CODE)
    assert set(reported_codes(text, *options)) == {CODE}


def test_documented_example_fixed_reports_nothing(reported_codes: Callable[..., list[str]]) -> None:
    assert reported_codes(FIXED, *OPTIONS) == []


def test_instancenorm_on_a_flat_input_needs_spatial() -> None:
    text = "input: [16]\nlayers: [instancenorm]"
    assert [diagnostic.code for diagnostic in calculated(text).diagnostics] == [CODE]
