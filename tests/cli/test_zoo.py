"""`convcalc zoo`, `convcalc zoo show NAME` and `zoo:NAME` as a spec path.

The zoo's figures are checked against torchvision's published ones (parameters, and its `_ops`
multiply-accumulates), read from tests/fixtures/torchvision_zoo.json.gz.
"""

from __future__ import annotations

import functools
import gzip
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from click.shell_completion import ShellComplete
from conftest import invoke

from convcalc.cli import main
from convcalc.commands import zoo as zoo_command
from convcalc.load.files import load_text
from convcalc.load.zoo import catalog

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "torchvision_zoo.json.gz"


@functools.cache
def published() -> dict[str, dict[str, Any]]:
    models = json.loads(gzip.decompress(FIXTURE.read_bytes()))["models"]
    return {name: model["published"] for name, model in models.items()}


def listed(stdout: str) -> dict[str, tuple[str, int, int]]:
    rows: dict[str, tuple[str, int, int]] = {}
    for line in stdout.splitlines()[1:]:
        if not line.strip():
            break
        name, shape, params, macs = line.split()
        rows[name] = (shape, int(params.replace(",", "")), int(macs.replace(",", "")))
    return rows


def check_listing(stdout: str, names: list[str]) -> None:
    rows = listed(stdout)
    assert list(rows) == names
    truth = published()
    for name, (shape, params, macs) in rows.items():
        assert params == truth[name]["num_params"], name
        # The input is the published evaluation size: the crop, or a segmentation model's resize.
        size = truth[name]["crop_size"] or truth[name]["resize_size"]
        assert shape == f"{size}×{size}×3", name
        # torchvision's figure leaves out Inception v3's AuxLogits, which runs only in training.
        if name != "inception_v3":
            assert round(macs / 1e9, 3) == truth[name]["gflops"], name
    assert f"{len(names)} specs" in stdout


def test_zoo_lists_every_entry_with_torchvisions_figures() -> None:
    result = invoke("zoo")
    assert result.exit_code == 0, result.output
    check_listing(result.stdout, zoo_command.names())


def catalog_matches_the_engine(names: list[str]) -> None:
    written = catalog()
    shipped = resources.files("convcalc").joinpath("zoo").iterdir()
    specs = sorted(
        spec.name.removesuffix(".yaml") for spec in shipped if spec.name.endswith(".yaml")
    )
    assert sorted(written) == specs, "run: python tools/write_zoo.py"
    for name in names:
        computed = zoo_command.entry(name)
        row = written[name]
        assert (row["input"], row["params"], row["macs"]) == (
            computed.input,
            computed.params,
            computed.macs,
        ), f"{name}: run python tools/write_zoo.py"


def test_the_listed_figures_are_the_engines() -> None:
    catalog_matches_the_engine(["alexnet", "mnasnet0_5", "squeezenet1_1"])


@pytest.mark.slow  # computes every zoo entry: seconds
def test_every_listed_figure_is_the_engines() -> None:
    catalog_matches_the_engine(zoo_command.names())


def test_show_prints_the_shipped_spec() -> None:
    result = invoke("zoo", "show", "resnet50")
    assert result.exit_code == 0
    shipped = resources.files("convcalc").joinpath("zoo", "resnet50.yaml").read_text("utf-8")
    assert result.stdout == shipped
    assert "He, Zhang, Ren and Sun" in result.stdout  # commented with its paper
    network, problems = load_text(result.stdout, "my_resnet.yaml")
    assert network is not None and problems == []


@pytest.mark.parametrize(
    ("name", "suggested"),
    [
        ("resnet5", ["zoo:resnet50"]),
        ("resnet", ["zoo:resnet18", "zoo:resnet152"]),
        ("EfficientNet_B0", ["zoo:efficientnet_b0"]),
    ],
)
def test_unknown_name_is_a_usage_error_with_close_matches(name: str, suggested: list[str]) -> None:
    for args in (("zoo", "show", name), ("check", f"zoo:{name}")):
        result = invoke(*args)
        assert result.exit_code == 2, result.output
        assert f"zoo:{name}: no such zoo entry" in result.stderr
        assert all(match in result.stderr for match in suggested), result.stderr
        assert result.stdout == "" or "0 files" in result.stdout


def test_unknown_name_without_close_matches_points_at_the_list() -> None:
    result = invoke("zoo", "show", "../../etc/passwd")
    assert result.exit_code == 2
    assert "`convcalc zoo` lists them" in result.stderr


def test_check_a_zoo_entry_at_another_input() -> None:
    result = invoke("check", "zoo:resnet50", "--set", "input=512x512x3", "--format", "json")
    assert result.exit_code == 0, result.output
    [entry] = json.loads(result.stdout)
    assert entry["file"] == "zoo:resnet50"
    assert (entry["input_was"], entry["input"]) == ([224, 224, 3], [512, 512, 3])
    # At 512×512 layer4 ends at 16×16 (torchvision's total stride, 32); the classifier still
    # gives 1000 after the adaptive pool.
    layer4 = next(layer for layer in entry["layers"] if layer["name"] == "layer4.2.relu3")
    assert layer4["output"] == [16, 16, 2048]
    assert entry["totals"]["output"] == [1000]


def test_sweep_a_zoo_entry() -> None:
    result = invoke("sweep", "zoo:alexnet", "--vary", "input.size=224,227", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [row["output"] for row in json.loads(result.stdout)["rows"]] == [[1000], [1000]]


def complete(args: list[str], incomplete: str) -> list[str]:
    completer = ShellComplete(main, {}, "convcalc", "_CONVCALC_COMPLETE")
    return [item.value for item in completer.get_completions(args, incomplete)]


def test_completion_offers_zoo_names_and_block_arguments() -> None:
    assert complete(["check"], "zoo:resnet1") == ["zoo:resnet101", "zoo:resnet152", "zoo:resnet18"]
    assert complete(["zoo", "show"], "vgg11") == ["vgg11", "vgg11_bn"]
    offered = complete(["check", "zoo:resnet50", "--set"], "layer2.")
    assert {"layer2.repeat", "layer2.width", "layer2.stride", "layer2.0."} <= set(offered)


def test_the_zoo_is_package_data() -> None:
    # The wheel carries the specs (pyproject.toml's package-data), so `zoo:` works installed.
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    root = Path(__file__).resolve().parents[2]
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    data = project["tool"]["setuptools"]["package-data"]["convcalc"]
    assert "zoo/*.yaml" in data and "zoo/catalog.json" in data
    shipped = sorted(path.stem for path in (root / "convcalc" / "zoo").glob("*.yaml"))
    assert shipped == zoo_command.names()
