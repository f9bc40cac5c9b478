"""Every rule's documented example (the `example` shown by `convcalc rules CODE` and in
docs/diagnostics.md) reports that rule when checked as a file, exactly as a user would run it,
under each ordinary input; and every rule has its own test file here, named after the rule."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FRAGMENT_INPUTS, documented_example

from convcalc.rules.table import RULES

HERE = Path(__file__).parent


@pytest.mark.parametrize("fragment_input", FRAGMENT_INPUTS)
@pytest.mark.parametrize("code", sorted(RULES))
def test_documented_example_reports_its_rule(
    code: str, fragment_input: str, reported_codes: Callable[..., list[str]]
) -> None:
    text, options = documented_example(code, fragment_input)
    reported = reported_codes(text, *options)
    assert code in reported, f"{code}'s example reports {reported}:\n{text}"


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_has_its_test_file(code: str) -> None:
    rule = RULES[code]
    assert rule.doc.strip(), f"{code} has no documentation"
    path = HERE / f"test_{rule.name.replace('-', '_')}.py"
    assert path.is_file(), f"{code} {rule.name} has no {path.name}"
    assert f'CODE = "{code}"' in path.read_text(encoding="utf-8"), path.name
