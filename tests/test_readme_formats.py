"""Every example in README.md and docs/*.md that claims a format is valid in that format, whole:
a console example run with `--format X` (what tools/readme_examples.py wrote under it) is read by
X's own validator — SARIF with the official OASIS schema, JUnit with Jenkins' junit-10.xsd, JSON
with a JSON parser, GitHub workflow commands with GitHub's documented syntax, Mermaid with
mermaid.parse, DOT with Graphviz's `dot`, SVG with an XML parser — and fenced
`yaml`/`toml` blocks of the recipes parse. The pre-commit snippet is checked with pre-commit.

test_readme_examples.py checks that each example's output is current; this checks that what it
shows is what the format's consumer accepts (a log with stray lines after it would not be).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from conftest import invoke, mermaid_refusals, required_program, sarif_schema

from convcalc import HOMEPAGE
from tools import readme_examples

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
JENKINS_XSD = ROOT / "tests/fixtures/junit/junit-10.xsd"
# Recipes people copy: their YAML and TOML blocks must parse (docs/diagnostics.md's examples are
# spec fragments, some broken on purpose; the how-tos abbreviate with `...`).
RECIPES = (ROOT / "README.md", ROOT / "docs/integrations.md")
# docs.github.com, "Workflow commands for GitHub Actions".
WORKFLOW_COMMAND = re.compile(r"^::(error|warning|notice) (file|line|col|title)=[^:]*::.+$")
CONCISE = re.compile(r"^.+:\d+:\d+: CC\d{3} (error|warning|info) .+$")


TOOL = readme_examples  # the generator itself: its runs are what the documents show


def examples() -> list[tuple[str, str, str]]:
    """(document, command, output shown) of every console example that names a format."""
    found = []
    for path in TOOL.documents():
        for command, output in TOOL.examples(path.read_text(encoding="utf-8")):
            if TOOL.claimed_format(command) is not None:
                found.append((path.relative_to(ROOT).as_posix(), command, output))
    return found


EXAMPLES = examples()


def test_the_documents_show_every_machine_format() -> None:
    shown = {TOOL.claimed_format(command) for _, command, _ in EXAMPLES}
    assert {"sarif", "junit", "json", "github", "concise", "markdown", "csv"} <= shown


def stdout_of(command: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """What the example's command writes on standard output, as the generator normalises it."""
    monkeypatch.chdir(ROOT)
    result = invoke(*shlex.split(command)[1:])
    return "\n".join(line.rstrip() for line in result.stdout.splitlines())


# Mermaid's parser runs in node, which takes seconds to import it: CI checks those examples.
SLOW_FORMATS = {"mermaid"}


