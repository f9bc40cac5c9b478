"""`convcalc report`: one valid, self-contained HTML page with the drawing, the full table (its
sort run for real in jsdom), totals, diagnostics with hints and the `--set` old → new view."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import html5lib
import pytest
from conftest import invoke, npm_installed

from tests.report.draw.drawing import json_report

ROOT = Path(__file__).resolve().parents[3]
ALEXNET = str(ROOT / "specs/alexnet.yaml")
UNREAD = str(ROOT / "tests/examples/positive/unread_warning.yaml")
HTML = "{http://www.w3.org/1999/xhtml}"


def page(*args: str) -> str:
    result = invoke("report", *args, "-o", "-")
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def parsed(text: str) -> Any:
    """The page as a browser's parser reads it; strict: any parse error raises."""
    return html5lib.HTMLParser(strict=True).parse(text)


def layer_table(document: Any) -> tuple[list[str], list[list[str]]]:
    table = next(t for t in document.iter(f"{HTML}table") if "layers" in t.get("class", ""))
    headings = ["".join(th.itertext()).strip() for th in table.iter(f"{HTML}th")]
    body = table.find(f"{HTML}tbody")
    rows = [["".join(td.itertext()) for td in tr] for tr in body]
    return headings, rows


def test_the_page_is_valid_and_names_no_external_url() -> None:
    text = page(ALEXNET, "--rf", "conv5")
    document = parsed(text)
    assert document.find(f".//{HTML}svg") is None  # SVG elements are in the SVG namespace
    assert document.find(".//{http://www.w3.org/2000/svg}svg") is not None
    # The SVG namespace name is an identifier, never fetched, and `url(#arrow)` names a marker in
    # the page; anything else would be a URL.
    without_namespace = text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert not re.search(
        r"https?:|//[a-z]|\b(?:src|href)\s*=|url\((?!#)|@import", without_namespace
    )


def test_the_table_has_every_column_and_a_row_per_layer() -> None:
    report: dict[str, Any] = json_report(ALEXNET)
    headings, rows = layer_table(parsed(page(ALEXNET)))
    assert headings[:5] == ["#", "name", "type", "from", "output"]
    assert headings[5:10] == ["weights", "biases", "params", "buffers", "macs"]
    assert headings[10:] == ["receptive field", "status"]
    assert [row[1] for row in rows] == [layer["name"] for layer in report["layers"]]
    for row, layer in zip(rows, report["layers"], strict=True):
        assert row[4] == "×".join(f"{size:,}" for size in layer["output"])
        assert [int(cell.replace(",", "")) for cell in row[5:10]] == [
            layer[name] for name in ("weights", "biases", "params", "buffers", "macs")
        ]
    # AlexNet as torchvision counts it, one column: 62,378,344 parameters.
    assert "62,378,344" in page(ALEXNET)


def test_diagnostics_come_with_their_hints() -> None:
    report: dict[str, Any] = json_report(UNREAD)
    text = page(UNREAD)
    for diagnostic in report["diagnostics"]:
        assert html.escape(diagnostic["message"]) in text
        assert f"hint: {html.escape(diagnostic['hint'])}" in text


def test_set_shows_old_and_new_where_they_differ() -> None:
    report: dict[str, Any] = json_report(ALEXNET, "--set", "conv1.stride=2")
    document = parsed(page(ALEXNET, "--set", "conv1.stride=2"))
    _, rows = layer_table(document)
    table = next(t for t in document.iter(f"{HTML}table") if "layers" in t.get("class", ""))
    changed = {
        "".join(tr[1].itertext())
        for tr in table.find(f"{HTML}tbody")
        if any("changed" in td.get("class", "") for td in tr)
    }
    assert changed == {layer["name"] for layer in report["layers"] if "was" in layer}
    conv1 = next(row for row in rows if row[1] == "conv1")
    was = next(layer for layer in report["layers"] if layer["name"] == "conv1")["was"]["output"]
    now = report["layers"][0]["output"]
    assert conv1[4] == f"{'×'.join(map(str, was))} → {'×'.join(map(str, now))}"


def test_hostile_names_are_escaped(write_spec: Any) -> None:
    spec = write_spec(
        'name: "</title><script>alert(1)</script>"\ninput: [8, 8, 3]\nlayers:\n'
        '  - {type: conv, name: "<img src=x onerror=alert(1)>", filters: 4, kernel: 3}\n'
    )
    text = page(spec)
    document = parsed(text)
    scripts = list(document.iter(f"{HTML}script"))
    assert len(scripts) == 1  # the page's own sort
    assert not list(document.iter(f"{HTML}img"))


