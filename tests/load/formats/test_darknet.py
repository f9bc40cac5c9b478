"""Darknet .cfg files against darknet itself (tests/fixtures/darknet/truth.json: real darknet
parsed every pjreddie cfg), and planted mistakes reported at their line with a fix."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

from convcalc.core.settings import CalculationSettings
from convcalc.engine.calculator import calculate_network
from convcalc.engine.results import LayerResult, NetworkReport
from convcalc.load.files import load_path
from tests.conftest import invoke

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "darknet"
CFGS = FIXTURES / "cfg"


@functools.cache
def truth() -> dict[str, Any]:
    with open(FIXTURES / "truth.json", encoding="utf-8") as handle:
        cfgs: dict[str, Any] = json.load(handle)["cfgs"]
    return {key.split("/", 1)[1]: value for key, value in cfgs.items()}


@functools.cache
def checked(name: str) -> NetworkReport:
    """Each cfg read and calculated once per session."""
    network, problems = load_path(str(CFGS / f"{name}.cfg"))
    assert network is not None, problems
    return calculate_network(network, CalculationSettings())


def by_darknet_layer(report: NetworkReport) -> dict[int, list[LayerResult]]:
    """convcalc's layers grouped by the darknet layer they come from (`12`, `12.bn`, ...)."""
    groups: dict[int, list[LayerResult]] = {}
    for layer in report.layers:
        groups.setdefault(int(layer.spec.name.split(".")[0]), []).append(layer)
    return groups


def whc(layer: LayerResult) -> tuple[int, int, int]:
    shape = layer.output_shape
    assert shape is not None, layer.spec.name
    if shape.is_flat:
        return (1, 1, shape.channels)  # darknet's [connected] output is 1×1×n
    height, width = shape.spatial
    return (width, height, shape.channels)


def compare(name: str) -> None:
    report = checked(name)
    groups = by_darknet_layer(report)
    recorded = truth()[name]
    assert len(groups) == recorded["n_layers"]
    for layer in recorded["layers"]:
        mine = groups[layer["i"]]
        where = (name, layer["i"], layer["section"])
        assert sum(m.framework_params or 0 for m in mine) == layer["weights_file_floats"], where
        if layer["out_w"] or layer["out_c"]:  # darknet leaves some heads' struct fields at 0
            assert whc(mine[-1]) == (layer["out_w"], layer["out_h"], layer["out_c"]), where
        else:
            output = mine[-1].output_shape
            assert output is not None
            size = output.channels * (
                output.spatial[0] * output.spatial[1] if output.spatial else 1
            )
            assert size == layer["outputs"], where
    assert report.totals is not None
    assert report.totals.framework_params == recorded["weights_file_floats_total"], name
    assert not [d for d in report.diagnostics if d.severity.name == "ERROR"], name


NAMES = sorted(path.stem for path in CFGS.glob("*.cfg"))
FAST = ("yolov3-tiny", "yolov2", "resnet50", "densenet201", "vgg-16", "yolov1", "rnn", "gru")


def test_the_fixture_holds_every_cfg() -> None:
    assert len(NAMES) == 45 and set(NAMES) == set(truth())


@pytest.mark.parametrize("name", FAST)
def test_a_cfg_of_each_layer_type_matches_darknet_layer_by_layer(name: str) -> None:
    compare(name)


@pytest.mark.slow
@pytest.mark.parametrize("name", [n for n in NAMES if n not in FAST])
def test_every_pjreddie_cfg_matches_darknet_layer_by_layer(name: str) -> None:
    compare(name)


def test_reorg_extra_appends_zeros_to_the_flat_input() -> None:
    """go.cfg's `[reorg] extra=1`: the 19×19 board flattened and one value (the "pass" move)
    appended, 362 outputs as darknet makes them; the softmax after it reads them all."""
    network, problems = load_path(str(CFGS / "go.cfg"))
    assert network is not None and problems == []
    compare("go")
    reorg = by_darknet_layer(checked("go"))[14]
    assert [layer.spec.kind for layer in reorg] == ["flatten", "reshape", "zeropad", "flatten"]


