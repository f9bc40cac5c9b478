"""A receptive field convcalc cannot compute is shown absent with the reason, in the table and in
JSON, on its layer, on every layer after it and on the total: never dropped silently, never
replaced by an earlier layer's field. Global fields are written as such."""

from __future__ import annotations

import json
from typing import Any

from click.testing import Result
from conftest import invoke

# Upsampling by 1.3 (not a short binary fraction: 1.3000000000000000444… as a float) repeats its
# pattern of source pixels only every 5,854,679,515,581,645 output units: not tabulated.
GAPS = (
    "input: [16, 16, 3]\nlayers:\n"
    "  - {type: conv, name: conv, filters: 4, kernel: 3, padding: 1}\n"
    "  - {type: upsample, name: up, scale: 1.3}\n"
    "  - {type: conv, name: after, filters: 4, kernel: 3, padding: 1}\n"
)
# A squeeze-and-excitation gate on a 3×3 conv.
GATED = (
    "input: [16, 16, 3]\nlayers:\n"
    "  - {type: conv, name: conv, filters: 4, kernel: 3, stride: 2, padding: 1}\n"
    "  - {type: global_avgpool, name: pool}\n"
    "  - {type: conv, name: fc, filters: 4, kernel: 1}\n"
    "  - {type: multiply, name: scale, from: [conv, fc]}\n"
)


def check(spec: str, *args: str) -> Result:
    result = invoke("check", "-", "--format", "table", *args, stdin=spec)
    return result


def table_rows(text: str) -> dict[str, str]:
    """Each numbered table row, by layer name."""
    return {
        words[1]: line
        for line in text.splitlines()
        if len(words := line.split()) > 2 and words[0].isdigit()
    }


def as_json(spec: str) -> dict[str, Any]:
    (report,) = json.loads(check(spec, "--format", "json").stdout)
    assert isinstance(report, dict)
    return report


def test_table_shows_n_a_and_the_reason() -> None:
    result = check(GAPS)
    rows = table_rows(result.stdout)
    assert "3×3 /1" in rows["conv"]
    assert "n/a" in rows["up"] and "n/a" in rows["after"]
    total = next(line for line in result.stdout.splitlines() if line.split()[:1] == ["total"])
    assert "n/a" in total and "3×3" not in total
    assert "receptive field of up n/a: its units repeat a pattern longer than 512" in result.stdout
    assert result.exit_code == 0


def test_json_gives_null_and_the_reason() -> None:
    report = as_json(GAPS)
    layers = {layer["name"]: layer for layer in report["layers"]}
    assert layers["conv"]["receptive_field"]["size"] == [3, 3]
    assert "receptive_field_absent" not in layers["conv"]
    assert layers["up"]["receptive_field"] is None
    assert layers["up"]["receptive_field_absent"].startswith(
        "its units repeat a pattern longer than 512"
    )
    assert layers["after"]["receptive_field"] is None
    assert layers["after"]["receptive_field_absent"].endswith("(at up)")
    totals = report["totals"]
    assert totals["receptive_field"] is None
    assert totals["receptive_field_absent"] == layers["after"]["receptive_field_absent"]


def test_global_fields_in_table_and_json() -> None:
    result = check(GATED)
    rows = table_rows(result.stdout)
    assert rows["pool"].rstrip().endswith("global   ok")
    assert rows["scale"].rstrip().endswith("global /2   ok")
    layers = {layer["name"]: layer for layer in as_json(GATED)["layers"]}
    assert layers["pool"]["receptive_field"] == {
        "size": None,
        "jump": None,
        "padding": None,
        "global": True,
    }
    assert layers["scale"]["receptive_field"] == {
        "size": None,
        "jump": [2, 2],
        "padding": None,
        "global": True,
    }
    assert layers["conv"]["receptive_field"]["global"] is False
