"""Reading spec files (or stdin) into networks. I/O failures are InputError (exit code 2)."""

from __future__ import annotations

import os
import stat
import sys

from convcalc import limits
from convcalc.diagnostics import Diagnostic
from convcalc.load.build import build_network
from convcalc.load.flags import FlagProblem, network_from_arguments
from convcalc.load.problems import load_diagnostic
from convcalc.load.yaml_source import YamlProblem, parse_yaml
from convcalc.rules import not_a_spec, yaml_syntax
from convcalc.specs import Location, NetworkSpec

MAX_BYTES = limits.DEFAULT.file_bytes  # the default; a run's own is limits.current()
STDIN = "-"

Loaded = tuple[NetworkSpec | None, list[Diagnostic]]


class InputError(Exception):
    """A file that cannot be read at all: missing, a directory, unreadable."""


def read_bytes(path: str) -> bytes:
    """The file's bytes, at most one more than the file size limit (enough to refuse it)."""
    wanted = limits.current().file_bytes + 1
    if path == STDIN:
        return sys.stdin.buffer.read(wanted)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as error:
        raise InputError(f"{path}: {error.strerror or error}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path}: is a directory, not a spec file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path}: not a regular file")
    try:
        with open(path, "rb") as handle:
            return handle.read(wanted)
    except OSError as error:
        raise InputError(f"{path}: {error.strerror or error}") from None


def _size(count: int) -> str:
    mebibyte = 1024 * 1024
    return f"{count // mebibyte} MiB" if count % mebibyte == 0 else f"{count:,} bytes"


def decode(data: bytes, source: str) -> str | Diagnostic:
    """The text, or a diagnostic for binary or non-UTF-8 content."""
    most = limits.current().file_bytes
    if len(data) > most:
        return load_diagnostic(
            not_a_spec.RULE,
            f"file is larger than {_size(most)}; not a network spec" + limits.named("file_bytes"),
            Location(source),
            hint=limits.how_to_raise("file_bytes"),
        )
    if b"\x00" in data:
        return load_diagnostic(not_a_spec.RULE, "binary file, not YAML text", Location(source))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        return load_diagnostic(
            yaml_syntax.RULE,
            f"not UTF-8 text (byte 0x{data[error.start]:02x})",
            Location(source, line, column),
            hint="save the file as UTF-8",
        )


def load_text(text: str, source: str) -> Loaded:
    try:
        root = parse_yaml(text, source)
    except YamlProblem as problem:
        return None, [problem.diagnostic]
    return build_network(root, source)


def load_path(path: str) -> Loaded:
    """Raises InputError when the file cannot be read."""
    source = "<stdin>" if path == STDIN else path
    decoded = decode(read_bytes(path), source)
    if isinstance(decoded, Diagnostic):
        return None, [decoded]
    return load_text(decoded, source)


def load_arguments(input_text: str, layers: tuple[str, ...], layout: str) -> Loaded:
    try:
        root = network_from_arguments(input_text, layers, layout)
    except FlagProblem as problem:
        return None, [problem.diagnostic]
    return build_network(root, "<command line>")
