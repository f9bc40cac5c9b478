"""`--format sarif` read by the programs that consume it: Microsoft's SARIF Multitool with
GitHub's rules (what code scanning refuses or warns about), and GitHub's own fingerprinting code
(github/codeql-action's src/fingerprints.ts, vendored in tests/fixtures/codeql_action), which
decides which results are the same alert. Both come from tools/schema_js (npm) and run in their
own process; the links the log carries are checked against pyproject.toml and the docs.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import JS_TOOLS, install_js_tools, invoke

from convcalc import DOCUMENTATION, HOMEPAGE
from convcalc.rules.table import RULES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
POSITIVE = sorted((ROOT / "tests/examples/positive").glob("*.yaml"))
NEGATIVE = sorted((ROOT / "tests/examples/negative").glob("*.yaml"))
TORCHVISION = sorted((ROOT / "specs/torchvision").glob("*.yaml"))
CODEQL_ACTION = ROOT / "tests/fixtures/codeql_action"
# GitHub's rule kinds as the Multitool names them: the SARIF spec's own rules, GitHub code
# scanning's (GH…) and GitHub Advanced Security's (GHAS…).
RULE_KINDS = "Sarif;Gh;Ghas"
ERROR = "input: [4, 4, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 5}\n"


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def sarif(*arguments: str, stdin: str | None = None, exit_code: int | None = None) -> str:
    result = invoke(*arguments, "--format", "sarif", stdin=stdin)
    if exit_code is not None:
        assert result.exit_code == exit_code, result.output
    return result.stdout


def test_the_urls_are_the_ones_pyproject_declares() -> None:
    """HOMEPAGE and DOCUMENTATION are read from convcalc/__init__.py (no metadata at start-up):
    they must stay what `[project.urls]` says."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["urls"] == {"Homepage": HOMEPAGE, "Documentation": DOCUMENTATION}
    assert DOCUMENTATION.startswith(f"{HOMEPAGE}/blob/main/")


def github_anchors(markdown: str) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens."""
    headings = re.findall(r"^#+ (.+)$", markdown, re.MULTILINE)
    return {re.sub(r"[^a-z0-9 _-]", "", h.strip().lower()).replace(" ", "-") for h in headings}


def test_sarif_links_the_tool_and_each_rule_to_its_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    log = json.loads(sarif("check", *map(relative, NEGATIVE), exit_code=1))
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == HOMEPAGE
    docs = DOCUMENTATION.removeprefix(f"{HOMEPAGE}/blob/main/")
    pages = (ROOT / docs / "diagnostics.md").read_text(encoding="utf-8")
    anchors = github_anchors(pages)
    assert len(driver["rules"]) > 5
    for rule in driver["rules"]:
        page, _, anchor = rule["helpUri"].partition("#")
        assert page == f"{DOCUMENTATION}/diagnostics.md"
        assert anchor in anchors, rule["id"]
        assert f"## {rule['id']} {RULES[rule['id']].name}\n" in pages


# --- Microsoft's SARIF Multitool --------------------------------------------------------------


def multitool() -> Path:
    """The Multitool's self-contained Linux build (no .NET runtime needed), from the npm cache.
    npm ci runs without install scripts, and the package's only script makes it executable."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the npm package's Multitool build for this platform is not installed")
    tool = install_js_tools() / "@microsoft/sarif-multitool-linux/Sarif.Multitool"
    mode = tool.stat().st_mode
    if not mode & stat.S_IXUSR:
        tool.chmod(mode | stat.S_IXUSR)
    return tool


def logs_to_validate(directory: Path) -> list[Path]:
    """The logs a team would upload: positive and negative examples, a run with a mistyped path
    (exit 2), a spec on standard input, with and without --stdin-filename, and `calc`."""
    outputs = {
        "positive": sarif("check", *map(relative, POSITIVE), exit_code=0),
        "negative": sarif("check", *map(relative, NEGATIVE), exit_code=1),
        "usage-error": sarif("check", relative(POSITIVE[0]), "no/such/spec.yaml", exit_code=2),
        "stdin": sarif("check", "-", stdin=ERROR, exit_code=1),
        "stdin-named": sarif(
            "check", "-", "--stdin-filename", "models/net.yaml", stdin=ERROR, exit_code=1
        ),
        "calc": sarif("calc", "--input", "4x4x3", "conv:filters=8,kernel=5", exit_code=1),
    }
    paths = []
    for name, text in outputs.items():
        path = directory / f"{name}.sarif"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.slow  # a real client in its own process (CI runs it)
