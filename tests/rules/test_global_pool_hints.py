"""Which `keepdims` a global-pool spelling got is visible (table, docs/kinds.md), and the
hint on the layer after it says exactly what to write; applying the hint clears the error."""

from __future__ import annotations

import pytest
from conftest import invoke

from convcalc.core.settings import CalculationSettings
from convcalc.engine.calculator import calculate_network
from convcalc.engine.results import NetworkReport
from convcalc.load.files import load_text

# Outside truth: torch.nn.AdaptiveAvgPool2d(1) on N×8×7×7 gives N×8×1×1; Keras
# GlobalAveragePooling2D (alias GlobalAvgPool2D) defaults to keepdims=False and gives N×8.
# torch.nn.Linear(8, 10) has 8·10 + 10 = 90 parameters.
KEEPING = ["global_avgpool", "gap", "GlobalAveragePool", "global_maxpool"]
FLATTENING = ["GlobalAveragePooling2D", "GlobalAvgPool2D", "globalmaxpooling2d"]


def report(text: str) -> NetworkReport:
    network, problems = load_text(text, "net.yaml")
    assert network is not None, problems
    return calculate_network(network, CalculationSettings())


def table(*layers: str) -> str:
    return invoke("calc", "--input", "7x7x8", *layers).output


@pytest.mark.parametrize("spelling", KEEPING)
def test_keeping_spelling_shows_keepdims_true(spelling: str) -> None:
    row = next(line for line in table(spelling).splitlines() if line.startswith("0 "))
    assert "global, keepdims: true" in row and "1×1×8" in row


@pytest.mark.parametrize("spelling", FLATTENING)
def test_flattening_spelling_shows_keepdims_false(spelling: str) -> None:
    row = next(line for line in table(spelling).splitlines() if line.startswith("0 "))
    assert "global, keepdims: false" in row and row.split()[-2] == "8"


def test_written_keepdims_wins_and_is_shown() -> None:
    row = next(
        line
        for line in table("GlobalAveragePooling2D:keepdims=true").splitlines()
        if line.startswith("0 ")
    )
    assert "keepdims: true" in row and "1×1×8" in row


def test_kinds_table_names_each_spellings_keepdims() -> None:
    from tools.readme_sections import kinds_section

    row = next(line for line in kinds_section().splitlines() if line.startswith("| `global_avgp"))
    kept, flat = row.split("true for ")[1].split("; false")
    assert "gap" in kept and "global_avgpool" in kept and "globalaveragepooling2d" not in kept
    assert "globalaveragepooling2d" in flat and "globalavgpool2d" in flat


@pytest.mark.parametrize("spelling", KEEPING)
def test_dense_after_a_keeping_pool_hint_names_both_fixes_and_each_works(spelling: str) -> None:
    wrong = (
        f"input: [7, 7, 8]\nlayers:\n  - {{type: {spelling}, name: pool}}\n"
        "  - {type: dense, units: 10}\n"
    )
    (error,) = [d for d in report(wrong).diagnostics if d.code == "CC204"]
    assert error.hint is not None
    assert "`flatten`" in error.hint and "`keepdims: false` on `pool`" in error.hint
    with_flatten = wrong.replace("  - {type: dense", "  - flatten\n  - {type: dense")
    with_keepdims = wrong.replace(
        f"{spelling}, name: pool", f"{spelling}, name: pool, keepdims: false"
    )
    for fixed in (with_flatten, with_keepdims):
        fixed_report = report(fixed)
        assert [d.code for d in fixed_report.diagnostics] == [], fixed
        assert fixed_report.layers[-1].params == 90


def test_conv_after_a_flattening_pool_hint_names_keepdims_true_and_it_works() -> None:
    wrong = (
        "input: [7, 7, 8]\nlayers:\n  - {type: GlobalAveragePooling2D, name: pool}\n"
        "  - {type: conv, filters: 4, kernel: 1}\n"
    )
    (error,) = [d for d in report(wrong).diagnostics if d.code == "CC013"]
    assert error.hint is not None and "`keepdims: true` on `pool`" in error.hint
    fixed = report(wrong.replace("name: pool}", "name: pool, keepdims: true}"))
    assert [d.code for d in fixed.diagnostics] == []
    # torch.nn.Conv2d(8, 4, 1): 8·4 + 4 = 36 parameters.
    assert fixed.layers[-1].params == 36
