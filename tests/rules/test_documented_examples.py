"""Every rule's documented example (the `example` shown by `convcalc rules CODE` and in
docs/diagnostics.md) reports that rule when checked as a file, exactly as a user would run it,
under each ordinary input; and every rule has its own test file here, named after the rule.

Each rule's file holds its data — CODE, FIXED (the documented example fixed), OPTIONS, and where
needed ALSO_REPORTED and REFUSED — and its own cases; the tests every rule shares are here, once."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from types import ModuleType

import pytest
from conftest import FRAGMENT_INPUTS, calculated, documented_example

from convcalc.core.diagnostics import Severity
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


def rule_test_module(code: str) -> ModuleType:
    """The rule's own test file, imported as pytest imports it: its CODE and FIXED, and the
    optional OPTIONS, ALSO_REPORTED (other codes its documented example reports too) and REFUSED
    (inputs PyTorch refuses, each of which must be this rule's error alone)."""
    module = import_module(f"rules.test_{RULES[code].name.replace('-', '_')}")
    assert code == module.CODE, module.__name__
    return module


RULE_CODES = sorted(
    code for code in RULES if (HERE / f"test_{RULES[code].name.replace('-', '_')}.py").is_file()
)


@pytest.mark.parametrize("code", RULE_CODES)
def test_documented_example_reports_its_rule_and_only_what_its_file_names(
    code: str, reported_codes: Callable[..., list[str]]
) -> None:
    module = rule_test_module(code)
    text, options = documented_example(code)
    expected = {code} | set(getattr(module, "ALSO_REPORTED", ()))
    assert set(reported_codes(text, *options)) == expected


@pytest.mark.parametrize("code", RULE_CODES)
def test_documented_example_fixed_reports_nothing(
    code: str, reported_codes: Callable[..., list[str]]
) -> None:
    module = rule_test_module(code)
    assert reported_codes(module.FIXED, *getattr(module, "OPTIONS", ())) == []


REFUSED_CASES = [
    pytest.param(code, case, id=f"{code}-{name}")
    for code in RULE_CODES
    for name, case in getattr(rule_test_module(code), "REFUSED", {}).items()
]


@pytest.mark.parametrize(("code", "case"), REFUSED_CASES)
def test_what_pytorch_refuses_is_this_rules_error_alone(
    code: str, case: str | tuple[str, str]
) -> None:
    # A case is the spec text, or the text and words the message must contain.
    text, words = (case, "") if isinstance(case, str) else case
    diagnostics = calculated(text).diagnostics
    assert {diagnostic.code for diagnostic in diagnostics} == {code}
    assert any(words in diagnostic.message for diagnostic in diagnostics)
    assert RULES[code].severity == Severity.ERROR