def test_the_sarif_multitool_with_githubs_rules_finds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tool = multitool()
    monkeypatch.chdir(ROOT)
    logs = logs_to_validate(tmp_path)
    report = tmp_path / "validation.sarif"
    result = subprocess.run(
        [
            str(tool),
            "validate",
            "--rule-kind",
            RULE_KINDS,
            "--output",
            str(report),
            *map(str, logs),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        # Without ICU (slim images) .NET stops unless told to use invariant culture.
        env={**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Done. {len(logs)} files scanned." in result.stdout, result.stdout
    validation = json.loads(report.read_text(encoding="utf-8"))
    (run,) = validation["runs"]
    assert run["invocations"][0]["executionSuccessful"], run["invocations"]
    problems = [
        f"{r['ruleId']} {r.get('level', 'warning')}: {r['message']}"
        for r in run.get("results", [])
        if r.get("level", "warning") in ("error", "warning")
    ]
    assert problems == [], "\n".join(problems)


@pytest.mark.slow  # a real client in its own process (CI runs it)
def test_the_multitool_does_apply_githubs_rules(tmp_path: Path) -> None:
    """The same command refuses a log GitHub refuses (a result with no location or message text):
    the test above cannot pass by checking nothing."""
    tool = multitool()
    bad = tmp_path / "bad.sarif"
    result_ = {"ruleId": "CC101", "message": {"id": "x"}}
    driver = {"name": "convcalc", "rules": [{"id": "CC101"}]}
    log = {"version": "2.1.0", "runs": [{"tool": {"driver": driver}, "results": [result_]}]}
    bad.write_text(json.dumps(log), encoding="utf-8")
    report = tmp_path / "validation.sarif"
    subprocess.run(
        [str(tool), "validate", "--rule-kind", RULE_KINDS, "--output", str(report), str(bad)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"},
    )
    rules = {
        r["ruleId"] for r in json.loads(report.read_text(encoding="utf-8"))["runs"][0]["results"]
    }
    assert {"GH1013", "GH1015"} <= rules, rules


# --- GitHub's fingerprinting --------------------------------------------------------------------


def fingerprinted(logs: list[Path], source_root: Path, tmp_path: Path) -> list[dict[str, Any]]:
    """The logs after github/codeql-action's addFingerprints, as upload-sarif sends them."""
    modules = install_js_tools()
    result = subprocess.run(
        [
            "node",
            str(JS_TOOLS / "fingerprints.js"),
            str(CODEQL_ACTION / "src"),
            str(tmp_path / "compiled"),
            str(source_root),
            *map(str, logs),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NODE_PATH": str(modules)},
    )
    assert result.returncode == 0, result.stderr
    done: list[dict[str, Any]] = json.loads(result.stdout)
    return done


@pytest.mark.slow  # a real client in its own process (CI runs it)
def test_githubs_fingerprinting_runs_as_in_the_action(tmp_path: Path) -> None:
    """The vendored code, compiled here, gives codeql-action's own expected output on its test
    data: what the next test learns from it is what GitHub would compute."""
    data = CODEQL_ACTION / "testdata"
    names = ("fingerprinting", "fingerprinting2")
    done = fingerprinted([data / f"{n}.input.sarif" for n in names], data, tmp_path)
    for name, log in zip(names, done, strict=True):
        expected = json.loads((data / f"{name}.expected.sarif").read_text(encoding="utf-8"))
        assert log == expected, name


def identity(result: dict[str, Any]) -> tuple[Any, ...]:
    """What GitHub tells alerts apart by: the rule, the file, and every partial fingerprint."""
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    return (result["ruleId"], uri, tuple(sorted(result["partialFingerprints"].items())))


@pytest.mark.slow  # a real client in its own process (CI runs it)
def test_no_two_results_on_the_torchvision_specs_are_one_alert(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    path = tmp_path / "torchvision.sarif"
    path.write_text(sarif("check", "--strict", *map(relative, TORCHVISION)), encoding="utf-8")
    (log,) = fingerprinted([path], ROOT, tmp_path)
    results = log["runs"][0]["results"]
    assert len(results) > 10
    # GitHub hashed the line of every result (the file was found from the repository root).
    assert all("primaryLocationLineHash" in r["partialFingerprints"] for r in results)
    repeated = {k: n for k, n in Counter(map(identity, results)).items() if n > 1}
    assert repeated == {}
    # Without convcalc's own fingerprint, repeated blocks' results would merge (issue 12).
    for result in results:
        del result["partialFingerprints"]["convcalcResult/v1"]
    assert len(set(map(identity, results))) < len(results)
