"""The calculator runs a layer check only on the kinds its `concerns` names (decided once per
kind): it must never lose a finding. Every spec of a wide corpus — each rule's documented example,
fixed example and refused inputs, the example and shipped specs, every kind alone on inputs of
each rank and with each bounded field just out of its bounds, and (slow) the nets recorded from
PyTorch, accepted and refused — gives the same report with the checks chosen per kind as with
every check run on every layer, under PyTorch's and TensorFlow's rules."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FRAGMENT_INPUTS, documented_example

from convcalc.core.records import replace
from convcalc.core.settings import CalculationSettings
from convcalc.core.specs import NetworkSpec
from convcalc.engine import calculator
from convcalc.engine.results import NetworkReport
from convcalc.kinds import KINDS
from convcalc.kinds.base import LayerKind
from convcalc.load.files import load_text
from convcalc.rules.base import LayerCheck
from convcalc.rules.checks import layer_checks
from convcalc.rules.table import RULES

ROOT = Path(__file__).parents[2]
TESTS = ROOT / "tests"
FRAMEWORKS = ("pytorch", "tensorflow")
RECORDED = ("torch_random_nets", "torch_new_kinds", "torch_graph_nets", "torch_global_fields")


def _rule_texts() -> Iterator[str]:
    """Each rule's documented example under every ordinary input, its fixed example and the
    inputs PyTorch refuses (the data of tests/rules/test_<rule>.py)."""
    for code, rule in RULES.items():
        for fragment_input in FRAGMENT_INPUTS:
            yield documented_example(code, fragment_input)[0]
        path = TESTS / "rules" / f"test_{rule.name.replace('-', '_')}.py"
        if not path.is_file():
            continue
        module = import_module(f"rules.{path.stem}")
        if isinstance(getattr(module, "FIXED", None), str):
            yield module.FIXED
        for case in getattr(module, "REFUSED", {}).values():
            yield case if isinstance(case, str) else case[0]


def _recorded_texts() -> Iterator[str]:
    for name in RECORDED:
        recorded: dict[str, Any] = json.loads((TESTS / "fixtures" / f"{name}.json").read_text())
        for net in recorded["nets"]:
            yield yaml.safe_dump({"input": net["input"], "layers": net["layers"]}, sort_keys=False)


# A value for each required field, so that every kind can be written alone.
REQUIRED = {
    "activation": "relu",
    "output_size": 2,
    "size": 2,
    "cropping": 1,
    "filters": 4,
    "kernel": 3,
    "factor": 2,
    "padding": 1,
    "threshold": 0.5,
    "value": 0,
    "dim0": 1,
    "dim1": 2,
    "units": 4,
    "k": 2,
    "dims": "[0, 2, 1]",
    "shape": "[-1]",
    "sizes": "[2, 2]",
    "num_groups": 2,
    "groups": 2,
}
INPUTS = ("[16]", "[9, 4]", "[9, 9, 4]", "[5, 5, 5, 4]", "[1, 1, 4]", "[2, 2, 1]")


def _kind_texts() -> Iterator[str]:
    """Each kind with one input alone, on inputs of every rank; then with each bounded number
    one below its minimum or at its exclusive bound, and each real number not a number."""
    for name, kind in KINDS.items():
        if kind.min_inputs > 1:  # joins: the examples and recorded nets hold them
            continue
        fields = {item.name: REQUIRED[item.name] for item in kind.fields if item.required}
        for shape in INPUTS:
            yield f"input: {shape}\nlayers:\n  - {_flow(name, fields)}\n"
        for item in kind.fields:
            if item.type not in ("int", "dims", "float", "padding", "pads"):
                continue
            for wrong in (
                None if item.minimum is None else item.minimum - 1,
                item.below,
                ".nan" if item.type == "float" else None,
            ):
                if wrong is not None:
                    written = {**fields, item.name: wrong}
                    yield f"input: [9, 9, 4]\nlayers:\n  - {_flow(name, written)}\n"


def _flow(kind: str, fields: dict[str, object]) -> str:
    return (
        "{" + ", ".join(f"{key}: {value}" for key, value in {"type": kind, **fields}.items()) + "}"
    )


def _networks(texts: list[str]) -> tuple[NetworkSpec, ...]:
    networks = [load_text(text, f"spec{number}.yaml")[0] for number, text in enumerate(texts)]
    return tuple(network for network in networks if network is not None)


@cache
def corpus() -> tuple[NetworkSpec, ...]:
    files = [
        *sorted((TESTS / "examples").rglob("*.yaml")),
        *sorted((ROOT / "specs").rglob("*.yaml")),
    ]
    texts = [*_rule_texts(), *(path.read_text(encoding="utf-8") for path in files)]
    return _networks([*texts, *_kind_texts()])


def every_check(kind_name: str) -> tuple[calculator._Checks, calculator._Checks]:
    """The selection without `concerns`: every check of the stage on every layer."""
    spec, layer = (
        tuple((found.rule, found.check) for found in layer_checks() if found.rule.stage == stage)
        for stage in ("spec", "layer")
    )
    return spec, layer


def reports(networks: tuple[NetworkSpec, ...]) -> list[NetworkReport | str]:
    """Each network's report under each framework's rules; an exception's text in its place (a
    check left out may let a layer reach arithmetic that the check's error would have stopped)."""
    found: list[NetworkReport | str] = []
    for network in networks:
        for framework in FRAMEWORKS:
            settings = CalculationSettings(framework=framework)
            try:
                found.append(calculator.calculate_network(network, settings))
            except Exception as error:
                found.append(repr(error))
    return found


