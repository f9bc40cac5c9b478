"""One layer numbering everywhere: from 0, as the table's `#`, `--set layers.N`, a YAML list index
and PyTorch's `nn.Sequential` count. For one spec with an error, the number a diagnostic shows, the
table row of that number and the layer `--set layers.N` changes must be the same layer.

The expected index is read off the input itself (the position of an argument on the command line,
the position of an item in the YAML list as PyYAML reads it), never from convcalc's output.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml
from conftest import invoke

ROW = re.compile(r"^\s*(\d+)\s+(\S+)\s", re.MULTILINE)


def table_rows(text: str) -> dict[int, str]:
    """The table's `#` column mapped to the row's name."""
    return {int(number): name for number, name in ROW.findall(text)}


# The third LAYER argument cannot fit: after conv 3×3 on 8×8 the map is 6×6 (8 − 3 + 1), smaller
# than the 20×20 kernel.
INPUT = "8x8x3"
ARGUMENTS = ("relu", "conv:filters=2,kernel=3", "conv:filters=4,kernel=20", "relu")
BROKEN = ARGUMENTS.index("conv:filters=4,kernel=20")


def test_calc_diagnostic_table_row_and_set_path_name_the_same_layer() -> None:
    table = invoke("calc", "--input", INPUT, *ARGUMENTS)
    assert table.exit_code == 1
    lines = [line for line in table.stdout.splitlines() if " CC101 " in line]
    assert len(lines) == 1
    assert lines[0].startswith(f"layer {BROKEN} CC101 error ")
    named = lines[0].split(" CC101 error ")[1].split(":")[0]
    assert table_rows(table.stdout)[BROKEN] == named

    (report,) = json.loads(invoke("calc", "--input", INPUT, *ARGUMENTS, "--format", "json").stdout)
    (diagnostic,) = [d for d in report["diagnostics"] if d["code"] == "CC101"]
    assert diagnostic["argument"] == BROKEN
    assert report["layers"][BROKEN]["name"] == diagnostic["layer"] == named

    fixed: list[dict[str, Any]] = json.loads(
        invoke(
            "calc",
            "--input",
            INPUT,
            *ARGUMENTS,
            "--set",
            f"layers.{BROKEN}.kernel=3",
            "--format",
            "json",
        ).stdout
    )
    changed = [layer["name"] for layer in fixed[0]["layers"] if "changed_fields" in layer]
    assert changed == [named]
    assert [d["layer"] for d in fixed[0]["diagnostics_disappeared"]] == [named]


SPEC = """\
input: [8, 8, 3]
layers:
  - {type: conv, filters: 4, kernel: 3}
  - relu
  - {name: target, filters: 6, kernel: 3}
  - relu
"""


def test_load_error_counts_like_the_yaml_list_the_table_and_set(tmp_path: Any) -> None:
    items = yaml.safe_load(SPEC)["layers"]
    (index,) = [i for i, item in enumerate(items) if isinstance(item, dict) and "type" not in item]
    broken = tmp_path / "broken.yaml"
    broken.write_text(SPEC)
    result = invoke("check", "--format", "concise", str(broken))
    assert result.exit_code == 1
    assert f"CC002 error layer {index} has no `type`" in result.stdout

    fixed = tmp_path / "fixed.yaml"
    fixed.write_text(SPEC.replace("{name: target,", "{type: conv, name: target,"))
    table = invoke("check", "--format", "table", str(fixed))
    assert table.exit_code == 0
    assert table_rows(table.stdout)[index] == "target"
    (report,) = json.loads(
        invoke("check", "--format", "json", str(fixed), "--set", f"layers.{index}.filters=5").stdout
    )
    changed = [layer["name"] for layer in report["layers"] if "changed_fields" in layer]
    assert changed == ["target"]


def test_load_error_inside_a_block_names_the_block(tmp_path: Any) -> None:
    spec = tmp_path / "block.yaml"
    spec.write_text(
        "input: [8, 8, 3]\nblocks:\n  pair:\n    layers:\n      - relu\n      - {filters: 3}\n"
        "layers:\n  - {type: pair}\n"
    )
    result = invoke("check", "--format", "concise", str(spec))
    assert result.exit_code == 1
    assert "layer 1 of block `pair` has no `type`" in result.stdout
