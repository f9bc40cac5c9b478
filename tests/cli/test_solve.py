"""`convcalc solve` from the command line. Every answer is checked against the textbook formula
written here; the articles' examples give the expected first answers."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

import pytest
from click.testing import Result
from conftest import invoke


def solve(*args: str) -> Result:
    return invoke("solve", *args)


def solved(*args: str) -> dict[str, Any]:
    result = solve(*args, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    payload = json.loads(result.stdout)
    assert isinstance(payload, dict)
    return payload


def textbook(entry: dict[str, Any]) -> Fraction:
    """(W − F + P)/S + 1, F = d·(k − 1) + 1, P = before + after."""
    span_kernel = entry["dilation"] * (entry["kernel"] - 1) + 1
    return Fraction(entry["input"] - span_kernel + sum(entry["padding"]), entry["stride"]) + 1


def test_the_issue_example_padding_3_or_input_227() -> None:
    # (224 − 11 + 3)/4 + 1 = 55 with 1 before and 2 after; or (227 − 11)/4 + 1 = 55.
    payload = solved("--input", "224", "--kernel", "11", "--stride", "4", "--output", "55")
    first, second = payload["settings"][:2]
    assert first["padding"] == [1, 2] and first["padding_total"] == 3
    assert first["symmetric"] is False and first["changed"] == []
    assert second["input"] == 227 and second["changed"] == ["input"]
    for entry in payload["settings"]:
        assert textbook(entry) == entry["output"] == 55


def test_table_says_no_symmetric_padding_and_input_change() -> None:
    result = solve("--input", "224", "--kernel", "11", "--stride", "4", "--output", "55")
    assert result.exit_code == 0
    assert "no symmetric padding" in result.stdout
    assert "input 224 → 227" in result.stdout
    assert "1 + 2" in result.stdout


def test_output_open_lists_exact_outputs() -> None:
    payload = solved("--input", "224", "--kernel", "11", "--stride", "4", "--limit", "0")
    assert payload["found"] == len(payload["settings"]) > 2
    for entry in payload["settings"]:
        assert textbook(entry).denominator == 1 and textbook(entry) == entry["output"]


def test_dilation_any_opens_it() -> None:
    # Dilation 2 spans 21: (224 − 21 + P)/4 + 1 = 55 needs P = 13.
    payload = solved(
        "--input",
        "224",
        "--kernel",
        "11",
        "--stride",
        "4",
        "--output",
        "55",
        "--dilation",
        "any",
        "--limit",
        "0",
    )
    assert any(e["dilation"] == 2 and e["padding_total"] == 13 for e in payload["settings"])
    assert payload["query"]["dilation"] is None


def test_padding_given_per_side_as_in_a_spec() -> None:
    # --padding 3 is 3 on each side: (224 − 7 + 6)/2 + 1 = 112.5, not whole. Changing one value:
    # padding 5 in all, 2 before and 3 after: (224 − 7 + 5)/2 + 1 = 112 (less padding first),
    # or input 223: (223 − 7 + 6)/2 + 1 = 112.
    payload = solved(
        "--input", "224", "--kernel", "7", "--stride", "2", "--padding", "3", "--output", "112"
    )
    assert payload["query"]["padding"] == [3, 3]
    moves = [(e["changed"], e["input"], e["padding"]) for e in payload["settings"]]
    assert moves[0] == (["padding"], 224, [2, 3])
    assert (["input"], 223, [3, 3]) in moves
    for entry in payload["settings"]:
        assert textbook(entry) == 112


def test_padding_before_after() -> None:
    payload = solved("--input", "224", "--kernel", "11", "--stride", "4", "--padding", "1,2")
    assert payload["settings"][0]["padding"] == [1, 2]
    assert payload["settings"][0]["changed"] == []


def test_nothing_works_exits_1() -> None:
    # Stride 1 and no padding never make an output larger than the input: L − F + 1 ≤ L.
    result = solve("--input", "2", "--stride", "1", "--padding", "0", "--output", "5")
    assert result.exit_code == 1
    assert "no setting gives a whole result" in result.stdout


def test_huge_input() -> None:
    big = 10**30
    payload = solved("--input", str(big), "--kernel", "11", "--stride", "4", "--padding", "0")
    assert {e["input"] for e in payload["settings"] if e["changed"] == ["input"]} == {
        big - 1,
        big + 3,
    }
    for entry in payload["settings"]:
        assert textbook(entry) == entry["output"]


@pytest.mark.parametrize(
    ("kernel", "before", "after", "symmetric"),
    [("4", 1, 2, False), ("3", 1, 1, True), ("7", 3, 3, True)],
)
def test_same_at_stride_1(kernel: str, before: int, after: int, symmetric: bool) -> None:
    # Same padding keeps 224: (224 − k + P)/1 + 1 = 224  =>  P = k − 1.
    payload = solved("--input", "224", "--kernel", kernel, "--stride", "1", "--same")
    assert payload["padding"] == [before, after]
    assert payload["symmetric"] is symmetric
    assert payload["output"] == 224 and payload["rule"] == "pytorch"


def test_same_table_says_when_no_symmetric_padding_can() -> None:
    result = solve("--input", "224", "--kernel", "4", "--stride", "1", "--same")
    assert result.exit_code == 0
    assert "no symmetric padding" in result.stdout
    assert "1 before, 2 after" in result.stdout


def test_same_at_stride_2_is_tensorflows_rule() -> None:
    # ⌈224/2⌉ = 112; least total padding P with (224 − 3 + P)//2 + 1 = 112 is 1.
    payload = solved("--input", "224", "--kernel", "3", "--stride", "2", "--same")
    assert payload["output"] == 112 and payload["rule"] == "tensorflow"
    assert payload["padding"] == [0, 1]
    text = solve("--input", "224", "--kernel", "3", "--stride", "2", "--same").stdout
    assert "TensorFlow" in text and "⌈224 / 2⌉ = 112" in text


@pytest.mark.parametrize(
    "args",
    [
        ("--input", "224", "--kernel", "x"),
        ("--input", "224", "--kernel", "0"),
        ("--input", "0"),
        ("--input", "224", "--padding", "1,2,3"),
        ("--input", "224", "--same"),
        ("--input", "224", "--kernel", "3", "--same", "--output", "224"),
        ("--input", "224", "--kernel", "3", "--same", "--dilation", "any"),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    assert solve(*args).exit_code == 2
