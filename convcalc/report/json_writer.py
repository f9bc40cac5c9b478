"""The one way convcalc writes JSON: two-space indents, non-ASCII text as itself, a final newline.

Every JSON output (check's reports and their `--set` view, SARIF, sweep, solve, the spec schema)
goes through here, so they read alike; the spec schema alone is written in outline (outline_text),
one definition a line, to stay small. click.echo, not rich: rich would wrap long lines and read
brackets as markup.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from json.encoder import encode_basestring
from typing import Any

import click

INDENT = 2


def json_text(value: Any, level: int = 0) -> str:
    """The value as convcalc writes JSON, without the final newline: the bytes of
    `json.dumps(value, indent=INDENT, ensure_ascii=False)`, its lines indented `level` levels
    more after the first. The standard library encodes an indented document with its
    pure-Python encoder, a generator per container; this one joins strings directly (its text
    pieces still by the C `encode_basestring`), half the time on a ResNet-50 report."""
    return "".join(_json_blocks(value, level))


def _json_blocks(value: Any, level: int) -> list[str]:
    """json_text's text in consecutive pieces of about _BLOCK_CHUNKS pieces each, to be written
    one after the other without joining a large document into one more copy."""
    chunks: list[str] = []
    blocks: list[str] = []
    try:
        _encode(value, "\n" + " " * (INDENT * level), chunks, blocks.append)
    except _NotPlain:
        return [_indented(json.dumps(value, indent=INDENT, ensure_ascii=False), level)]
    blocks.append("".join(chunks))
    return blocks


class Items:
    """An array whose items are made as it is written (a report's layers: each layer's object
    made, written and let go, so that a large report is never held whole as objects or text),
    written as the list of them would be. Only `JsonArrayWriter.add_streamed` writes one."""

    __slots__ = ("items",)

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items


# Pieces joined into one block of text once this many are waiting: a piece is a small string
# object (about 60 bytes, for a few characters of output), so a 100,000-layer report held as
# pieces took eight times the memory of its text.
_BLOCK_CHUNKS = 8192


# json.dumps's spellings of the floats JSON has no numbers for (NaN is not equal to itself).
_FLOATS = {float("inf"): "Infinity", float("-inf"): "-Infinity"}


class _NotPlain(Exception):
    """A value the fast path does not write as json.dumps does (keys that are not
    strings, objects json.dumps refuses): that document is left to json.dumps."""


def _indented(text: str, level: int) -> str:
    return text.replace("\n", "\n" + " " * (INDENT * level)) if level else text


def _encode(value: Any, newline: str, chunks: list[str], flush: Callable[[str], None]) -> None:
    """Appends the value's text to `chunks`; an array's items hand `chunks` to `flush`, as one
    string, whenever it grows past _BLOCK_CHUNKS (what is flushed comes first in the text)."""
    # Exact types only: a subclass (an enum, a bool among ints) may have its own repr.
    kind = type(value)
    if kind is str:
        chunks.append(encode_basestring(value))
    elif kind is int:
        chunks.append(int.__repr__(value))
    elif kind is float:
        chunks.append(_FLOATS.get(value) or float.__repr__(value) if value == value else "NaN")
    elif value is None:
        chunks.append("null")
    elif value is True:
        chunks.append("true")
    elif value is False:
        chunks.append("false")
    elif kind is dict:
        if not value:
            chunks.append("{}")
            return
        inner = newline + " " * INDENT
        separator = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _NotPlain
            chunks.append(separator)
            chunks.append(encode_basestring(key))
            chunks.append(": ")
            _encode(item, inner, chunks, flush)
            separator = "," + inner
        chunks.append(newline + "}")
    elif kind is list or kind is tuple or kind is Items:
        inner = newline + " " * INDENT
        separator = "[" + inner
        for item in value.items if kind is Items else value:
            chunks.append(separator)
            _encode(item, inner, chunks, flush)
            separator = "," + inner
            if len(chunks) > _BLOCK_CHUNKS:
                flush("".join(chunks))
                chunks.clear()
        chunks.append("[]" if separator[0] == "[" else newline + "]")
    else:
        raise _NotPlain


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
        blocks = _json_blocks(item, level=1)  # before writing: a value json.dumps refuses raises
        click.echo(("[\n" if not self.items else ",\n") + " " * INDENT, nl=False)
        for block in blocks:  # not joined: a large report's text is not copied once more
            click.echo(block, nl=False)
        self.items += 1

    def add_streamed(self, item: Any) -> None:
        """As `add`, written as it is encoded, so that its `Items` are made one at a time: for
        a value known to be plain JSON (convcalc's own reports), which json.dumps never refuses."""
        click.echo(("[\n" if not self.items else ",\n") + " " * INDENT, nl=False)
        chunks: list[str] = []

        def flush(block: str) -> None:
            click.echo(block, nl=False)

        _encode(item, "\n" + " " * INDENT, chunks, flush)
        flush("".join(chunks))
        self.items += 1

    def close(self) -> None:
        click.echo("\n]" if self.items else "[]")
