"""Every check, in the table's order: what the calculator runs. Each rule the table gives a stage
other than `load` has a module named after it (`CC101 kernel-exceeds-input` →
`rules/kernel_exceeds_input.py`) that ends in `CHECK = LayerCheck(...)` or `NetworkCheck(...)`;
the table is the only registration, so adding a rule is one table entry and one module."""

from __future__ import annotations

from importlib import import_module

from convcalc.rules.base import LayerCheck, NetworkCheck
from convcalc.rules.table import RULES, Rule


def module_name(rule: Rule) -> str:
    """The module of a rule's check: its name with underscores."""
    return "convcalc.rules." + rule.name.replace("-", "_")


def _checks() -> tuple[tuple[LayerCheck, ...], tuple[NetworkCheck, ...]]:
    layer: list[LayerCheck] = []
    network: list[NetworkCheck] = []
    for rule in RULES.values():
        if rule.stage == "load":
            continue
        check = import_module(module_name(rule)).CHECK
        if check.rule is not rule:
            raise ImportError(f"{module_name(rule)}.CHECK checks {check.rule.id}, not {rule.id}")
        if isinstance(check, NetworkCheck):
            network.append(check)
        else:
            layer.append(check)
    return tuple(layer), tuple(network)


LAYER_CHECKS, NETWORK_CHECKS = _checks()
