"""The rich console every table is written to (check, calc, sweep, solve), and the colours
shared by them. rich itself is imported only when a console is made."""

from __future__ import annotations

import os
import re
import sys
from typing import TYPE_CHECKING

from convcalc.core.diagnostics import Severity

if TYPE_CHECKING:
    from rich.console import Console

SEVERITY_STYLES = {Severity.INFO: "blue", Severity.WARNING: "yellow", Severity.ERROR: "bold red"}
# Piped output must not wrap; a terminal keeps its own width.
PIPE_WIDTH = 10_000


class TrimmedStdout:
    """Standard output without spaces at the end of a line: rich pads every cell, the last
    column too, and piped tables then fill diffs and files with trailing blanks. The end of an
    unfinished line (its spaces and the escape codes after them) is held back until the next
    write shows whether the line goes on; escape codes ending a line keep their place, the
    spaces before them go. Standard output is looked up on each write, so a redirection
    (`--output-file`) is followed."""

    _TRAILING = re.compile(r" +((?:\x1b\[[0-9;]*m)*)$")

    def __init__(self) -> None:
        self._held = ""

    def write(self, text: str) -> int:
        *lines, unfinished = (self._held + text).split("\n")
        written = "".join(self._trimmed(line) + "\n" for line in lines)
        end = self._TRAILING.search(unfinished)
        cut = end.start() if end else len(unfinished)
        self._held = unfinished[cut:]
        sys.stdout.write(written + unfinished[:cut])
        return len(text)

    @classmethod
    def _trimmed(cls, line: str) -> str:
        # The pattern tries every run of spaces in the line (a table row is mostly spaces): most
        # lines end in a space, or in no escape code, and need no pattern at all.
        if line.endswith(" "):
            return line.rstrip(" ")
        if line.endswith("m") and "\x1b" in line:
            return cls._TRAILING.sub(r"\1", line)
        return line

    def flush(self) -> None:
        sys.stdout.flush()

    def isatty(self) -> bool:
        return False

    @property
    def encoding(self) -> str:
        return getattr(sys.stdout, "encoding", None) or "utf-8"


def _environment_color() -> str:
    """`--color auto` as the environment decides: NO_COLOR (https://no-color.org) never,
    FORCE_COLOR (https://force-color.org) always — each when set and not empty, as rich reads
    them; NO_COLOR wins when both are set (as in pytest): no escape code is the safer mistake."""
    if os.environ.get("NO_COLOR"):
        return "never"
    if os.environ.get("FORCE_COLOR"):
        return "always"
    return "auto"


def console_for(color: str) -> Console:
    # Made per run, not at import: NO_COLOR, FORCE_COLOR and --color must be read when convcalc
    # runs.
    from rich.console import Console

    interactive = sys.stdout.isatty()
    if color == "auto":
        color = _environment_color()
    if color == "always":
        plain = False
    elif color == "never":
        plain = True
    else:
        plain = not interactive
    return Console(
        force_terminal=True if color == "always" else None,
        # No escape codes at all when plain: NO_COLOR users want no bold or dim either.
        color_system=None if plain else "auto" if interactive else "standard",
        no_color=False if color == "always" else None,
        highlight=False,
        width=None if interactive else PIPE_WIDTH,
        soft_wrap=False,
        file=None if interactive else TrimmedStdout(),  # type: ignore[arg-type]
    )
