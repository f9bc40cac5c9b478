"""README.md's generated sections (layer kinds, one page per diagnostic) match the registries, and
the limits it documents are the ones in the code."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

from click.testing import CliRunner

from convcalc.cli import main
from convcalc.core import limits
from convcalc.load import yaml_source
from convcalc.rules.table import RULES

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "readme_sections", ROOT / "tools/readme_sections.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_sections_are_current() -> None:
    current = README.read_text(encoding="utf-8")
    assert tool().render(current) == current, "run: python tools/readme_sections.py"


def test_every_rule_has_a_page_with_its_example() -> None:
    text = README.read_text(encoding="utf-8")
    for rule in RULES.values():
        heading = f"### {rule.id} {rule.name}\n"
        assert heading in text, heading
        page = text.split(heading, 1)[1].split("\n### ", 1)[0]
        assert f"Default severity: **{rule.severity}**" in page
        if rule.example:
            assert rule.example in page


def test_rules_command_explains_each_code() -> None:
    for code in RULES:
        result = CliRunner().invoke(main, ["rules", code])
        assert result.exit_code == 0
        assert result.stdout.startswith(f"{code} {RULES[code].name} ")


def limits_section() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split("## Limits\n", 1)[1].split("\n## ", 1)[0]


def test_documented_limits_are_the_real_ones() -> None:
    section = limits_section()
    default = limits.DEFAULT
    assert f"| {default.file_bytes // (1024 * 1024)} MiB " in section
    assert f"| {default.yaml_nodes:,} |" in section
    assert f"| {yaml_source.MAX_DEPTH} levels ({yaml_source._MAX_BRACKETS} open brackets" in section
    assert f"| {default.digits:,} |" in section
    assert f"| {default.layers:,} |" in section
    assert f"| {default.block_depth} |" in section


def test_readme_shows_the_documented_sections() -> None:
    text = README.read_text(encoding="utf-8")
    for heading in (
        "Checking many files",
        "Output formats",
        "Configuration",
        "Suppressing a diagnostic",
        "pre-commit and GitHub Actions",
        "JSON Schema",
        "Limits",
    ):
        assert re.search(rf"^## {re.escape(heading)}$", text, re.MULTILINE), heading
    for output_format in ("concise", "github", "markdown", "junit", "sarif"):
        assert f"$ convcalc check --format {output_format} " in text
