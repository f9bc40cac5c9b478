"""The rule table and the check modules agree: one code and one name per rule, one module per
check named after its rule, and the checks read only the traits a kind declares."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from convcalc.core.records import fields
from convcalc.kinds import KINDS
from convcalc.kinds.base import LayerKind
from convcalc.rules import table
from convcalc.rules.base import LayerCheck, NetworkCheck
from convcalc.rules.checks import NETWORK_CHECKS, layer_checks
from convcalc.rules.table import RULES, Rule

RULES_DIR = Path(table.__file__).parent
# The modules of the rules package that are not a rule's check.
NOT_CHECKS = {"__init__", "_text", "base", "checks", "index", "table"}
CHECK_MODULES = sorted(p.stem for p in RULES_DIR.glob("*.py") if p.stem not in NOT_CHECKS)
# What every kind has; the other fields of LayerKind are traits for the rules.
DESCRIPTION = {"name", "summary", "fields", "aliases", "min_inputs", "max_inputs"}
TRAITS = sorted({f.name for f in fields(LayerKind)} - DESCRIPTION)


def _table_rules() -> list[Rule]:
    """Every Rule the table module defines, listed in RULES or not."""
    return [value for value in vars(table).values() if isinstance(value, Rule)]


def test_codes_and_names_are_unique_and_all_listed() -> None:
    defined = _table_rules()
    codes = [rule.id for rule in defined]
    names = [rule.name for rule in defined]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)
    assert sorted(codes) == sorted(RULES)


@pytest.mark.parametrize("module_name", CHECK_MODULES)
def test_a_check_module_is_named_after_its_rule(module_name: str) -> None:
    module = importlib.import_module(f"convcalc.rules.{module_name}")
    check = module.CHECK
    assert isinstance(check, (LayerCheck, NetworkCheck))
    assert check.rule.name.replace("-", "_") == module_name


def test_every_rule_reported_by_a_check_has_exactly_one() -> None:
    checked = [c.rule.id for c in layer_checks()] + [c.rule.id for c in NETWORK_CHECKS]
    assert len(checked) == len(CHECK_MODULES) == len(set(checked))
    for rule in RULES.values():
        if rule.stage == "load":
            assert rule.id not in checked, rule.id
        elif rule.stage == "network":
            assert rule.id in {c.rule.id for c in NETWORK_CHECKS}, rule.id
        else:
            assert rule.id in {c.rule.id for c in layer_checks()}, rule.id


def test_checks_run_in_the_table_order() -> None:
    order = list(RULES)
    for checks in (layer_checks(), NETWORK_CHECKS):
        positions = [order.index(c.rule.id) for c in checks]
        assert positions == sorted(positions)


def test_the_loader_reads_the_table_without_the_checks() -> None:
    load = Path(RULES_DIR.parent, "load")
    modules = [f"convcalc.load.{p.stem}" for p in sorted(load.glob("*.py"))]
    code = (
        f"import sys\nfor name in {modules!r}:\n    __import__(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('convcalc.rules.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "['convcalc.rules.table']"


def _kind_reads(module_name: str) -> tuple[set[str], list[str]]:
    """The attributes a check reads from `ctx.kind`, and any `getattr` on it."""
    tree = ast.parse((RULES_DIR / f"{module_name}.py").read_text(encoding="utf-8"))
    read: set[str] = set()
    dynamic: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and ast.unparse(node.value) == "ctx.kind":
            read.add(node.attr)
        if (
            isinstance(node, ast.Call)
            and ast.unparse(node.func) in ("getattr", "hasattr")
            and node.args
            and ast.unparse(node.args[0]) == "ctx.kind"
        ):
            dynamic.append(ast.unparse(node))
    return read, dynamic


@pytest.mark.parametrize("module_name", CHECK_MODULES)
def test_a_check_reads_only_what_a_kind_declares(module_name: str) -> None:
    """A misspelt trait fails here (and in mypy), instead of silently switching a rule off."""
    read, dynamic = _kind_reads(module_name)
    assert dynamic == []
    assert all(hasattr(LayerKind, name) or name in TRAITS for name in read), read


@pytest.mark.parametrize("trait", TRAITS)
def test_every_trait_is_set_by_a_kind_and_read_by_a_check(trait: str) -> None:
    default = LayerKind("example", "An example.")
    assert any(getattr(kind, trait) != getattr(default, trait) for kind in KINDS.values())
    assert any(trait in _kind_reads(module_name)[0] for module_name in CHECK_MODULES)
