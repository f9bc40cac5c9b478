"""The registry of file formats convcalc reads: its own spec and other frameworks' model configs.

An importer is a loader plus a framework profile, not a fork of the engine: it reads its format
into the same Raw tree the YAML loader builds (every value located at its line and column in
the ORIGINAL file), `build_network` makes the NetworkSpec as for any spec, and the tree's
`framework:` names the profile (`convcalc/core/profiles.py`) whose arithmetic the calculator
then applies.
Because the Raw tree is a convcalc spec, `convcalc convert` writes it out as one.

Adding a format is one module here and one line in IMPORTERS (docs/importers.md).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from importlib import import_module
from typing import Any

from convcalc.core.diagnostics import Diagnostic
from convcalc.core.records import frozen
from convcalc.core.specs import NetworkSpec
from convcalc.load.formats import recognition
from convcalc.load.raw import Raw, RawMap

# What a loader hands back: the network (None when it could not be read) and the problems found.
Loaded = tuple[NetworkSpec | None, list[Diagnostic]]
# The text as a convcalc spec's Raw tree (None when it could not be read), and the problems
# found reading it; the profile is the importer's.
Imported = tuple[RawMap | None, list[Diagnostic]]

CONVCALC = "convcalc"


@frozen
class Importer:
    """A format: `recognition.<module>(text) -> bool` says whether the text is in this format,
    from its content alone (it runs on every file a directory walk finds with one of the
    suffixes, and on every YAML spec), and its module here (`convcalc.load.formats.<module>`,
    imported when a file of its format is read, so `--help`, `--from`'s choices and a plain
    spec stay cheap) defines `read(text, source) -> Imported` (the text as a
    convcalc spec's Raw tree, each value at its place in `source`; `read(text, source, scale)`
    for a format with model scales)."""

    name: str  # the `--from` value
    title: str  # "Darknet .cfg", for messages and docs
    suffixes: tuple[str, ...]  # lower case, with the dot
    module: str
    # Whether the format has model scales (`--scale`, Ultralytics' n/s/m/l/x): its `read` then
    # takes the chosen scale as a third argument (None: the file's default).
    scaled: bool = False
    # Whether its rows can be edited by number (`--set 3.args.0=128`, Ultralytics): its module
    # then defines `row_path(path)` and `RowEdit`, and `read` takes the edits as a fourth
    # argument (see ImportedDocument).
    rows: bool = False

    def _module(self) -> Any:
        return import_module(f"convcalc.load.formats.{self.module}")

    def recognise(self, text: str) -> bool:
        """Whether the text is in this format: `recognition.<module>`, without the importer."""
        return bool(getattr(recognition, self.module)(text))

    def row_edit(self, path: str, value: Raw) -> Any | None:
        """`--set ROW.COLUMN=VALUE` (`3.args.0`, `5.from`) as the format's row edit; None
        when the path is not a row's (a layer name). RowEditError when it names no column."""
        module = self._module()
        found = module.row_path(path)
        if found is None:
            return None
        row, column, argument = found
        return module.RowEdit(path, row, column, argument, value)

    def read(
        self, text: str, source: str, scale: str | None = None, edits: Sequence[Any] = ()
    ) -> Imported:
        module = self._module()
        imported: Imported
        if edits:
            imported = module.read(text, source, scale, edits)
        elif self.scaled:
            imported = module.read(text, source, scale)
        else:
            imported = module.read(text, source)
        return imported


class RowEditError(ValueError):
    """A row edit (`--set 3.args.0=128`) that names no row, column or argument, or leaves its
    row one the framework would refuse: a usage error."""


@frozen
class ImportedDocument:
    """What an importer whose rows can be edited read (the network's `document`): `--set
    3.args.0=128` reads the same text again with its rows changed."""

    importer: Importer
    text: str
    source: str
    scale: str | None


YAML_SUFFIXES = (".yaml", ".yml")

# The registry: the only place that names every format.
IMPORTERS: dict[str, Importer] = {
    importer.name: importer
    for importer in (
        Importer("darknet", "Darknet .cfg", (".cfg",), "darknet"),
        Importer("caffe", "Caffe .prototxt", (".prototxt",), "caffe"),
        Importer(
            "ultralytics",
            "Ultralytics model YAML",
            YAML_SUFFIXES,
            "ultralytics",
            scaled=True,
            rows=True,
        ),
    )
}

# `--from`'s choices: convcalc's own spec, then the importers.
FORMAT_NAMES = (CONVCALC, *IMPORTERS)
# What a directory walk picks up: YAML (specs, or formats recognised in YAML) and the importers'.
SUFFIXES = tuple(
    dict.fromkeys((*YAML_SUFFIXES, *(s for i in IMPORTERS.values() for s in i.suffixes)))
)


def _suffix(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def importer_for(path: str, text: str) -> Importer | None:
    """The importer for a file, from its name and content; None: a convcalc spec (or YAML that
    is not a spec). A suffix importers claim is read by the one that recognises the content; a
    YAML file none recognises is a convcalc spec, any other claimed suffix is read by its first
    claimant (which says what is wrong with it); a file of another name (standard input, `.txt`)
    by the first importer that recognises its content."""
    suffix = _suffix(path)
    claiming = [importer for importer in IMPORTERS.values() if suffix in importer.suffixes]
    for importer in claiming:
        if importer.recognise(text):
            return importer
    if suffix in YAML_SUFFIXES:
        return None
    if claiming:
        return claiming[0]  # named `x.cfg`: read as Darknet, which says what is wrong with it
    for importer in IMPORTERS.values():
        if importer.recognise(text):
            return importer
    return None


def recognised(path: str, text: str) -> bool:
    """Whether a file found in a directory is in an imported format: an importer that claims
    its suffix recognises its content."""
    suffix = _suffix(path)
    return any(
        importer.recognise(text) for importer in IMPORTERS.values() if suffix in importer.suffixes
    )
