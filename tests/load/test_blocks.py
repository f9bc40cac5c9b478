"""Blocks: definitions, uses, `repeat`/`first`, `if`, `output`, `outputs:` and their errors.

Every spec here is written one line per list item, so the line numbers in the assertions can be
read off the `spec(...)` call: line 1 is its first argument. Shapes and counts are worked out by
hand in the comments, never copied from convcalc.
"""

from __future__ import annotations

import json

import pytest
from conftest import invoke

from convcalc.core.diagnostics import Diagnostic, Severity
from convcalc.core.settings import CalculationSettings
from convcalc.core.specs import NetworkSpec
from convcalc.engine.calculator import calculate_network
from convcalc.engine.results import NetworkReport
from convcalc.load.files import load_text

SOURCE = "net.yaml"


def spec(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def network(text: str) -> NetworkSpec:
    loaded, found = load_text(text, SOURCE)
    assert loaded is not None, found
    assert found == []
    return loaded


def problems(text: str) -> list[Diagnostic]:
    loaded, found = load_text(text, SOURCE)
    assert loaded is None, "the spec should not load"
    assert found
    return found


def with_code(text: str, code: str) -> list[Diagnostic]:
    found = [d for d in problems(text) if d.code == code]
    assert found, f"no {code} in {problems(text)}"
    return found


def place(diagnostic: Diagnostic) -> tuple[int | None, int | None]:
    assert diagnostic.location is not None
    assert diagnostic.location.source == SOURCE
    return diagnostic.location.line, diagnostic.location.column


def calculate(text: str) -> NetworkReport:
    return calculate_network(network(text), CalculationSettings())


# A residual unit on 8×8×3 inputs: conv 3×3 to `width`, relu, and a shortcut that is the
# block's input unless `project` switches a 1×1 projection on.
UNIT = (
    "input: [8, 8, 3]",  # 1
    "blocks:",  # 2
    "  unit:",  # 3
    "    args: {width: null, stride: 1, project: false}",  # 4
    "    layers:",  # 5
    "      - {type: conv, name: conv, filters: $width, kernel: 3, stride: $stride, padding: 1}",
    "      - {type: relu, name: act}",  # 7
    "      - {type: conv, name: proj, from: input, filters: $width, kernel: 1, stride: $stride,"
    " if: $project}",  # 8
    "      - {type: add, name: add, from: [act, proj]}",  # 9
    "layers:",  # 10
)


# --- names, repeat, first ------------------------------------------------------------------


def test_layers_in_an_instance_get_qualified_names() -> None:
    net = network(spec(*UNIT, "  - {type: unit, name: stage, width: 3}"))
    assert [layer.name for layer in net.layers] == ["stage.conv", "stage.act", "stage.add"]
    assert all(layer.blocks == ("stage",) for layer in net.layers)


def test_repeat_numbers_the_instances_like_torchvision() -> None:
    net = network(spec(*UNIT, "  - {type: unit, name: layer2, repeat: 3, width: 3}"))
    names = [layer.name for layer in net.layers]
    assert names == [f"layer2.{i}.{n}" for i in range(3) for n in ("conv", "act", "add")]
    assert net.layers[3].blocks == ("layer2", "layer2.1")


def test_repeat_chains_each_instance_to_the_previous_output() -> None:
    net = network(spec(*UNIT, "  - {type: unit, name: layer2, repeat: 2, width: 3}"))
    by_name = {layer.name: layer for layer in net.layers}
    assert by_name["layer2.0.conv"].inputs == ("input",)
    assert by_name["layer2.1.conv"].inputs == ("layer2.0.add",)
    # Inside instance 1, `input` is instance 0's output.
    assert by_name["layer2.1.add"].inputs == ("layer2.1.act", "layer2.0.add")


def test_first_overrides_arguments_of_instance_0_only() -> None:
    net = network(
        spec(
            *UNIT,
            "  - {type: unit, name: layer2, repeat: 2, width: 4,"
            " first: {stride: 2, project: true}}",
        )
    )
    by_name = {layer.name: layer for layer in net.layers}
    assert by_name["layer2.0.conv"].fields["stride"] == 2
    assert by_name["layer2.1.conv"].fields["stride"] == 1
    assert "layer2.0.proj" in by_name
    assert "layer2.1.proj" not in by_name
    report = calculate_network(net, CalculationSettings())
    shapes = {layer.spec.name: layer.output_shape for layer in report.layers}
    # 8×8×3, stride 2 with padding 1: (8 + 2 − 3)//2 + 1 = 4; the 1×1 stride-2 projection too.
    assert shapes["layer2.0.add"] is not None
    assert shapes["layer2.0.add"].in_layout("hwc") == [4, 4, 4]
    assert [d for d in report.diagnostics if d.severity == Severity.ERROR] == []


def test_unnamed_block_uses_are_numbered_per_block() -> None:
    net = network(spec(*UNIT, "  - {type: unit, width: 3}", "  - {type: unit, width: 3}"))
    assert [layer.name for layer in net.layers][::3] == ["unit1.conv", "unit2.conv"]


# --- if: false ------------------------------------------------------------------------------


def test_switched_off_layer_is_left_out_and_references_mean_its_input() -> None:
    net = network(spec(*UNIT, "  - {type: unit, name: u, width: 3}"))
    by_name = {layer.name: layer for layer in net.layers}
    assert "u.proj" not in by_name
    # `proj` reads the block's input (`from: input`), so the add reads act and the input.
    assert by_name["u.add"].inputs == ("u.act", "input")


def test_switched_on_layer_is_read_by_name() -> None:
    net = network(spec(*UNIT, "  - {type: unit, name: u, width: 3, project: true}"))
    by_name = {layer.name: layer for layer in net.layers}
    assert by_name["u.proj"].inputs == ("input",)
    assert by_name["u.add"].inputs == ("u.act", "u.proj")


def test_next_layer_after_a_switched_off_one_reads_its_input() -> None:
    net = network(
        spec(
            "input: [8, 8, 3]",
            "layers:",
            "  - {type: conv, name: a, filters: 4, kernel: 1}",
            "  - {type: relu, name: skipped, if: false}",
            "  - {type: relu, name: b}",
        )
    )
    assert [layer.name for layer in net.layers] == ["a", "b"]
    assert net.layers[1].inputs == ("a",)


def test_if_must_be_a_boolean() -> None:
    text = spec("input: [8, 8, 3]", "layers:", "  - {type: relu, if: maybe}")
    (diagnostic,) = problems(text)
    assert diagnostic.code == "CC004"
    assert place(diagnostic) == (3, 22)


# --- output ---------------------------------------------------------------------------------


def test_block_output_names_the_layer_the_next_one_reads() -> None:
    net = network(
        spec(
            "input: [8, 8, 3]",
            "blocks:",
            "  two:",
            "    output: first",
            "    layers:",
            "      - {type: conv, name: first, filters: 4, kernel: 1}",
            "      - {type: conv, name: second, filters: 5, kernel: 1}",
            "layers:",
            "  - {type: two, name: t}",
            "  - {type: relu, name: after}",
        )
    )
    assert net.layers[-1].inputs == ("t.first",)
    assert net.block_outputs["t"] == "t.first"


def test_outputs_name_several_layers_and_block_instances() -> None:
    text = spec(
        *UNIT,
        "  - {type: unit, name: a, repeat: 2, width: 3}",
        "  - {type: conv, name: head, filters: 2, kernel: 1}",
        "  - {type: maxpool, name: pooled, from: a.0, kernel: 2}",
        "outputs: [a, head, pooled]",
    )
    net = network(text)
    assert net.outputs == ("a.1.add", "head", "pooled")
    report = calculate_network(net, CalculationSettings())
    assert report.totals is not None
    shapes = {
        name: shape.in_layout("hwc") if shape else None for name, shape in report.totals.outputs
    }
    # Stride-1 padded convs keep 8×8; the 2×2 pool halves it.
    assert shapes == {"a.1.add": [8, 8, 3], "head": [8, 8, 2], "pooled": [4, 4, 3]}


def test_outputs_naming_an_unknown_layer() -> None:
    text = spec("input: [8, 8, 3]", "layers:", "  - relu", "outputs: [relu1, rleu]")
    (diagnostic,) = with_code(text, "CC015")
    assert place(diagnostic) == (4, 18)
    assert diagnostic.hint is not None and "relu1" in diagnostic.hint


# --- block errors ---------------------------------------------------------------------------


def test_unknown_dollar_argument_is_cc016_at_the_value() -> None:
    text = spec(
        "input: [8, 8, 3]",
        "blocks:",
        "  unit:",
        "    args: {width: null}",
        "    layers:",
        "      - {type: conv, name: conv, filters: $widht, kernel: 3}",
        "layers:",
        "  - {type: unit, name: u, width: 4}",
    )
    (diagnostic,) = with_code(text, "CC016")
    assert "`$widht`" in diagnostic.message and "`unit`" in diagnostic.message
    assert place(diagnostic) == (6, 43)
    assert diagnostic.hint == "did you mean `width`?"


def test_block_using_itself_is_cc016_with_the_chain() -> None:
    text = spec(
        "input: [8, 8, 3]",
        "blocks:",
        "  outer:",
        "    layers:",
        "      - {type: inner, name: i}",
        "  inner:",
        "    layers:",
        "      - {type: conv, name: c, filters: 4, kernel: 1}",
        "      - {type: outer, name: o}",
        "layers:",
        "  - {type: outer, name: top}",
    )
    (diagnostic,) = with_code(text, "CC016")
    assert "outer → inner → outer" in diagnostic.message
    assert place(diagnostic) == (9, 9)


def test_block_name_that_is_a_kind_is_cc016() -> None:
    text = spec(
        "input: [8, 8, 3]",
        "blocks:",
        "  conv:",
        "    layers: [relu]",
        "layers: [relu]",
    )
    (diagnostic,) = with_code(text, "CC016")
    assert place(diagnostic) == (3, 3)


def test_missing_required_argument_is_cc002_at_the_use() -> None:
    text = spec(*UNIT, "  - {type: unit, name: u}")
    (diagnostic,) = with_code(text, "CC002")
    assert "`width`" in diagnostic.message
    assert place(diagnostic) == (11, 5)
    assert diagnostic.layer == "u"


def test_unknown_argument_is_cc003_with_did_you_mean() -> None:
    text = spec(*UNIT, "  - {type: unit, name: u, width: 3, strde: 2}")
    (diagnostic,) = with_code(text, "CC003")
    assert "`strde`" in diagnostic.message
    assert place(diagnostic) == (11, 37)
    assert diagnostic.hint == "did you mean `stride`?"


def test_unknown_argument_in_first_is_cc003() -> None:
    text = spec(*UNIT, "  - {type: unit, name: u, repeat: 2, width: 3, first: {projct: true}}")
    (diagnostic,) = with_code(text, "CC003")
    assert place(diagnostic) == (11, 56)
    assert diagnostic.hint == "did you mean `project`?"


@pytest.mark.parametrize("repeat", ["0", "-1", "2.5", "two", "true"])
def test_repeat_must_be_a_whole_number_of_at_least_one(repeat: str) -> None:
    text = spec(*UNIT, f"  - {{type: unit, width: 3, repeat: {repeat}}}")
    (diagnostic,) = with_code(text, "CC016")
    assert place(diagnostic) == (11, 36)


# --- references -----------------------------------------------------------------------------


def test_forward_reference_is_cc015_at_the_reference_with_the_line() -> None:
    text = spec(
        "input: [8, 8, 3]",
        "layers:",
        "  - {type: conv, name: a, from: b, filters: 4, kernel: 1}",
        "  - {type: conv, name: b, filters: 4, kernel: 1}",
    )
    (diagnostic,) = with_code(text, "CC015")
    assert diagnostic.message == "`b` is defined further down (line 4)"
    assert place(diagnostic) == (3, 33)
    assert diagnostic.layer == "a"


def test_unknown_reference_is_cc015() -> None:
    text = spec(
        "input: [8, 8, 3]",
        "layers:",
        "  - {type: conv, name: a, filters: 4, kernel: 1}",
        "  - {type: add, name: s, from: [a, b2]}",
    )
    (diagnostic,) = with_code(text, "CC015")
    assert "`b2`" in diagnostic.message
    assert place(diagnostic) == (4, 36)


def test_self_reference_is_cc015() -> None:
    text = spec(
        "input: [8, 8, 3]",
        "layers:",
        "  - {type: conv, name: a, from: a, filters: 4, kernel: 1}",
    )
    (diagnostic,) = with_code(text, "CC015")
    assert diagnostic.message == "`a` refers to itself"
    assert place(diagnostic) == (3, 33)


def test_reference_inside_a_block_is_local_to_the_instance() -> None:
    text = spec(
        "input: [8, 8, 3]",
        "blocks:",
        "  unit:",
        "    layers:",
        "      - {type: conv, name: c, from: stem, filters: 4, kernel: 1}",
        "layers:",
        "  - {type: conv, name: stem, filters: 4, kernel: 1}",
        "  - {type: unit, name: u}",
    )
    (diagnostic,) = with_code(text, "CC015")
    assert "`stem`" in diagnostic.message
    assert place(diagnostic) == (5, 37)
    assert diagnostic.layer == "u.c"


def test_forward_reference_inside_a_block_points_at_the_block_line() -> None:
    text = spec(
        "input: [8, 8, 3]",
        "blocks:",
        "  unit:",
        "    layers:",
        "      - {type: conv, name: late, from: later, filters: 4, kernel: 1}",
        "      - {type: conv, name: later, filters: 4, kernel: 1}",
        "layers:",
        "  - {type: unit, name: u}",
    )
    (diagnostic,) = with_code(text, "CC015")
    assert diagnostic.message == "`later` is defined further down (line 6)"
    assert place(diagnostic) == (5, 40)


def test_forward_reference_hint_does_not_suggest_the_same_name() -> None:
    text = spec(
        "input: [8, 8, 3]",
        "layers:",
        "  - {type: conv, name: a, from: b, filters: 4, kernel: 1}",
        "  - {type: conv, name: b, filters: 4, kernel: 1}",
    )
    (diagnostic,) = with_code(text, "CC015")
    assert diagnostic.hint != "did you mean `b`?"


def test_reference_to_a_broken_layer_above_is_not_called_a_forward_reference() -> None:
    text = spec(
        "input: [8, 8, 3]",
        "layers:",
        "  - {type: conv, name: a, filters: 4, kernel: 1, strid: 2}",
        "  - {type: relu, name: b, from: a}",
    )
    assert [d.code for d in problems(text)] in (["CC003"], ["CC003", "CC015"])
    for diagnostic in problems(text):
        assert "further down" not in diagnostic.message


# --- input counts ---------------------------------------------------------------------------


def test_join_with_one_input_is_cc009() -> None:
    text = spec(
        "input: [8, 8, 3]",
        "layers:",
        "  - {type: conv, name: a, filters: 4, kernel: 1}",
        "  - {type: add, name: s, from: a}",
    )
    (diagnostic,) = with_code(text, "CC009")
    assert diagnostic.message == "`add` takes at least 2 inputs, got 1"
    assert place(diagnostic) == (4, 32)


def test_single_input_layer_with_two_inputs_is_cc009() -> None:
    text = spec(
        "input: [8, 8, 3]",
        "layers:",
        "  - {type: conv, name: a, filters: 4, kernel: 1}",
        "  - {type: conv, name: b, from: [a, input], filters: 4, kernel: 1}",
    )
    (diagnostic,) = with_code(text, "CC009")
    assert "exactly one input, got 2" in diagnostic.message
    assert place(diagnostic) == (4, 33)


def test_block_use_with_two_inputs_is_cc009() -> None:
    text = spec(
        *UNIT,
        "  - {type: conv, name: a, filters: 3, kernel: 1}",
        "  - {type: unit, name: u, width: 3, from: [a, input]}",
    )
    (diagnostic,) = with_code(text, "CC009")
    assert diagnostic.message == "block `unit` takes one input, got 2"
    assert place(diagnostic) == (12, 5)


# --- diagnostics inside blocks --------------------------------------------------------------


def test_join_mismatch_inside_a_block_names_both_branches_and_shapes() -> None:
    text = spec(
        "input: [8, 8, 3]",  # 1
        "blocks:",  # 2
        "  pair:",  # 3
        "    args: {width: null}",  # 4
        "    layers:",  # 5
        "      - {type: conv, name: main, filters: $width, kernel: 3, padding: 1}",  # 6
        "      - {type: conv, name: short, from: input, filters: 4, kernel: 1}",  # 7
        "      - {type: add, name: add, from: [main, short]}",  # 8
        "layers:",  # 9
        "  - {type: pair, name: p, width: 4}",  # 10
        "  - {type: pair, name: q, width: 8}",  # 11
    )
    report = calculate(text)
    (diagnostic,) = [d for d in report.diagnostics if d.code == "CC220"]
    # p: both branches 8×8×4, fine. q: main 8×8×8 against the 8×8×4 shortcut.
    assert diagnostic.layer == "q.add"
    assert "q.main is 8×8×8" in diagnostic.message
    assert "q.short is 8×8×4" in diagnostic.message
    assert place(diagnostic) == (8, 9)
    assert [(s.line, s.column) for s in diagnostic.use_sites] == [(11, 5)]


def test_layer_diagnostic_in_a_repeated_block_carries_each_use_site() -> None:
    text = spec(
        "input: [9, 9, 3]",  # 1
        "blocks:",  # 2
        "  down:",  # 3
        "    layers:",  # 4
        "      - {type: conv, name: c, filters: 4, kernel: 2, stride: 2}",  # 5
        "  stage:",  # 6
        "    layers:",  # 7
        "      - {type: down, name: d}",  # 8
        "layers:",  # 9
        "  - {type: stage, name: s, repeat: 2}",  # 10
    )
    report = calculate(text)
    # 9 → (9 − 2)//2 + 1 = 4 leaves the last row and column unread (CC103); 4 → 2 is exact.
    (diagnostic,) = [d for d in report.diagnostics if d.code == "CC103"]
    assert diagnostic.layer == "s.0.d.c"
    assert place(diagnostic) == (5, 9)
    assert [(s.line, s.column) for s in diagnostic.use_sites] == [(10, 5), (8, 9)]


def test_load_diagnostic_inside_a_block_carries_the_use_site() -> None:
    text = spec(
        "input: [8, 8, 3]",
        "blocks:",
        "  unit:",
        "    args: {width: null}",
        "    layers:",
        "      - {type: conv, name: conv, filters: $widht, kernel: 3}",
        "layers:",
        "  - {type: unit, name: u, width: 4}",
    )
    (diagnostic,) = with_code(text, "CC016")
    assert diagnostic.layer == "u.conv"
    assert [(s.line, s.column) for s in diagnostic.use_sites] == [(8, 5)]


# --- the CLI: --depth -----------------------------------------------------------------------

RESNETISH = spec(
    *UNIT,
    "  - {type: conv, name: stem, filters: 4, kernel: 3, padding: 1}",
    "  - {type: unit, name: layer1, repeat: 2, width: 4}",
    "  - {type: unit, name: layer2, repeat: 2, width: 8, first: {stride: 2, project: true}}",
    "  - {type: maxpool, name: pool, kernel: 2}",
)


def run_cli(*args: str) -> str:
    result = invoke("check", *args, "-", stdin=RESNETISH)
    assert result.exit_code == 0, result.output
    return result.stdout


def row_names(table: str) -> set[str]:
    """The name column of the table (diagnostic lines below it are not rows)."""
    body = table.split("\n total")[0] if "\n total" in table else table
    return {line.split()[1] for line in body.splitlines() if len(line.split()) > 2}


def row(table: str, name: str) -> list[str]:
    for line in table.splitlines():
        cells = line.split()
        if len(cells) > 1 and cells[1] == name:
            return cells
    raise AssertionError(f"no row {name!r} in\n{table}")


def test_depth_0_shows_each_top_level_block_use_as_one_row() -> None:
    table = run_cli("--format", "table", "--depth", "0")
    # stem is layer 0; layer1: 2 instances × (conv, relu, add) = layers 1–6; layer2: the same
    # plus instance 0's projection = layers 7–13; pool is 14.
    assert row(table, "layer1")[:5] == ["1–6", "layer1", "unit×2", "6", "layers"]
    assert row(table, "layer2")[:5] == ["7–13", "layer2", "unit×2", "7", "layers"]
    # layer1: two 3×3 convs 4→4: 2 × (144 + 4) = 296 parameters.
    assert "296" in row(table, "layer1")
    assert not {"layer1.0", "layer1.0.conv", "layer2.1.add"} & row_names(table)
    assert row(table, "stem")[0] == "0" and row(table, "pool")[0] == "14"


def test_depth_1_shows_instances() -> None:
    table = run_cli("--format", "table", "--depth", "1")
    assert row(table, "layer2.0")[:5] == ["7–10", "layer2.0", "unit", "4", "layers"]
    assert row(table, "layer2.1")[:5] == ["11–13", "layer2.1", "unit", "3", "layers"]
    assert "layer2.0.conv" not in row_names(table)
    assert "stem" in row_names(table)


def test_without_depth_every_layer_has_a_row() -> None:
    table = run_cli("--format", "table")
    assert row(table, "layer2.0.proj")[0] == "9"
    assert "unit×2" not in table


def test_json_lists_block_instances_with_their_output() -> None:
    (report,) = json.loads(run_cli("--format", "json"))
    blocks = {block["name"]: block for block in report["blocks"]}
    assert blocks["layer2"]["type"] == "unit×2"
    assert blocks["layer2"]["level"] == 0 and blocks["layer2.1"]["level"] == 1
    assert blocks["layer2"]["layers"] == [7, 13]
    # 8×8 with a stride-2 padded 3×3: (8 + 2 − 3)//2 + 1 = 4.
    assert blocks["layer2"]["output"] == [4, 4, 8]