@pytest.mark.parametrize(
    ("document", "command", "output"),
    [
        pytest.param(
            *example,
            marks=[pytest.mark.slow] if TOOL.claimed_format(example[1]) in SLOW_FORMATS else [],
            id=f"{example[0]}: {example[1][:60]}",
        )
        for example in EXAMPLES
    ],
)
def test_an_example_in_a_format_is_valid_in_it(
    document: str, command: str, output: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The document shows standard output whole, then at most standard error's lines (the
    # summary of `--format github`): the format's part is cut off from those alone.
    stdout = stdout_of(command, monkeypatch)
    assert output.startswith(stdout), "run: python tools/readme_examples.py"
    shown = output[: len(stdout)]
    after = output[len(stdout) :].strip("\n").splitlines()
    assert all(line.startswith("convcalc: ") for line in after), after
    kind = TOOL.claimed_format(command)
    if kind == "sarif":
        from jsonschema import Draft4Validator

        log = json.loads(shown)
        errors = [error.message for error in Draft4Validator(sarif_schema()).iter_errors(log)]
        assert errors == []
    elif kind == "json":
        json.loads(shown)
    elif kind == "junit":
        import xmlschema

        xmlschema.XMLSchema10(str(JENKINS_XSD)).validate(shown)
    elif kind == "github":
        assert all(WORKFLOW_COMMAND.match(line) for line in shown.splitlines()), shown
    elif kind == "concise":
        *lines, summary = shown.splitlines()
        assert all(CONCISE.match(line) for line in lines), lines
        assert re.match(r"^\d+ errors?, \d+ warnings?, \d+ info", summary), summary
    elif kind == "markdown":
        rows = [line for line in shown.splitlines() if line.startswith("|")]
        assert rows and len({row.count(" | ") for row in rows if "---" not in row}) == 1
    elif kind == "csv":
        rows = list(csv.reader(io.StringIO(shown)))
        assert len(rows) > 1 and len({len(row) for row in rows}) == 1
    elif kind == "mermaid":
        assert mermaid_refusals([shown], tmp_path) == [None]
    elif kind == "dot":
        dot = required_program("dot", "apt-get install graphviz")
        drawn = subprocess.run(
            [dot, "-Tsvg"], input=shown, capture_output=True, text=True, timeout=60, check=False
        )
        assert drawn.returncode == 0 and drawn.stderr == "", drawn.stderr
        assert ET.fromstring(drawn.stdout).tag == "{http://www.w3.org/2000/svg}svg"
    elif kind == "svg":
        assert ET.fromstring(shown).tag == "{http://www.w3.org/2000/svg}svg"
    else:
        pytest.fail(f"{document}: no validator for --format {kind}")


def fenced(language: str) -> list[tuple[str, str]]:
    blocks = []
    for path in RECIPES:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(rf"^```{language}\n(.*?)^```$", text, re.MULTILINE | re.DOTALL):
            line = text.count("\n", 0, match.start()) + 1
            blocks.append((f"{path.name}:{line}", match[1]))
    return blocks


@pytest.mark.parametrize(("where", "block"), fenced("yaml"), ids=lambda x: x[:30])
def test_yaml_recipes_parse(where: str, block: str) -> None:
    list(yaml.safe_load_all(block))  # a comment-only block (a modeline) is YAML too


@pytest.mark.parametrize(("where", "block"), fenced("toml"), ids=lambda x: x[:30])
def test_toml_recipes_parse(where: str, block: str) -> None:
    assert tomllib.loads(block), where


# --- the pre-commit snippet ---------------------------------------------------------------------


def precommit_configs() -> list[tuple[str, str]]:
    return [(where, block) for where, block in fenced("yaml") if block.startswith("repos:")]


def test_the_precommit_snippet_names_this_repository_and_its_hook() -> None:
    (manifest,) = [yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))]
    hooks = {hook["id"] for hook in manifest}
    configs = precommit_configs()
    assert configs
    for where, block in configs:
        (repo,) = yaml.safe_load(block)["repos"]
        assert repo["repo"] == HOMEPAGE, where
        assert {hook["id"] for hook in repo["hooks"]} <= hooks, where
        # No tag is claimed: the repository has none. A branch, pinned by `pre-commit
        # autoupdate` (test below), which the text after the snippet tells the reader to run.
        assert repo["rev"] == "main", where
    text = (ROOT / "docs/integrations.md").read_text(encoding="utf-8")
    assert f"pre-commit autoupdate --repo {HOMEPAGE}\n" in text


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


@pytest.mark.slow  # pre-commit in its own processes, on a copy of the hook's files (CI runs it)
@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
def test_the_documented_snippet_pins_a_commit_then_the_first_tag(tmp_path: Path) -> None:
    """The snippet as documented, with the repository URL pointing at a copy of this one (on
    `main`, without tags, as it is today): pre-commit accepts it, `pre-commit autoupdate` pins
    `main`'s commit, and the newest tag once there is one."""
    pytest.importorskip("pre_commit", reason="pre-commit is not installed")
    hook = tmp_path / "convcalc"
    hook.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, hook / name)
    git(hook, "init", "-q", "-b", "main")
    git(hook, "add", "-A")
    git(hook, "commit", "-q", "-m", "hook")
    commit = git(hook, "rev-parse", "HEAD")

    project = tmp_path / "project"
    project.mkdir()
    git(project, "init", "-q")
    (_, snippet), *_ = precommit_configs()
    config = project / ".pre-commit-config.yaml"
    config.write_text(snippet.replace(HOMEPAGE, str(hook)), encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("GIT_DIR", None)
    env.pop("GIT_INDEX_FILE", None)

    def pre_commit(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "pre_commit", *args],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout + result.stderr

    pre_commit("validate-config", str(config))
    pre_commit("autoupdate", "--repo", str(hook))
    (repo,) = yaml.safe_load(config.read_text(encoding="utf-8"))["repos"]
    assert repo["rev"] == commit
    assert [h["id"] for h in repo["hooks"]] == ["convcalc"]
    git(hook, "tag", "v0.1.0")
    pre_commit("autoupdate", "--repo", str(hook))
    (repo,) = yaml.safe_load(config.read_text(encoding="utf-8"))["repos"]
    assert repo["rev"] == "v0.1.0"
    pre_commit("validate-config", str(config))
