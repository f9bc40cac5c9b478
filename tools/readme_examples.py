"""Run every `$ convcalc …` example in README.md and write its real output under it.

    python tools/readme_examples.py          # rewrite README.md in place
    python tools/readme_examples.py --check  # exit 1 if README.md is out of date

tests/test_readme_examples.py runs the same check, so the README never shows stale output.
Examples are run as a terminal user sees them: without `--format`, the table format.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

from convcalc.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)


def run_example(command: str) -> str:
    """The output of one `convcalc …` command line, as a terminal would show it."""
    words = shlex.split(command)
    assert words[0] == "convcalc", command
    arguments = words[1:]
    if (
        arguments
        and arguments[0] in ("check", "calc")
        and not any(word.startswith("--format") for word in arguments)
    ):
        arguments = [*arguments, "--format", "table"]
    previous = Path.cwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(main, arguments, env={"COLUMNS": "200", "NO_COLOR": "1"})
    finally:
        os.chdir(previous)
    return "\n".join(line.rstrip() for line in result.output.splitlines())


def render(text: str) -> str:
    """README text with every console block's output regenerated."""

    def replace(match: re.Match[str]) -> str:
        lines = match.group(1).splitlines()
        out: list[str] = []
        for line in lines:
            if line.startswith("$ convcalc"):
                out.append(line)
                out.append(run_example(line[2:]))
        return "```console\n" + "\n".join(out) + "\n```"

    return BLOCK.sub(replace, text)


def main_() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="only check; exit 1 when stale")
    options = parser.parse_args()
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if options.check:
        return 0 if fresh == current else 1
    if fresh != current:
        handle, name = tempfile.mkstemp(dir=README.parent, prefix=".README.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(fresh)
        shutil.copymode(README, name)  # mkstemp makes 0600 files
        os.replace(name, README)
    return 0


if __name__ == "__main__":
    sys.exit(main_())
