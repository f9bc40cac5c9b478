"""The rich console every table is written to (check, calc, sweep, solve), and the colours
shared by them. rich itself is imported only when a console is made."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from convcalc.core.diagnostics import Severity

if TYPE_CHECKING:
    from rich.console import Console

SEVERITY_STYLES = {Severity.INFO: "blue", Severity.WARNING: "yellow", Severity.ERROR: "bold red"}
# Piped output must not wrap; a terminal keeps its own width.
PIPE_WIDTH = 10_000


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
    )
