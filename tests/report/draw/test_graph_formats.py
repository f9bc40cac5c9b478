"""`convcalc draw --format mermaid|dot`: a node per volume, an edge per link, each edge labelled
with the shape that flows along it (as `check --format json` reports the source's output)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import invoke

from tests.report.draw.drawing import json_report

ROOT = Path(__file__).resolve().parents[3]
INCEPTION = str(ROOT / "specs/inception_block.yaml")


def _expected_edges(report: dict[str, Any]) -> set[tuple[str, str, str]]:
    """(source, target, shape) from each layer's `inputs` and the source's JSON output."""
    outputs = {layer["name"]: layer["output"] for layer in report["layers"]}
    outputs["input"] = report["input"]
    return {
        (source, layer["name"], "×".join(f"{size:,}" for size in outputs[source]))
        for layer in report["layers"]
        for source in layer["inputs"]
    }


def test_mermaid_has_a_node_per_layer_and_shapes_on_the_edges() -> None:
    report: dict[str, Any] = json_report(INCEPTION)
    result = invoke("draw", INCEPTION, "--format", "mermaid")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "flowchart LR"
    nodes = dict(re.findall(r'^    (n\d+)\["([^"<]*)<br/>', result.stdout, re.MULTILINE))
    names = {node: label.split(" · ")[0] for node, label in nodes.items()}
    assert list(names.values()) == ["input", *(layer["name"] for layer in report["layers"])]
    edges = {
        (names[source], names[target], shape)
        for source, shape, target in re.findall(
            r'^    (n\d+) -->\|"([^"]*)"\| (n\d+)$', result.stdout, re.MULTILINE
        )
    }
    assert edges == _expected_edges(report)
    info = re.search(r"^    class (\S+) info$", result.stdout, re.MULTILINE)
    assert info is not None and [names[n] for n in info.group(1).split(",")] == ["pool3"]


def test_dot_has_a_node_per_layer_and_shapes_on_the_edges() -> None:
    report: dict[str, Any] = json_report(INCEPTION)
    result = invoke("draw", INCEPTION, "--format", "dot", "--direction", "down")
    assert result.exit_code == 0
    assert "rankdir=TB;" in result.stdout
    nodes = dict(re.findall(r'^    (n\d+) \[label="([^"\\]*)\\n', result.stdout, re.MULTILINE))
    names = {node: label.split(" · ")[0] for node, label in nodes.items()}
    assert list(names.values()) == ["input", *(layer["name"] for layer in report["layers"])]
    edges = {
        (names[source], names[target], shape)
        for source, target, shape in re.findall(
            r'^    (n\d+) -> (n\d+) \[label="([^"]*)"\];$', result.stdout, re.MULTILINE
        )
    }
    assert edges == _expected_edges(report)


def test_hostile_names_stay_inside_their_strings(write_spec: Any) -> None:
    spec = write_spec(
        "input: [8, 8, 3]\nlayers:\n"
        '  - {type: conv, name: "a\\"]; x -->|b\\\\n", filters: 4, kernel: 3}\n'
    )
    mermaid = invoke("draw", spec, "--format", "mermaid").stdout
    assert '["a#quot;]; x --#gt;|b\\n · conv<br/>6×6×4"]' in mermaid
    dot = invoke("draw", spec, "--format", "dot").stdout
    assert 'label="a\\"]; x -->|b\\\\n · conv\\n6×6×4"' in dot


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graphviz_reads_the_dot_output(tmp_path: Path) -> None:
    source = tmp_path / "net.dot"
    source.write_text(invoke("draw", INCEPTION, "--format", "dot").stdout, encoding="utf-8")
    subprocess.run(["dot", "-Tsvg", str(source), "-o", str(tmp_path / "net.svg")], check=True)
