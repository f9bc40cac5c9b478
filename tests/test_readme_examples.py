"""The console examples in README.md and docs/*.md show what convcalc really prints today."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools import readme_examples

ROOT = Path(__file__).resolve().parents[1]


TOOL = readme_examples  # the generator itself: its runs are what the documents show


@pytest.mark.parametrize("path", TOOL.documents(), ids=lambda path: path.name)
def test_console_examples_are_current(path: Path) -> None:
    current = path.read_text(encoding="utf-8")
    assert TOOL.render(current) == current, "run: python tools/readme_examples.py"


def test_the_readme_and_the_manual_are_the_documents() -> None:
    names = {path.relative_to(ROOT).as_posix() for path in TOOL.documents()}
    assert {"README.md", "docs/commands.md", "docs/integrations.md"} <= names


def test_readme_has_examples() -> None:
    current = (ROOT / "README.md").read_text(encoding="utf-8")
    assert current.count("$ convcalc") >= 2


def test_render_replaces_stale_output_and_keeps_the_rest() -> None:
    stale = "intro\n\n```console\n$ convcalc rules CC103\nold output\n```\n\nafter\n"
    fresh = TOOL.render(stale)
    assert "old output" not in fresh
    assert fresh.startswith("intro\n\n```console\n$ convcalc rules CC103\nCC103 unread-input")
    assert fresh.endswith("\n```\n\nafter\n")
    assert TOOL.render(fresh) == fresh


def test_resnet50_excerpt_is_the_spec() -> None:
    text = (ROOT / "docs/spec-format.md").read_text(encoding="utf-8")
    start = text.index("`specs/torchvision/resnet50.yaml`:\n\n```yaml\n")
    excerpt = text[start:].split("```yaml\n", 1)[1].split("```", 1)[0]
    spec = (ROOT / "specs/torchvision/resnet50.yaml").read_text(encoding="utf-8")
    spec_lines = [line.split("  #")[0].rstrip() for line in spec.splitlines()]
    for line in excerpt.splitlines():
        assert line in spec_lines, line
