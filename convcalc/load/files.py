"""Reading spec files (or stdin) into networks. I/O failures are InputError (exit code 2)."""

from __future__ import annotations

import os
import stat
import sys

from convcalc.core import limits
from convcalc.core.diagnostics import Diagnostic
from convcalc.core.printable import printable
from convcalc.core.records import replace
from convcalc.core.specs import Location, NetworkSpec
from convcalc.load.build import build_network
from convcalc.load.flags import FlagProblem, network_from_arguments
from convcalc.load.formats import CONVCALC, IMPORTERS, ImportedDocument, Importer, importer_for
from convcalc.load.yaml_source import Parsed, YamlProblem, parse_yaml
from convcalc.load.zoo import ZooError, is_zoo, spec_bytes
from convcalc.rules.table import NOT_A_SPEC, YAML_SYNTAX

STDIN = "-"

Loaded = tuple[NetworkSpec | None, list[Diagnostic]]


class InputError(Exception):
    """A file that cannot be read at all: missing, a directory, unreadable."""


def read_regular(path: str, limit: int) -> bytes:
    """Up to `limit + 1` bytes of the regular file `path` (one more than allowed, so a caller
    can tell a file that is too large); InputError for anything else.

    Every reader of a named or found file (specs, configurations, ignore files) comes here. The
    file is opened without blocking, since opening a FIFO for reading waits for a writer, and the
    type is checked on the opened descriptor, so a file swapped for a FIFO or a device after a
    stat is refused, not read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise InputError(f"{printable(path)}: no such file") from None
    except OSError as error:
        raise InputError(f"{printable(path)}: {error.strerror or error}") from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{printable(path)}: is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(
                f"{printable(path)}: not a regular file (a FIFO, socket or device); not read"
            )
        chunks: list[bytes] = []
        wanted = limit + 1
        while wanted > 0:
            chunk = os.read(descriptor, min(wanted, 1024 * 1024))
            if not chunk:
                break
            chunks.append(chunk)
            wanted -= len(chunk)
        return b"".join(chunks)
    except OSError as error:
        raise InputError(f"{printable(path)}: {error.strerror or error}") from None
    finally:
        os.close(descriptor)


def read_bytes(path: str) -> bytes:
    """The file's bytes, at most one more than the file size limit (enough to refuse it); a
    `zoo:NAME` path is the zoo spec of that name."""
    limit = limits.current().file_bytes
    if path == STDIN:
        return sys.stdin.buffer.read(limit + 1)
    if is_zoo(path):  # a spec shipped with convcalc: `zoo:resnet50`
        try:
            return spec_bytes(path)
        except ZooError as error:
            raise InputError(str(error)) from None
    return read_regular(path, limit)


def _size(count: int) -> str:
    mebibyte = 1024 * 1024
    return f"{count // mebibyte} MiB" if count % mebibyte == 0 else f"{count:,} bytes"


def decode(data: bytes, source: str) -> str | Diagnostic:
    """The text, or a diagnostic for binary or non-UTF-8 content."""
    most = limits.current().file_bytes
    if len(data) > most:
        return NOT_A_SPEC.diagnostic(
            f"file is larger than {_size(most)}; not a network spec" + limits.named("file_bytes"),
            Location(source),
            hint=limits.how_to_raise("file_bytes"),
        )
    if b"\x00" in data:
        return NOT_A_SPEC.diagnostic("binary file, not YAML text", Location(source))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        return YAML_SYNTAX.diagnostic(
            f"not UTF-8 text (byte 0x{data[error.start]:02x})",
            Location(source, line, column),
            hint="save the file as UTF-8",
        )


def chosen_importer(text: str, source: str, from_format: str | None = None) -> Importer | None:
    """The importer that reads the text (`--from`'s, else recognised); None: a convcalc spec."""
    if from_format == CONVCALC:
        return None
    if from_format is not None:
        return IMPORTERS[from_format]
    return importer_for(source, text)


def load_text(
    text: str,
    source: str,
    from_format: str | None = None,
    scale: str | None = None,
    *,
    already: Parsed | None = None,
) -> Loaded:
    """A spec, or another framework's config through its importer (`convcalc/load/formats/`);
    `scale` (`--scale`) for formats with model scales. `already`: this text as parse_yaml read
    it before (to tell whether a found file is a spec), used instead of reading it again."""
    importer = chosen_importer(text, source, from_format)
    if importer is not None:
        imported, problems = importer.read(text, source, scale)
        if imported is None:
            return None, problems
        network, found = build_network(imported, source)
        if network is not None and importer.rows:
            # Kept for `--set 3.args.0=128`, which reads the text again with the row changed.
            network = replace(network, document=ImportedDocument(importer, text, source, scale))
        return network, [*problems, *found]
    if already is not None and already.source == source and already.text == text:
        if already.problem is not None:
            return None, [already.problem.diagnostic]
        return build_network(already.root, source)
    try:
        root = parse_yaml(text, source)
    except YamlProblem as problem:
        return None, [problem.diagnostic]
    return build_network(root, source)


def load_path(path: str, from_format: str | None = None, scale: str | None = None) -> Loaded:
    """Raises InputError when the file cannot be read."""
    source = "<stdin>" if path == STDIN else path
    decoded = decode(read_bytes(path), source)
    if isinstance(decoded, Diagnostic):
        return None, [decoded]
    return load_text(decoded, source, from_format, scale)


def load_arguments(input_text: str, layers: tuple[str, ...], layout: str) -> Loaded:
    try:
        root = network_from_arguments(input_text, layers, layout)
    except FlagProblem as problem:
        return None, [problem.diagnostic]
    return build_network(root, "<command line>")