def test_recurrent_sections_are_their_connected_layers_at_their_line() -> None:
    """[rnn] and [gru] are the connected layers darknet makes for them (three and six), each
    counted as save_weights writes it; every layer sits at its section's line."""
    for name, sublayers in (("rnn", 3), ("gru", 6)):
        network, problems = load_path(str(CFGS / f"{name}.cfg"))
        assert network is not None and problems == []
        text = (CFGS / f"{name}.cfg").read_text(encoding="utf-8").splitlines()
        first = [layer for layer in network.layers if layer.name.split(".")[0] == "0"]
        assert len([layer for layer in first if layer.kind == "dense"]) == sublayers
        for layer in first:
            assert layer.location.line is not None
            assert text[layer.location.line - 1].strip() == f"[{name}]"


# ---------------------------------------------------------------------------- planted mistakes


def planted(tmp_path: Path, name: str, old: str, new: str, count: int = 1) -> tuple[str, int]:
    """A copy of a cfg with `old` replaced (its `count`-th occurrence); the changed line."""
    text = (CFGS / f"{name}.cfg").read_text(encoding="utf-8")
    at = -1
    for _ in range(count):
        at = text.index(old, at + 1)
    changed = text[:at] + new + text[at + len(old) :]
    path = tmp_path / f"{name}.cfg"
    path.write_text(changed, encoding="utf-8")
    return str(path), text[:at].count("\n") + 1


def concise(path: str, *extra: str) -> tuple[int, str]:
    result = invoke("check", "--isolated", "--format", "concise", path, *extra)
    return result.exit_code, result.stdout


def test_a_route_to_a_missing_layer_is_reported_at_its_line_with_the_layers_it_may_name(
    tmp_path: Path,
) -> None:
    path, line = planted(tmp_path, "yolov3-tiny", "layers = -4", "layers = 40")
    code, output = concise(path)
    assert code == 1
    assert f"{path}:{line}:" in output and "CC015" in output
    assert "layer 17 ([route]) refers to layer 40, which is not above it" in output
    assert "refer to a layer above: 0 to 16" in output
    assert "CC220" not in output  # the rest is checked with the route passed over


def test_a_stride_that_breaks_a_route_concat_is_reported_at_the_route(tmp_path: Path) -> None:
    # yolov3's [route] after the first [upsample] joins it (26×26) with layer 61 (26×26); a
    # stride of 2 in the conv that feeds the upsample makes that branch 13×13.
    original = (CFGS / "yolov3.cfg").read_text(encoding="utf-8")
    at = original.rfind("stride=1", 0, original.index("[upsample]"))
    path = str(tmp_path / "yolov3.cfg")
    Path(path).write_text(original[:at] + "stride=2" + original[at + 8 :], encoding="utf-8")
    text = original.splitlines()
    code, output = concise(path)
    assert code == 1
    finding = next(line for line in output.splitlines() if "CC220" in line)
    row = int(finding.split(":")[1])
    assert text[row - 1].strip() == "[route]"
    assert "concat" in finding and "hint:" in finding


def test_a_shortcut_between_sizes_no_stride_relates_is_an_error(tmp_path: Path) -> None:
    # darknet53's first [shortcut] adds 128×128 maps; a 3×3 conv without padding makes one 126×126.
    path, _ = planted(tmp_path, "darknet53", "pad=1", "pad=0", count=4)
    code, output = concise(path)
    assert code == 1
    assert "CC220" in output and "`add` needs" in output


def test_an_unknown_section_and_option_are_one_diagnostic_each_and_the_rest_is_checked(
    tmp_path: Path,
) -> None:
    path, line = planted(tmp_path, "yolov3-tiny", "[maxpool]", "[maxpoool]")
    text = Path(path).read_text(encoding="utf-8")
    Path(path).write_text(text.replace("filters=16", "filters=16\nfliters=3", 1), encoding="utf-8")
    code, output = concise(path, "--format", "json")
    assert code == 1
    report = json.loads(output)[0]
    problems = [(d["code"], d["line"]) for d in report["diagnostics"] if d["severity"] == "error"]
    assert problems == [("CC003", 28), ("CC007", line + 1)]
    assert len(report["layers"]) > 20 and report["totals"]["output"] is not None


def test_a_suppression_comment_in_the_cfg_silences_its_line(tmp_path: Path) -> None:
    path, line = planted(
        tmp_path, "yolov3-tiny", "[maxpool]", "[maxpool]  # convcalc: ignore[CC104]"
    )
    _, output = concise(path)
    assert f":{line}:" not in output
    assert "CC104" in output  # the other maxpools still say it


