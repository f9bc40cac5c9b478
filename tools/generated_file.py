"""The command line of a tool that writes one generated file: write it, or with --check say
whether the file is current (exit 1 if not), as the tests that keep the file current run it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path


def write_or_check(description: str, path: Path, text: Callable[[], str], tool: str) -> int:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    options = parser.parse_args()
    written = text()
    if options.check:
        if path.read_text(encoding="utf-8") != written:
            print(f"{path} is out of date: run python {tool}", file=sys.stderr)
            return 1
        return 0
    path.write_text(written, encoding="utf-8")
    return 0
