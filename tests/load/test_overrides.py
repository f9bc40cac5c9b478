"""`--set PATH=VALUE` on check and calc: parsing, applying, the diff view, usage errors.

Expected numbers come from (W − F + 2P)/S + 1 worked by hand in the comments.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from conftest import invoke as run_convcalc

from convcalc.core.specs import NetworkSpec
from convcalc.load.files import load_text
from convcalc.load.overrides import (
    OverrideError,
    find_layer,
    override_network,
    parse_override,
)

ANSI = re.compile(r"\x1b\[[0-9;]*m")

ALEXNET_227 = """\
input: [227, 227, 3]
layers:
  - {type: conv, name: conv1, filters: 96, kernel: 11, stride: 4}
  - {type: relu, name: relu1}
  - {type: maxpool, name: pool1, kernel: 3, stride: 2}
"""

BLOCKS = """\
input: [32, 32, 3]
blocks:
  unit:
    args: {s: 1}
    layers:
      - {type: conv, name: conv, filters: 8, kernel: 3, stride: $s, padding: 1}
layers:
  - {type: conv, name: a, filters: 8, kernel: 3, padding: 1}
  - {type: conv, name: a.b, filters: 8, kernel: 3, padding: 1}
  - {type: unit, name: stage, repeat: 2}