def test_set_reaches_a_darknet_layer_by_its_number() -> None:
    result = invoke(
        "check",
        "--isolated",
        "--format",
        "json",
        str(CFGS / "yolov3-tiny.cfg"),
        "--set",
        "0.filters=32",
        "--no-diff",
    )
    layers = json.loads(result.stdout)[0]["layers"]
    assert layers[0]["output"] == [416, 416, 32]


def test_json_gives_darknets_own_count_next_to_convcalcs() -> None:
    result = invoke("check", "--isolated", "--format", "json", str(CFGS / "yolov3-tiny.cfg"))
    report = json.loads(result.stdout)[0]
    assert report["framework"] == "darknet"
    assert (
        report["totals"]["framework_params"] == truth()["yolov3-tiny"]["weights_file_floats_total"]
    )
    conv, norm = report["layers"][0], report["layers"][1]
    # conv 0: 16 filters of 3×3×3, no bias; then batch norm's 16 biases, scales, means, variances
    assert (conv["params"], conv["framework_params"]) == (432, 432)
    assert (norm["params"], norm["buffers"], norm["framework_params"]) == (32, 32, 64)


def test_a_directory_walk_picks_up_darknet_cfgs_and_passes_over_other_cfgs(tmp_path: Path) -> None:
    (tmp_path / "tiny.cfg").write_text((CFGS / "yolov3-tiny.cfg").read_text(), encoding="utf-8")
    (tmp_path / "setup.cfg").write_text("[metadata]\nname = x\n", encoding="utf-8")
    result = invoke("check", "--isolated", "--format", "json", str(tmp_path))
    assert [f["file"] for f in json.loads(result.stdout)] == [str(tmp_path / "tiny.cfg")]


def test_the_format_is_recognised_by_content_and_forced_with_from(tmp_path: Path) -> None:
    path = tmp_path / "model.txt"
    path.write_text((CFGS / "yolov3-tiny.cfg").read_text(), encoding="utf-8")
    report = json.loads(invoke("check", "--isolated", "--format", "json", str(path)).stdout)[0]
    assert report["framework"] == "darknet"
    spec = tmp_path / "net.yaml"
    spec.write_text("input: [8, 8, 3]\nlayers: [relu]\n", encoding="utf-8")
    result = invoke("check", "--isolated", "--format", "concise", "--from", "darknet", str(spec))
    assert result.exit_code == 1
    assert "not a Darknet config" in result.stdout


# ---------------------------------------------------------------------------- AlexeyAB's fork

ALEXEYAB = FIXTURES / "alexeyab"


@pytest.mark.parametrize(
    ("name", "heads", "weights_bytes"),
    [
        # The .weights files AlexeyAB/darknet publishes with its releases: a 20-byte header
        # (major, minor, revision, then `seen` as 8 bytes) and the floats save_weights writes.
        ("yolov4-tiny", {"30": [13, 13, 255], "37": [26, 26, 255]}, 24_251_276),
        ("yolov4", {"139": [76, 76, 255], "150": [38, 38, 255], "161": [19, 19, 255]}, 257_717_640),
    ],
)
def test_alexeyab_yolov4_cfgs_match_their_published_weights_files(
    name: str, heads: dict[str, list[int]], weights_bytes: int
) -> None:
    # yolov4-tiny routes channel groups (groups=2 group_id=1); yolov4 uses mish and SPP maxpools.
    result = invoke("check", "--isolated", "--format", "json", str(ALEXEYAB / f"{name}.cfg"))
    assert result.exit_code == 0, result.stdout
    totals = json.loads(result.stdout)[0]["totals"]
    assert totals["outputs"] == heads
    assert totals["framework_params"] * 4 + 20 == weights_bytes


def test_a_number_past_the_digits_limit_is_refused_at_its_place(tmp_path: Path) -> None:
    path = tmp_path / "big.cfg"
    path.write_text(
        "[net]\nwidth=416\nheight=416\nchannels=3\n[convolutional]\nfilters=" + "9" * 100_000,
        encoding="utf-8",
    )
    code, output = concise(str(path))
    assert code == 1 and f"{path}:6:9: CC004" in output and "--max-digits" in output
