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


def console_for(color: str) -> Console:
    # Made per run, not at import: NO_COLOR and --color must be read when convcalc runs.
    from rich.console import Console

    interactive = sys.stdout.isatty()
    if color == "always":
        plain = False
    elif color == "never":
        plain = True
    else:
        plain = bool(os.environ.get("NO_COLOR")) or not interactive
    return Console(
        force_terminal=True if color == "always" else None,
        # No escape codes at all when plain: NO_COLOR users want no bold or dim either.
        color_system=None if plain else "auto" if interactive else "standard",
        no_color=False if color == "always" else None,
        highlight=False,
        width=None if interactive else PIPE_WIDTH,
        soft_wrap=False,
    )
