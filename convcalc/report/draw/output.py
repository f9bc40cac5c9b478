"""Where a picture goes: standard output (`-`), or a file written whole or not at all (through a
temporary file beside it, moved into place once complete: report/outputs.py)."""

from __future__ import annotations

import click

from convcalc.report.output_file import OutputFile

STDOUT = "-"


def write_picture(text: str, path: str) -> None:
    """The text on standard output or in `path`; OSError when the file cannot be written."""
    if path == STDOUT:
        click.echo(text, nl=False)
        return
    output = OutputFile(path)
    try:
        output.stream.write(text)
        output.commit()
    finally:
        output.discard()
