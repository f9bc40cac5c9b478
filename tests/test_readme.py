"""The README and the manual in docs/: generated sections (layer kinds, one page per diagnostic,
limits) match the registries, every link leads somewhere, and the README stays a short page whose
commands are the ones CI runs."""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from convcalc.cli import main
from convcalc.core import limits
from convcalc.kinds import KINDS
from convcalc.load import yaml_source
from convcalc.rules.table import RULES

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
DOCUMENTS = [README, *sorted(DOCS.glob("*.md"))]


def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "readme_sections", ROOT / "tools/readme_sections.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    """The text under `## heading`, up to the next `## ` heading."""
    return text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


# --- generated sections ----------------------------------------------------------------------


def test_generated_sections_are_current() -> None:
    sections = tool()
    homes = {home for _, home, _ in sections.SECTIONS}
    assert homes == {DOCS / "kinds.md", DOCS / "diagnostics.md", DOCS / "integrations.md"}
    for path in homes:
        current = read(path)
        assert sections.render(path, current) == current, "run: python tools/readme_sections.py"


def test_every_rule_has_a_page_with_its_example() -> None:
    text = read(DOCS / "diagnostics.md")
    for rule in RULES.values():
        heading = f"\n## {rule.id} {rule.name}\n"
        assert heading in text, heading
        page = text.split(heading, 1)[1].split("\n## ", 1)[0]
        assert f"Default severity: **{rule.severity}**" in page
        if rule.example:
            assert rule.example in page


def test_every_kind_has_a_row() -> None:
    text = read(DOCS / "kinds.md")
    for kind in KINDS.values():
        assert f"\n| `{kind.name}` |" in text, kind.name


def test_rules_command_explains_each_code() -> None:
    for code in RULES:
        result = CliRunner().invoke(main, ["rules", code])
        assert result.exit_code == 0
        assert result.stdout.startswith(f"{code} {RULES[code].name} ")


def test_documented_limits_are_the_real_ones() -> None:
    text = section(read(DOCS / "integrations.md"), "Limits")
    default = limits.DEFAULT
    assert f"| {default.file_bytes // (1024 * 1024)} MiB " in text
    assert f"| {default.yaml_nodes:,} |" in text
    assert f"| {yaml_source.MAX_DEPTH} levels ({yaml_source._MAX_BRACKETS} open brackets" in text
    assert f"| {default.digits:,} |" in text
    assert f"| {default.layers:,} |" in text
    assert f"| {default.block_depth} |" in text
    for limit in limits.LIMITS:
        assert f"| `{limit.option} N` | `{limit.key}` |" in text


# --- the manual holds everything the README used to ------------------------------------------


@pytest.mark.parametrize(
    ("page", "headings"),
    [
        ("spec-format.md", ["Graphs: branches and joins", "Blocks and repetition"]),
        (
            "commands.md",
            [
                "The commands",
                "Exit codes",
                "Reading the table",
                "`calc`: layers on the command line",
                "What if: `--set`",
                "Sweeps",
                "Solving",
                "TensorFlow mode",
            ],
        ),
        ("json.md", ["With `--set`"]),
        (
            "integrations.md",
            [
                "Checking many files",
                "Output formats",
                "Configuration",
                "Suppressing a diagnostic",
                "pre-commit",
                "CI: GitHub Actions, code scanning, GitLab, Jenkins",
                "Editors",
                "JSON Schema",
                "Shell completion",
                "Limits",
            ],
        ),
        ("architecture.md", ["Where things are registered", "Generated documentation"]),
        ("architecture.md", ["Development"]),
    ],
)
def test_the_manual_has_its_sections(page: str, headings: list[str]) -> None:
    text = read(DOCS / page)
    for heading in headings:
        assert re.search(rf"^## {re.escape(heading)}$", text, re.MULTILINE), (page, heading)


def test_every_line_format_has_an_example() -> None:
    text = read(DOCS / "integrations.md")
    for output_format in ("concise", "github", "markdown", "junit", "sarif"):
        assert f"$ convcalc check --format {output_format} " in text


def test_counting_page_names_what_is_counted() -> None:
    text = read(DOCS / "counting.md")
    for quantity in ("**Output**", "**Weights and biases**", "**Buffers**", "**MACs**"):
        assert quantity in text
    assert "**Receptive field**" in text and "**Partial totals**" in text


# --- links -----------------------------------------------------------------------------------

LINK = re.compile(r"\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def anchors(text: str) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens."""
    found: set[str] = set()
    for line in FENCE.sub("", text).splitlines():
        heading = re.match(r"^#{1,6} (.*)$", line)
        if heading:
            slug = re.sub(r"[^\w\- ]", "", heading.group(1).strip().lower()).replace(" ", "-")
            found.add(slug)
    return found


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.name)
def test_every_link_leads_somewhere(path: Path) -> None:
    text = FENCE.sub("", read(path))
    for target in LINK.findall(text):
        if target.startswith(("http://", "https://")):
            continue
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        assert linked.exists(), f"{path.name}: {target}"
        if anchor:
            assert anchor in anchors(read(linked)), f"{path.name}: {target}"


def test_every_page_of_the_manual_is_linked_from_the_readme() -> None:
    text = read(README)
    for page in sorted(DOCS.glob("*.md")):
        assert f"(docs/{page.name}" in text, page.name


# --- the README: short, the two commands CI runs, one example per use ------------------------


def test_readme_reads_in_two_minutes() -> None:
    assert len(read(README).encode("utf-8")) < 10_000


def shell_blocks(text: str) -> list[str]:
    return re.findall(r"^```sh\n(.*?)^```", text, re.MULTILINE | re.DOTALL)


def test_readme_commands_are_the_ones_ci_runs() -> None:
    install, test = shell_blocks(read(README))[:2]
    ci = read(ROOT / ".ci/run")
    # The first command installs as CI does and runs the main job on an example spec.
    assert "pip install -e '.[test]'" in install and "pip install -q -e '.[test]'" in ci
    checked = re.search(r"convcalc check (specs/\S+\.yaml)$", install.strip())
    assert checked and (ROOT / checked.group(1)).exists()
    assert test.strip() == "python -m pytest"
    assert "\npython -m pytest\n" in ci


def test_readme_has_one_example_per_use() -> None:
    text = read(README)
    commands = [line[2:] for line in text.splitlines() if line.startswith("$ convcalc ")]
    assert any(c.startswith("convcalc check ") and "--format" not in c for c in commands)
    assert any(c.startswith("convcalc check --format ") for c in commands)
    assert any(
        " --set " in c or c.startswith(("convcalc sweep", "convcalc solve")) for c in commands
    )


# --- how-tos ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page", ["howto-add-a-kind.md", "howto-add-a-rule.md", "howto-add-a-format.md"]
)
def test_howto_modules_are_python(page: str) -> None:
    """A whole module shown in a how-to parses; a fragment (a registration line) is left alone."""
    blocks = re.findall(r"^```python\n(.*?)^```", read(DOCS / page), re.MULTILINE | re.DOTALL)
    modules = [block for block in blocks if block.startswith('"""')]
    assert modules, page
    for module in modules:
        ast.parse(module)
