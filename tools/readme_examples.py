"""Run every `$ convcalc …` example in README.md and docs/*.md and write its real output under it.

    python tools/readme_examples.py          # rewrite the documents in place
    python tools/readme_examples.py --check  # exit 1 if any document is out of date

An example is a line `$ convcalc …` inside a ```console block; everything after it up to the next
`$` line or the block's closing fence is its output, replaced by what the command prints today.
tests/test_readme_examples.py runs the same check, so no document shows stale output.
Examples are run as a terminal user sees them: without `--format`, the table format. An example
that names a format shows its standard output whole, then standard error's lines (the summary
`--format github` writes there) after it, never between: tests/test_readme_formats.py reads the
output as that format, with the format's own validator.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

from convcalc.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
OPEN = "```console"
CLOSE = "```"
PROMPT = "$ convcalc"


def documents() -> list[Path]:
    """Every document whose console examples are run: the README, then the manual."""
    return [README, *sorted(DOCS.glob("*.md"))]


def claimed_format(command: str) -> str | None:
    """The format a `convcalc …` command line asks for with --format, if any."""
    words = shlex.split(command)
    for index, word in enumerate(words):
        if word == "--format" and index + 1 < len(words):
            return words[index + 1]
        if word.startswith("--format="):
            return word.removeprefix("--format=")
    return None


def examples(text: str) -> list[tuple[str, str]]:
    """(command, output shown) of each `$ convcalc …` example in a document's console blocks."""
    found: list[tuple[str, list[str]]] = []
    in_block = False
    for line in text.split("\n"):
        if not in_block:
            in_block = line == OPEN
        elif line.startswith(CLOSE):
            in_block = False
        elif line.startswith(PROMPT):
            found.append((line[2:], []))
        elif found:
            found[-1][1].append(line)
    return [(command, "\n".join(lines)) for command, lines in found]


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
    # A format's document whole, then what went to standard error; else as they came.
    shown = result.output
    if claimed_format(command) is not None:
        shown = result.stdout + (f"\n{result.stderr}" if result.stderr else "")
    output = "\n".join(line.rstrip() for line in shown.splitlines())
    # A fence inside the output would end the block early and leave the rest as page text.
    if any(line.startswith(CLOSE) for line in output.splitlines()):
        raise SystemExit(f"the output of `{command}` holds a line starting with {CLOSE}")
    return output


def render(text: str) -> str:
    """The document's text with every console example's output regenerated."""
    out: list[str] = []
    in_block = False
    for line in text.split("\n"):
        if not in_block:
            out.append(line)
            in_block = line == OPEN
        elif line == CLOSE:
            out.append(line)
            in_block = False
        elif line.startswith(CLOSE):
            # A fence such as ```yaml where ``` was due: the block was never closed, and
            # rewriting it would swallow the page up to the next fence.
            raise SystemExit(f"a {OPEN} block is not closed before {line!r}")
        elif line.startswith(PROMPT):
            out.append(line)
            out.append(run_example(line[2:]))
        # Any other line in a console block is old output: dropped, written fresh above.
    if in_block:
        raise SystemExit(f"a {OPEN} block is not closed")
    return "\n".join(line for chunk in out for line in chunk.split("\n"))


def write(path: Path, text: str) -> None:
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    shutil.copymode(path, name)  # mkstemp makes 0600 files
    os.replace(name, path)


def main_() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="only check; exit 1 when stale")
    options = parser.parse_args()
    stale = []
    for path in documents():
        current = path.read_text(encoding="utf-8")
        fresh = render(current)
        if fresh != current:
            stale.append(path)
            if not options.check:
                write(path, fresh)
    if options.check and stale:
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main_())