# The page's sort script run in jsdom, and the page checked by the W3C Nu HTML checker (vnu-jar,
# run with Java), from tools/html_js (exact versions, package-lock.json), installed with `npm ci`
# into a cache outside the repository.
JS_TOOLS = ROOT / "tools/html_js"
JS_CACHE = Path(
    os.environ.get("CONVCALC_HTML_NODE_CACHE")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "convcalc/html-js"
)


def install_html_tools() -> Path:
    """tools/html_js's node_modules: jsdom and the Nu HTML checker (conftest's npm_installed)."""
    return npm_installed(JS_TOOLS, JS_CACHE)


def clicked(text: str, heading: str, tmp_path: Path) -> dict[str, Any]:
    modules = install_html_tools()
    target = tmp_path / "report.html"
    target.write_text(text, encoding="utf-8")
    result = subprocess.run(
        ["node", str(JS_TOOLS / "sort.js"), str(target), heading],
        capture_output=True,
        text=True,
        env={**os.environ, "NODE_PATH": str(modules)},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def _number(cell: str) -> int | None:
    return None if cell == "?" else int(cell.replace(",", ""))


@pytest.mark.slow
def test_clicking_a_numeric_heading_sorts_by_the_numbers(tmp_path: Path) -> None:
    """VGG-16's params: numbers with thousands separators, so a text sort would be wrong."""
    vgg = page(str(ROOT / "specs/vgg16.yaml"))
    state = clicked(vgg, "params", tmp_path)
    values = [_number(cell) for cell in state["before"]["cells"]]
    first = [_number(cell) for cell in state["first"]["cells"]]
    second = [_number(cell) for cell in state["second"]["cells"]]
    assert state["first"]["sort"] == "ascending" and state["second"]["sort"] == "descending"
    known = [value for value in values if value is not None]
    unknown = [value for value in values if value is None]  # a figure not computed: always last
    assert first == sorted(known) + unknown
    assert second == sorted(known, reverse=True) + unknown
    assert sorted(state["first"]["names"]) == sorted(state["before"]["names"])


@pytest.mark.slow
def test_clicking_a_text_heading_sorts_by_the_text(tmp_path: Path) -> None:
    state = clicked(page(ALEXNET), "name", tmp_path)
    names = state["before"]["names"]
    assert state["first"]["names"] == sorted(names, key=str.lower)
    assert state["second"]["names"] == sorted(names, key=str.lower, reverse=True)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_the_sort_works_in_chromium(tmp_path: Path) -> None:
    """The page as a browser runs it: a click on `params` (added at the end, as a user's would
    come after the page's own script) leaves the rows in ascending order."""
    text = page(str(ROOT / "specs/vgg16.yaml"))
    click = (
        '<script>document.querySelectorAll("table.layers thead th")[7]'
        '.querySelector("button").click();</script></body>'
    )
    target = tmp_path / "report.html"
    target.write_text(text.replace("</body>", click), encoding="utf-8")
    assert CHROMIUM is not None
    dumped = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            target.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    _, rows = layer_table(html5lib.parse(dumped))
    params = [_number(row[7]) for row in rows]
    assert params == sorted(params)  # type: ignore[type-var]
    assert len(params) == len(layer_table(parsed(text))[1])


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu HTML checker needs Java")
def test_the_w3c_nu_checker_finds_no_error(tmp_path: Path, write_spec: Any) -> None:
    hostile = write_spec(
        'name: "</title><b>&amp;"\ninput: [8, 8, 3]\nlayers:\n'
        '  - {type: conv, name: "<i>x</i> & \\"y\\"", filters: 4, kernel: 3}\n'
    )
    pages = {
        "alexnet.html": page(ALEXNET, "--rf", "conv5"),
        "alexnet_set.html": page(ALEXNET, "--set", "conv1.stride=2"),
        "inception.html": page(str(ROOT / "specs/inception_block.yaml"), "--direction", "down"),
        "resnet50.html": page(str(ROOT / "specs/torchvision/resnet50.yaml"), "--depth", "1"),
        "negative.html": page(str(ROOT / "tests/examples/negative/kernel_exceeds_input.yaml")),
        "hostile.html": page(hostile),
    }
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    jar = install_html_tools() / "vnu-jar/build/dist/vnu.jar"
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", *(str(tmp_path / name) for name in pages)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
