"""Every check, in the table's order: what the calculator runs. Each rule the table gives a stage
other than `load` has a module named after it (`CC101 kernel-exceeds-input` →
`rules/kernel_exceeds_input.py`) that ends in `CHECK = LayerCheck(...)` or `NetworkCheck(...)`;
the table is the only registration, so adding a rule is one table entry and one module.

A layer check's module is imported when a layer of a kind it concerns is first checked: the index
in rules/index.py (written by tools/rule_index.py from each check's `concerns`, kept equal to them
by tests/rules/test_index.py) names the rules each kind needs, so a spec of a few kinds imports a
few rule modules (each import costs start-up time)."""

from __future__ import annotations

from importlib import import_module

from convcalc.kinds import KINDS
from convcalc.rules.base import LayerCheck, NetworkCheck
from convcalc.rules.index import CONCERNED, EVERY_KIND
from convcalc.rules.table import RULES, Rule

_BY_NAME = {rule.name: rule for rule in RULES.values()}
_ORDER = {code: position for position, code in enumerate(RULES)}


def module_name(rule: Rule) -> str:
    """The module of a rule's check: its name with underscores."""
    return "convcalc.rules." + rule.name.replace("-", "_")


def _check_of(rule: Rule) -> LayerCheck | NetworkCheck:
    check = import_module(module_name(rule)).CHECK
    if check.rule is not rule:
        raise ImportError(f"{module_name(rule)}.CHECK checks {check.rule.id}, not {rule.id}")
    return check  # type: ignore[no-any-return]


def _layer_check(rule: Rule) -> LayerCheck:
    check = _check_of(rule)
    if not isinstance(check, LayerCheck):
        raise ImportError(f"{module_name(rule)}.CHECK is a network check, not a layer check")
    return check


def layer_checks() -> tuple[LayerCheck, ...]:
    """Every layer check, in the table's order (every rule module imported)."""
    return tuple(_layer_check(rule) for rule in RULES.values() if rule.stage in ("spec", "layer"))


def checks_concerning(kind_name: str) -> tuple[LayerCheck, ...]:
    """The layer checks whose `concerns` holds for the kind, in the table's order: those the index
    names, their modules imported now; for a kind the index does not name, every check is asked."""
    names = CONCERNED.get(kind_name)
    if names is None:
        kind = KINDS[kind_name]
        return tuple(found for found in layer_checks() if found.concerns(kind))
    rules = sorted(
        (_BY_NAME[name] for name in (*EVERY_KIND, *names)), key=lambda rule: _ORDER[rule.id]
    )
    return tuple(_layer_check(rule) for rule in rules)


def _network_checks() -> tuple[NetworkCheck, ...]:
    checks = []
    for rule in RULES.values():
        if rule.stage == "network":
            check = _check_of(rule)
            if not isinstance(check, NetworkCheck):
                raise ImportError(
                    f"{module_name(rule)}.CHECK is a layer check, not a network check"
                )
            checks.append(check)
    return tuple(checks)


NETWORK_CHECKS = _network_checks()