@cache
def unfiltered() -> tuple[NetworkReport | str, ...]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(calculator, "_kind_checks", every_check)
        return tuple(reports(corpus()))


def _codes(report: NetworkReport | str) -> set[str]:
    return {d.code for d in report.diagnostics} if isinstance(report, NetworkReport) else set()


def differences(
    networks: tuple[NetworkSpec, ...], expected: Sequence[NetworkReport | str]
) -> list[str]:
    """The source of each network whose report the calculator's selection of checks changes."""
    return [
        network.source
        for network, chosen, wanted in zip(
            [network for network in networks for _ in FRAMEWORKS],
            reports(networks),
            expected,
            strict=True,
        )
        if chosen != wanted
    ]


def test_the_corpus_holds_every_kind_and_every_layer_rule_reports_in_it() -> None:
    """Otherwise a predicate could be wrong for a kind or a rule the comparison never sees."""
    assert {layer.kind for network in corpus() for layer in network.layers} == set(KINDS)
    reported = set().union(*map(_codes, unfiltered()))
    assert {found.rule.id for found in layer_checks()} <= reported


def test_checks_chosen_per_kind_find_what_every_check_finds() -> None:
    assert differences(corpus(), unfiltered()) == []


@pytest.mark.slow
def test_checks_chosen_per_kind_find_what_every_check_finds_in_the_recorded_nets() -> None:
    networks = _networks(list(_recorded_texts()))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(calculator, "_kind_checks", every_check)
        expected = reports(networks)
    assert differences(networks, expected) == []


@pytest.mark.parametrize(
    ("rule", "wrong"),
    [
        # Convolutions refuse a kernel larger than the padded input, so this one misses them.
        ("kernel-exceeds-input", lambda kind: not kind.convolution),
        # Every kind with bounded fields: here only those with a `kernel`.
        ("value-out-of-range", lambda kind: kind.field_named("kernel") is not None),
    ],
)
def test_a_wrong_predicate_is_caught(
    monkeypatch: pytest.MonkeyPatch, rule: str, wrong: Callable[[LayerKind], bool]
) -> None:
    """The comparison fails for a predicate that leaves out a kind the rule reports in (run on
    the networks where the rule reports, to keep it short)."""
    code = next(found.rule.id for found in layer_checks() if found.rule.name == rule)
    pairs = list(
        zip(unfiltered()[:: len(FRAMEWORKS)], unfiltered()[1 :: len(FRAMEWORKS)], strict=True)
    )
    reporting = [
        (network, pair)
        for network, pair in zip(corpus(), pairs, strict=True)
        if code in _codes(pair[0]) | _codes(pair[1])
    ]
    checks = tuple(
        replace(found, concerns=wrong) if found.rule.name == rule else found
        for found in layer_checks()
    )

    def concerning(kind_name: str) -> tuple[LayerCheck, ...]:
        return tuple(found for found in checks if found.concerns(KINDS[kind_name]))

    monkeypatch.setattr(calculator, "checks_concerning", concerning)
    monkeypatch.setattr(calculator, "_kind_checks", calculator._kind_checks.__wrapped__)
    networks = tuple(network for network, _ in reporting)
    expected = [report for _, pair in reporting for report in pair]
    assert differences(networks, expected) != []
