"""The one way convcalc writes JSON: two-space indents, non-ASCII text as itself, a final newline.

Every JSON output (check's reports and their `--set` view, SARIF, sweep, solve, the spec schema)
goes through here, so they read alike; the spec schema alone is written in outline (outline_text),
one definition a line, to stay small. click.echo, not rich: rich would wrap long lines and read
brackets as markup.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

import click

INDENT = 2


def json_text(value: Any) -> str:
    """The value as convcalc writes JSON, without the final newline."""
    return json.dumps(value, indent=INDENT, ensure_ascii=False)


def write_json(value: Any) -> None:
    """The value, then a newline, on standard output."""
    click.echo(json_text(value))


def outline_text(value: Any, depth: int, level: int = 0) -> str:
    """The value indented as json_text for its first `depth` levels of objects and arrays, each
    value below them on one line, without spaces. For a large document read by programs (the spec
    schema: one `$defs` entry a line is a third of the size of every enum item a line)."""
    if level >= depth or not isinstance(value, (dict, list)) or not value:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    inner, outer = " " * (INDENT * (level + 1)), " " * (INDENT * level)
    if isinstance(value, dict):
        items = [
            f"{inner}{json.dumps(key, ensure_ascii=False)}: {outline_text(item, depth, level + 1)}"
            for key, item in value.items()
        ]
        return "{\n" + ",\n".join(items) + f"\n{outer}}}"
    items = [f"{inner}{outline_text(item, depth, level + 1)}" for item in value]
    return "[\n" + ",\n".join(items) + f"\n{outer}]"


class JsonArrayWriter:
    """An array written item by item (each as soon as it is made), in exactly the bytes
    `write_json(items)` gives for the whole list."""

    def __init__(self) -> None:
        self.items = 0

    def add(self, item: Any) -> None:
        text = textwrap.indent(json_text(item), " " * INDENT)
        click.echo(("[\n" if not self.items else ",\n") + text, nl=False)
        self.items += 1

    def close(self) -> None:
        click.echo("\n]" if self.items else "[]")