"""


def network(text: str = ALEXNET_227) -> NetworkSpec:
    loaded, problems = load_text(text, "net.yaml")
    assert loaded is not None, problems
    return loaded


def invoke(*args: str, stdin: str | None = None) -> Result:
    # Wider than the shared 200 columns: the diff tables here carry before and after columns.
    return run_convcalc(*args, stdin=stdin, columns=250)


def json_reports(*args: str, stdin: str | None = None) -> list[dict[str, Any]]:
    result = invoke(*args, "--format", "json", stdin=stdin)
    assert result.exit_code in (0, 1), result.output
    payload = json.loads(result.stdout)
    assert isinstance(payload, list)
    return payload


@pytest.fixture
def spec(tmp_path: Path):  # type: ignore[no-untyped-def]
    def write(text: str = ALEXNET_227, name: str = "net.yaml") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


# --- parsing and applying --------------------------------------------------------------------


def test_layer_field_by_name_and_alias() -> None:
    override = parse_override(network(), "conv1.kernel_size=7")
    assert (override.layer, override.field, override.value) == ("conv1", "kernel", 7)


def test_layer_by_index_and_per_dimension_value() -> None:
    override = parse_override(network(), "layers.2.kernel=3x5")
    assert (override.layer, override.field, override.value) == ("pool1", "kernel", (3, 5))


def test_values_are_read_as_in_a_spec() -> None:
    net = network()
    assert parse_override(net, "conv1.padding=same").value == "same"
    assert parse_override(net, "conv1.padding=[[1,2],[0,1]]").value == ((1, 2), (0, 1))
    assert parse_override(net, "conv1.bias=false").value is False


def test_applying_changes_the_field_and_marks_it_given() -> None:
    changed = override_network(network(), ["conv1.stride=2"])
    conv = changed.layers[0]
    assert conv.fields["stride"] == 2
    assert "stride" in conv.given
    assert str(conv.field_location("stride")) == "--set conv1.stride"
    assert network().layers[0].fields["stride"] == 4  # the original is untouched


def test_later_override_wins() -> None:
    changed = override_network(network(), ["conv1.stride=2", "conv1.stride=3"])
    assert changed.layers[0].fields["stride"] == 3


def test_input_whole_size_and_channels() -> None:
    net = network()
    assert override_network(net, ["input=224x224x3"]).input_shape.spatial == (224, 224)
    sized = override_network(net, ["input.size=100"])
    assert (sized.input_shape.spatial, sized.input_shape.channels) == ((100, 100), 3)
    assert sized.input_written == (100, 100, 3)
    assert override_network(net, ["input.channels=1"]).input_shape.channels == 1


def test_names_with_dots_match_the_longest_layer_name() -> None:
    net = network(BLOCKS)
    found = find_layer(net, "a.b.stride")
    assert found is not None and (found[0].name, found[1]) == ("a.b", "stride")
    found = find_layer(net, "a.stride")
    assert found is not None and (found[0].name, found[1]) == ("a", "stride")
    found = find_layer(net, "stage.1.conv.kernel")
    assert found is not None and found[0].name == "stage.1.conv"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("cnv1.stride=2", ["no layer `cnv1`", "did you mean `conv1`"]),
        ("conv1.strid=2", ["no field `strid`", "did you mean `stride`"]),
        ("conv1.stride=abc", ["`stride` must be"]),
        ("conv1=2", ["name a field"]),
        ("layers.9.kernel=3", ["no layer 9", "0 to 2"]),
        ("stage.0.kernel=3", ["block instance", "stage.0.conv"]),
        ("input=224", ["flat", "input.size=224"]),
        ("input.sizes=1", ["did you mean `input.size`", "no `sizes`"]),
        ("conv1.stride", ["PATH=VALUE"]),
    ],
)
def test_unusable_overrides_say_why(text: str, words: list[str]) -> None:
    net = network(ALEXNET_227 if not text.startswith("stage") else BLOCKS)
    with pytest.raises(OverrideError) as raised:
        parse_override(net, text)
    for word in words:
        assert word in str(raised.value)


# --- the command line ------------------------------------------------------------------------


def test_check_set_stride_json_carries_old_and_new(spec) -> None:  # type: ignore[no-untyped-def]
    # conv1 stride 2: (227 − 11)/2 + 1 = 109 (was (227 − 11)/4 + 1 = 55).
    # pool1: (109 − 3)/2 + 1 = 54 (was (55 − 3)/2 + 1 = 27).
    [entry] = json_reports("check", spec(), "--set", "conv1.stride=2")
    conv, _, pool = entry["layers"]
    assert conv["output"] == [109, 109, 96]
    assert conv["was"]["output"] == [55, 55, 96]
    assert conv["changed_fields"] == {"stride": {"was": 4, "now": 2}}
    assert "params" not in conv["was"]  # 96·3·121 + 96 either way
    assert pool["output"] == [54, 54, 96] and pool["was"]["output"] == [27, 27, 96]
    assert entry["overrides"] == ["conv1.stride=2"]
    # MACs: conv1 out² · 34,848 weights: 55² · 34,848 → 109² · 34,848.
    assert entry["totals_was"]["macs"] == 55 * 55 * 34_848
    assert entry["totals"]["macs"] == 109 * 109 * 34_848
    assert entry["delta"]["macs"] == (109 * 109 - 55 * 55) * 34_848
    # (109² − 55²)/55² · 100 % = 8856/3025 · 100 % = 35424/121 %
    assert entry["delta"]["percent"]["macs"] == "35424/121"
    assert entry["delta"]["params"] == 0 and entry["delta"]["percent"]["params"] == 0


def test_json_keeps_every_key_of_the_plain_report(spec) -> None:  # type: ignore[no-untyped-def]
    plain = json_reports("check", spec())[0]
    changed = json_reports("check", spec(), "--set", "conv1.stride=2")[0]
    assert set(plain) <= set(changed)
    for old_layer, new_layer in zip(plain["layers"], changed["layers"], strict=True):
        assert set(old_layer) <= set(new_layer)


def test_no_diff_prints_the_changed_network_alone(spec) -> None:  # type: ignore[no-untyped-def]
    edited = spec(ALEXNET_227.replace("stride: 4", "stride: 2"), "edited.yaml")
    alone = json_reports("check", spec(), "--set", "conv1.stride=2", "--no-diff")[0]
    direct = json_reports("check", edited)[0]
    assert "was" not in alone["layers"][0] and "delta" not in alone
    for key in ("layers", "totals"):
        strip = [
            {k: v for k, v in layer.items() if k not in ("line", "column")}
            for layer in (alone[key] if key == "layers" else [alone[key]])
        ]
        same = [
            {k: v for k, v in layer.items() if k not in ("line", "column")}
            for layer in (direct[key] if key == "layers" else [direct[key]])
        ]
        assert strip == same


def test_diagnostics_appear_and_disappear(spec) -> None:  # type: ignore[no-untyped-def]
    # On 224: (224 − 11)/4 + 1 = 54.25, the last column is never read (CC103); then pool1:
    # (54 − 3)/2 + 1 = 26.5, again (on 227 both were whole: 55, then 27).
    [entry] = json_reports("check", spec(), "--set", "input=224x224x3")
    assert entry["input"] == [224, 224, 3] and entry["input_was"] == [227, 227, 3]
    appeared = entry["diagnostics_appeared"]
    assert [(d["code"], d["layer"]) for d in appeared] == [("CC103", "conv1"), ("CC103", "pool1")]
    assert "227" in appeared[0]["hint"] and "3 more padding" in appeared[0]["hint"]
    assert entry["diagnostics_disappeared"] == []
    [back] = json_reports(
        "calc",
        "--input",
        "224x224x3",
        "conv:filters=96,kernel=11,stride=4",
        "--set",
        "input.size=227",
    )
    assert [d["code"] for d in back["diagnostics_disappeared"]] == ["CC103"]
    assert back["layers"][0]["output"] == [55, 55, 96]


def test_table_shows_old_arrow_new(spec) -> None:  # type: ignore[no-untyped-def]
    result = invoke("check", spec(), "--set", "conv1.stride=2", "--format", "table")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "what if: conv1.stride=2" in text
    assert "55×55×96 → 109×109×96" in text
    assert "11×11 /4 p0 → 11×11 /2 p0" in text
    macs_line = next(line for line in text.splitlines() if line.startswith("MACs:"))
    # 55² · 34,848 = 105,415,200 → 109² · 34,848 = 414,029,088: +308,613,888, and
    # 35424/121 % = 292.76… % shown to a tenth.
    assert "105,415,200 → 414,029,088" in macs_line
    assert "+308,613,888" in macs_line and "+292.8%" in macs_line
    assert "params: 34,944 (unchanged)" in text


def test_table_lists_diagnostics_that_appeared(spec) -> None:  # type: ignore[no-untyped-def]
    result = invoke("check", spec(), "--set", "input.size=224", "--format", "table")
    lines = result.stdout.splitlines()
    start = lines.index("appeared:")
    assert "CC103" in lines[start + 1] and "conv1" in lines[start + 1]
    assert "(was 0 errors, 0 warnings, 0 info)" in result.stdout


def test_table_escapes_markup_in_the_override_text(spec) -> None:  # type: ignore[no-untyped-def]
    net = spec(ALEXNET_227.replace("name: conv1", "name: '[bold]x'"))
    result = invoke("check", net, "--set", "[bold]x.stride=2", "--format", "table")
    assert result.exit_code == 0, result.output
    assert "what if: [bold]x.stride=2" in result.stdout


def test_block_layer_by_qualified_name(spec) -> None:  # type: ignore[no-untyped-def]
    # stage.1.conv kernel 5 padding 1 on 32: (32 − 5 + 2)/1 + 1 = 30.
    [entry] = json_reports("check", spec(BLOCKS), "--set", "stage.1.conv.kernel=5")
    layer = next(item for item in entry["layers"] if item["name"] == "stage.1.conv")
    assert layer["output"] == [30, 30, 8] and layer["was"]["output"] == [32, 32, 8]


def test_an_error_made_by_an_override_exits_1(spec) -> None:  # type: ignore[no-untyped-def]
    result = invoke("check", spec(), "--set", "conv1.stride=0", "--format", "json")
    assert result.exit_code == 1
    diagnostic = json.loads(result.stdout)[0]["diagnostics_appeared"][0]
    assert diagnostic["code"] == "CC010" and diagnostic["file"] == "--set conv1.stride"


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("cnv1.stride=2", "did you mean `conv1`"),
        ("conv1.strid=2", "did you mean `stride`"),
        ("conv1.stride=two", "`stride` must be"),
        ("nothing", "PATH=VALUE"),
    ],
)
def test_unusable_override_is_a_usage_error(spec, override: str, message: str) -> None:  # type: ignore[no-untyped-def]
    result = invoke("check", spec(), "--set", override, "--format", "json")
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_usage_error_names_the_file_when_checking_files(spec) -> None:  # type: ignore[no-untyped-def]
    path = spec()
    result = invoke("check", path, "--set", "cnv1.stride=2", "--format", "json")
    assert path in result.stderr


def test_standard_input_is_read_once_for_both_networks() -> None:
    [entry] = json_reports("check", "-", "--set", "conv1.stride=2", stdin=ALEXNET_227)
    assert entry["layers"][0]["output"] == [109, 109, 96]
    assert entry["layers"][0]["was"]["output"] == [55, 55, 96]


def test_huge_input_by_override_is_exact() -> None:
    big = 10**30
    # conv1d kernel 11 stride 4 on 10^30: (10^30 − 11)//4 + 1 = 25·10^28 − 2 (10^30 − 11 =
    # 4·(25·10^28 − 3) + 1).
    [entry] = json_reports(
        "calc",
        "--input",
        "100x3",
        "conv1d:filters=2,kernel=11,stride=4",
        "--set",
        f"input.size={big}",
    )
    assert entry["layers"][0]["output"] == [25 * 10**28 - 2, 2]
    assert entry["layers"][0]["was"]["output"] == [23, 2]  # (100 − 11)//4 + 1 = 23


def test_lint_formats_show_the_changed_network(spec) -> None:  # type: ignore[no-untyped-def]
    result = invoke("check", spec(), "--set", "input.size=224", "--format", "concise")
    assert result.exit_code == 0
    assert "CC103" in result.stdout


# --- the pieces of a split -------------------------------------------------------------------

SPLIT = """\
input: [8, 8, 12]
layers:
  - {type: split, name: s, sizes: [4, 8]}
  - {type: conv, name: c, filters: 4, kernel: 1, from: s.1}
"""


def test_a_set_on_one_piece_of_a_split_applies_to_every_piece() -> None:
    changed = override_network(network(SPLIT), ["s.0.sizes=[6,6]"])
    pieces = [layer for layer in changed.layers if layer.piece is not None]
    assert [layer.fields["sizes"] for layer in pieces] == [(6, 6), (6, 6)]


def test_a_set_cannot_change_how_many_pieces_a_split_gives() -> None:
    with pytest.raises(OverrideError, match="one of 2 pieces; a --set cannot change how many"):
        parse_override(network(SPLIT), "s.1.sizes=[4,4,4]")
