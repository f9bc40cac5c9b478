"""`convcalc draw --format mermaid|dot`: a node per volume, an edge per link, each edge labelled
with the shape that flows along it (as `check --format json` reports the source's output)."""

from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from conftest import invoke, mermaid_refusals, required_program

from convcalc.core.printable import printable
from tests.report.draw.drawing import SVG, json_report

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


# --- the formats' own readers: Graphviz's `dot` and Mermaid's parser ----------------------------

SPECS = sorted((ROOT / "specs").rglob("*.yaml"))
EXAMPLES = sorted((ROOT / "tests/examples").rglob("*.yaml"))  # a negative one when it is drawn
# Layer names that are Mermaid, DOT, HTML or Markdown syntax, entities or escapes.
HOSTILE_NAMES = (
    'a"]; x -->|b\\n',
    "`**markdown**`",
    "p(q)[r]{s}|t|;u%%w",
    "#quot; &amp; &#35; <b>x</b> #35;",
    "a\\N\\G\\l\\",
    "end",
    "subgraph",
    "%%{init: {}}%%",
    "x:::cls @{ shape: circle }",
    "line\nbreak\ttab",
    "ünï 中文 🙂 \u202e",
    '"',
)
HOSTILE_SPEC = "input: [8, 8, 3]\nlayers:\n" + "".join(
    f"  - {{type: conv, name: {json.dumps(name, ensure_ascii=False)}, filters: 4, kernel: 3, "
    "padding: 1}\n"
    for name in HOSTILE_NAMES
)


def drawings(kind: str, folder: Path, specs: list[Path]) -> dict[str, str]:
    """What `draw --format kind` writes for these specs, the hostile names, Inception drawn down
    and ResNet-50's blocks drawn as one volume each, by a name for the failure message."""
    hostile = folder / "hostile.yaml"
    hostile.write_text(HOSTILE_SPEC, encoding="utf-8")
    runs: dict[str, tuple[str, ...]] = {
        **{path.relative_to(ROOT).as_posix(): (str(path),) for path in specs},
        "hostile names": (str(hostile),),
        "inception, down": (INCEPTION, "--direction", "down"),
        "resnet50, depth 1": (str(ROOT / "specs/torchvision/resnet50.yaml"), "--depth", "1"),
    }
    found = {}
    for name, args in runs.items():
        result = invoke("draw", *args, "--format", kind)
        assert result.exit_code in (0, 1), result.output
        if result.stdout:  # a negative example that cannot be drawn writes nothing
            found[name] = result.stdout
    assert "hostile names" in found and len(found) > len(specs) // 2
    return found


def graphviz(texts: list[str], folder: Path) -> list[str | None]:
    """For each DOT text, None if `dot -Tsvg` draws it, else Graphviz's message: one run for
    all (`-O` writes each file's SVG beside it; dot goes on after a file it refuses)."""
    dot = required_program("dot", "apt-get install graphviz")
    files = []
    for number, text in enumerate(texts):
        files.append(folder / f"graph{number}.dot")
        files[-1].write_text(text, encoding="utf-8")
    result = subprocess.run(
        [dot, "-Tsvg", "-O", *map(str, files)], capture_output=True, text=True, timeout=300
    )
    verdicts: list[str | None] = []
    for file in files:
        svg = file.with_name(file.name + ".svg")
        errors = [line for line in result.stderr.splitlines() if str(file) in line]
        drawn = svg.exists() and svg.read_text(encoding="utf-8").rstrip().endswith("</svg>")
        verdicts.append(None if drawn and not errors else "\n".join(errors) or result.stderr)
    return verdicts


@pytest.mark.slow  # every spec drawn, then laid out by Graphviz: 1-3 s
def test_graphviz_reads_every_drawing(tmp_path: Path) -> None:
    texts = drawings("dot", tmp_path, [*SPECS, *EXAMPLES])
    verdicts = graphviz(list(texts.values()), tmp_path)
    assert {name: v for name, v in zip(texts, verdicts, strict=True) if v is not None} == {}


def test_graphviz_shows_each_hostile_name_as_written(tmp_path: Path) -> None:
    """Graphviz's picture, not convcalc's text: `\\N` or `&amp;` left as DOT reads them would
    show the node's id or `&`."""
    spec = tmp_path / "hostile.yaml"
    spec.write_text(HOSTILE_SPEC, encoding="utf-8")
    assert graphviz([invoke("draw", str(spec), "--format", "dot").stdout], tmp_path) == [None]
    svg = ET.parse(tmp_path / "graph0.dot.svg").getroot()
    shown = [
        node.find(f"{SVG}text").text  # type: ignore[union-attr]
        for node in svg.iter(f"{SVG}g")
        if node.get("class") == "node"
    ]
    assert shown == ["input", *(f"{printable(name)} · conv" for name in HOSTILE_NAMES)]


def test_graphviz_refuses_a_broken_drawing(tmp_path: Path) -> None:
    """The checks above can fail: a quote left unescaped ends the label early."""
    text = invoke("draw", INCEPTION, "--format", "dot").stdout
    broken = text.replace('label="input', 'label="in"put', 1)
    good, bad = graphviz([text, broken], tmp_path)
    assert good is None and bad is not None and "syntax error" in bad


@pytest.fixture(scope="module")
def mermaid_verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str | None]:
    """mermaid.parse's verdict on the examples' drawings and on two broken ones, in one node run
    (importing mermaid takes seconds). Not every spec in specs/: Mermaid reads a drawing at about
    10 ms a line, half a minute for them all, and they hold no syntax the examples lack."""
    folder = tmp_path_factory.mktemp("mermaid")
    texts = drawings("mermaid", folder, EXAMPLES)
    inception = texts["inception, down"]
    # What the writer would write without its entity codes: a bare quote or a leading backtick.
    texts["broken: a quote"] = inception.replace('["input', '["in"put', 1)
    texts["broken: a backtick"] = inception.replace('["input', '["`input', 1)
    return dict(zip(texts, mermaid_refusals(list(texts.values()), folder), strict=True))


@pytest.mark.slow  # node imports mermaid and jsdom: about 5 s
def test_mermaid_reads_every_drawing(mermaid_verdicts: dict[str, str | None]) -> None:
    refused = {
        name: verdict
        for name, verdict in mermaid_verdicts.items()
        if verdict is not None and not name.startswith("broken")
    }
    assert refused == {}


@pytest.mark.slow  # the same node run as above
def test_mermaid_refuses_a_broken_drawing(mermaid_verdicts: dict[str, str | None]) -> None:
    assert "Parse error" in (mermaid_verdicts["broken: a quote"] or "")
    assert "error" in (mermaid_verdicts["broken: a backtick"] or "")
