"""The README's console examples show what convcalc really prints today."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "readme_examples", ROOT / "tools/readme_examples.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_console_examples_are_current() -> None:
    tool = _tool()
    current = (ROOT / "README.md").read_text(encoding="utf-8")
    assert tool.render(current) == current, "run: python tools/readme_examples.py"


def test_readme_has_examples() -> None:
    current = (ROOT / "README.md").read_text(encoding="utf-8")
    assert current.count("$ convcalc") >= 2


def test_readme_resnet50_excerpt_is_the_spec() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("`specs/torchvision/resnet50.yaml`:\n\n```yaml\n")
    excerpt = readme[start:].split("```yaml\n", 1)[1].split("```", 1)[0]
    spec = (ROOT / "specs/torchvision/resnet50.yaml").read_text(encoding="utf-8")
    spec_lines = [line.split("  #")[0].rstrip() for line in spec.splitlines()]
    for line in excerpt.splitlines():
        assert line in spec_lines, line
