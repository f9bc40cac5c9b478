"""The example specs under tests/examples: positives check clean, negatives fail with their code.

Each negative file declares the one error code it must produce in a first-line comment,
`# expect: CC101`. Published parameter counts come from the papers, not from convcalc.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import Result
from conftest import invoke

EXAMPLES = Path(__file__).parents[1] / "examples"
POSITIVE = sorted((EXAMPLES / "positive").glob("*.yaml"))
NEGATIVE = sorted((EXAMPLES / "negative").glob("*.yaml"))
EXPECT = re.compile(r"^#\s*expect:\s*(CC\d{3})\s*$")


def check(*args: str) -> Result:
    return invoke("check", *args)


def expected_code(path: Path) -> str:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    match = EXPECT.match(first_line)
    assert match, f"{path.name}: first line must be `# expect: CCnnn`, got {first_line!r}"
    return match.group(1)


def test_there_are_at_least_five_positive_examples() -> None:
    assert len(POSITIVE) >= 5


def test_there_are_at_least_eight_negative_examples() -> None:
    assert len(NEGATIVE) >= 8


def test_each_negative_example_covers_a_different_code() -> None:
    codes = [expected_code(path) for path in NEGATIVE]
    assert len(set(codes)) == len(codes)


@pytest.mark.parametrize("path", POSITIVE, ids=lambda path: path.name)
def test_positive_example_exits_0(path: Path) -> None:
    result = check(str(path))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("path", NEGATIVE, ids=lambda path: path.name)
def test_negative_example_exits_1(path: Path) -> None:
    result = check(str(path))
    assert result.exit_code == 1, result.output


@pytest.mark.parametrize("path", NEGATIVE, ids=lambda path: path.name)
def test_negative_example_reports_only_its_declared_error(path: Path) -> None:
    (report,) = json.loads(check("--format", "json", str(path)).stdout)
    errors = {d["code"] for d in report["diagnostics"] if d["severity"] == "error"}
    assert errors == {expected_code(path)}


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("lenet5.yaml", 61_706),  # LeCun et al. 1998, classic LeNet-5
        ("alexnet_chw.yaml", 62_378_344),  # one-tower AlexNet on 227x227
        ("vgg16.yaml", 138_357_544),  # Simonyan & Zisserman, configuration D
    ],
)
def test_published_parameter_count(name: str, params: int) -> None:
    (report,) = json.loads(check("--format", "json", str(EXAMPLES / "positive" / name)).stdout)
    assert report["totals"]["params"] == params


def test_alexnet_written_channels_first_ends_in_1000_classes() -> None:
    (report,) = json.loads(
        check("--format", "json", str(EXAMPLES / "positive" / "alexnet_chw.yaml")).stdout
    )
    assert report["layout"] == "chw"
    # conv1: (227 - 11)/4 + 1 = 55 with 96 filters, shown channels first
    assert report["layers"][0]["output"] == [96, 55, 55]
    assert report["totals"]["output"] == [1000]
