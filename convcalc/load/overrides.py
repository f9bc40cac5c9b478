"""`--set PATH=VALUE`: change a loaded network without touching its spec text.

PATH is `input` (the whole shape, `224x224x3`), `input.size` (every spatial size, or one per
dimension as `224x320`), `input.channels`, `<layer name>.<field>` (block layers by their qualified
name, `layer2.0.conv1.stride`), `layers.<index>.<field>` (the `#` column of the table) or
`<block use>.<argument>` (`layer3.width=192`, `layer2.repeat=2`: the spec is read again with the
use given that argument, for every repetition, `first:`'s included). Fields
accept the registry's aliases; values are read as `calc` reads `kind:field=value` (YAML scalars,
`5x5` per dimension) and then by the field's type, so a value means what it means in a spec.
A path or value that cannot be used is an OverrideError: a usage error, with a suggestion.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, cast

from convcalc.core.printable import printable
from convcalc.core.records import frozen, replace
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec, Location, NetworkSpec
from convcalc.kinds import KINDS, lookup_field
from convcalc.load.build import build_network
from convcalc.load.flags import FlagProblem
from convcalc.load.flags import _value as flag_value  # the one reading of a value written inline
from convcalc.load.formats import ImportedDocument, RowEditError
from convcalc.load.problems import SIMILAR_NAME, did_you_mean
from convcalc.load.raw import Raw, RawScalar, RawSeq
from convcalc.load.values import ValueProblem, dims_from_text, parse_value

INPUT = "input"
INPUT_PARTS = ("size", "channels")
BY_INDEX = "layers"


class OverrideError(Exception):
    """An override that names nothing, or a value its field cannot take (exit code 2)."""


@frozen
class Override:
    """One parsed `PATH=VALUE`: a layer's field (by full name) or a part of the input."""

    text: str  # as written, for messages and the diff's title
    path: str
    value_text: str
    layer: str | None  # None: the input
    field: str  # the canonical field name; for the input "", "size" or "channels"
    value: Any
    option: str = "--set"  # where it was written: --set, or --vary for a sweep
    block: bool = False  # `layer` is a block use and `field` its argument (or `repeat`)
    raw: Any = None  # for a block use: the value as the loader reads it (a Raw tree)
    # An imported file's row (`3.args.0`): `raw` is the importer's row edit, applied by
    # reading the file again.
    row: bool = False

    @property
    def location(self) -> Location:
        """Where diagnostics about the changed value point."""
        return Location(f"{self.option} {self.path}")


def split_assignment(text: str, option: str = "--set") -> tuple[str, str]:
    """`conv1.stride=2` -> ("conv1.stride", "2"); the first `=` separates them."""
    path, equals, value = text.partition("=")
    if not equals or not path.strip():
        raise OverrideError(f"{option} '{printable(text)}': write PATH=VALUE, e.g. conv1.stride=2")
    return path.strip(), value.strip()


def find_layer(network: NetworkSpec, path: str) -> tuple[LayerSpec, str] | None:
    """The layer a `NAME.FIELD` or `layers.INDEX.FIELD` path names, and the field part.

    The layer name is the longest one that is followed by `.` in the path, so names that contain
    dots themselves (`layer2.0.conv1`) are found whole. None when no layer matches.
    """
    by_name = {layer.name: layer for layer in network.layers}
    cut = len(path)
    while True:
        cut = path.rfind(".", 0, cut)
        if cut <= 0:
            break
        layer = by_name.get(path[:cut])
        if layer is not None:
            return layer, path[cut + 1 :]
    head, _, rest = path.partition(".")
    index, _, field = rest.partition(".")
    if (
        head == BY_INDEX
        and index.isascii()
        and index.isdigit()
        and int(index) < len(network.layers)
    ):
        return network.layers[int(index)], field
    return None


def _unknown_layer(network: NetworkSpec, path: str, option: str) -> OverrideError:
    head = path.rpartition(".")[0] or path
    names = [layer.name for layer in network.layers]
    prefix, _, rest = path.partition(".")
    index = rest.partition(".")[0]
    if prefix == BY_INDEX and index.isascii() and index.isdigit():
        last = len(network.layers) - 1
        return OverrideError(
            f"{option} {printable(path)}: no layer {printable(index)}; the layers are 0 to {last}"
        )
    if head in network.block_outputs:
        inside = [name for name in names if name.startswith(head + ".")]
        shown = ", ".join(inside[:5]) + (", …" if len(inside) > 5 else "")
        if head in network.block_uses:
            arguments = ", ".join(("repeat", *network.block_uses[head]))
            return OverrideError(
                f"{option} {printable(path)}: `{printable(head)}` is a block use; name one of "
                f"its arguments ({printable(arguments)}) or layers ({shown})"
            )
        return OverrideError(
            f"{option} {printable(path)}: `{printable(head)}` is a block instance; "
            f"name one of its layers ({shown})"
        )
    if path in names:
        return OverrideError(
            f"{option} {printable(path)}: name a field too, e.g. {printable(path)}.stride"
        )
    hint = (
        did_you_mean(head, [*names, INPUT], SIMILAR_NAME)
        or "layers are named as in the table's name column"
    )
    return OverrideError(f"{option} {printable(path)}: no layer `{printable(head)}`; {hint}")


def _raw(value_text: str, option: str, path: str) -> Any:
    try:
        return flag_value(value_text, Location(f"{option} {path}"))
    except FlagProblem as problem:
        raise OverrideError(f"{option} {printable(path)}: {problem.diagnostic.message}") from None


def _sizes(value_text: str, option: str, path: str) -> tuple[int, ...]:
    raw = _raw(value_text, option, path)
    sizes: tuple[int, ...] | None = None
    if isinstance(raw, RawScalar):
        if isinstance(raw.value, int) and not isinstance(raw.value, bool):
            sizes = (raw.value,)
        elif isinstance(raw.value, str):
            sizes = dims_from_text(raw.value)
    elif isinstance(raw, RawSeq):
        values = [item.value if isinstance(item, RawScalar) else None for item in raw.items]
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            sizes = tuple(int(v) for v in values if v is not None)
    if sizes is None:
        raise OverrideError(
            f"{option} {printable(path)}={printable(value_text)}: expected whole numbers "
            "like 224x224x3 or [224, 224, 3]"
        )
    return sizes


def _input_override(
    network: NetworkSpec, text: str, path: str, value_text: str, option: str
) -> Override:
    part = path[len(INPUT) + 1 :] if path != INPUT else ""
    if part and part not in INPUT_PARTS:
        paths = [f"{INPUT}.{name}" for name in INPUT_PARTS]
        hint = did_you_mean(path, paths) or "input.size or input.channels"
        raise OverrideError(
            f"{option} {printable(path)}: the input has no `{printable(part)}`; {hint}"
        )
    sizes = _sizes(value_text, option, path)
    spatial = not network.input_shape.is_flat
    if part == "" and len(sizes) == 1 and spatial:
        raise OverrideError(
            f"{option} {printable(path)}={printable(value_text)}: one number is a flat input; "
            f"write the whole shape (e.g. {'x'.join(['224'] * network.input_shape.rank)}x"
            f"{network.input_shape.channels}), or input.size={printable(value_text)} "
            "for every spatial size"
        )
    if part == "" and len(sizes) > 4:
        raise OverrideError(f"{option} {printable(path)}: at most 3 spatial sizes and the channels")
    if part == "size" and not spatial:
        raise OverrideError(
            f"{option} {printable(path)}: the input is a flat vector; set input.channels"
        )
    if part == "channels" and len(sizes) != 1:
        raise OverrideError(
            f"{option} {printable(path)}={printable(value_text)}: channels is one number"
        )
    if part == "size" and len(sizes) > 3:
        raise OverrideError(f"{option} {printable(path)}: at most 3 spatial sizes")
    return Override(text, path, value_text, None, part, sizes, option)


def _block_override(
    network: NetworkSpec, text: str, path: str, value_text: str, option: str
) -> Override | None:
    """`layer2.repeat=2`, `layer3.width=192`: an argument of a block use (None: not a use)."""
    use, _, argument = path.rpartition(".")
    if use not in network.block_uses:
        return None
    known = ("repeat", *network.block_uses[use])
    if argument not in known:
        hint = did_you_mean(argument, known) or "its arguments: " + ", ".join(known)
        raise OverrideError(
            f"{option} {printable(path)}: block use `{printable(use)}` has no argument "
            f"`{printable(argument)}`; {hint}"
        )
    # The value is read as the spec would read it, when the spec is read again with it.
    raw = _raw(value_text, option, path)
    value = raw.value if isinstance(raw, RawScalar) else value_text  # as reports show it
    override = Override(text, path, value_text, use, argument, value, option, block=True, raw=raw)
    _reread(network, [override])  # a value the use cannot take is refused here, not mid-sweep
    return override


ROW_START = re.compile(r"\d+(\.|$)")


def _row_override(
    network: NetworkSpec, text: str, path: str, value_text: str, option: str
) -> Override | None:
    """`3.args.0=128`, `5.from=[-1, 4]`: a row of an imported file whose rows are numbered
    (Ultralytics), edited before it is read (None: not such a file, or not a row's path)."""
    document = network.document
    if not isinstance(document, ImportedDocument):
        return None
    try:
        edit = document.importer.row_edit(path, _raw(value_text, option, path))
    except RowEditError as error:
        raise OverrideError(f"{option} {printable(path)}: {error}") from None
    if edit is None:
        if ROW_START.match(path):
            raise OverrideError(
                f"{option} {printable(path)}: write ROW.COLUMN=VALUE, the columns being from, "
                "repeats, module and args (args.I for one argument): e.g. 3.args.0=128"
            )
        return None
    raw = edit.value
    value = raw.value if isinstance(raw, RawScalar) else value_text  # as reports show it
    override = Override(text, path, value_text, None, path, value, option, raw=edit, row=True)
    _reimport(network, [override])  # a value the row cannot take is refused here
    return override


def _reimport(network: NetworkSpec, overrides: Sequence[Override]) -> NetworkSpec:
    """The imported file read again with its rows edited."""
    document = network.document
    assert isinstance(document, ImportedDocument)
    written = " ".join(f"{o.option} {printable(o.text)}" for o in overrides)
    try:
        tree, problems = document.importer.read(
            document.text, document.source, document.scale, [o.raw for o in overrides]
        )
    except RowEditError as error:
        raise OverrideError(f"{written}: {error}") from None
    rebuilt, found = build_network(tree, document.source) if tree is not None else (None, [])
    if rebuilt is None:
        problem = next(iter([*problems, *found]), None)
        message = problem.message if problem is not None else "the file no longer loads"
        raise OverrideError(f"{written}: {message}")
    return replace(rebuilt, document=document)


def parse_override(network: NetworkSpec, text: str, option: str = "--set") -> Override:
    """One `PATH=VALUE` checked against the network; OverrideError when it cannot apply."""
    path, value_text = split_assignment(text, option)
    row = _row_override(network, text, path, value_text, option)
    if row is not None:
        return row
    block = _block_override(network, text, path, value_text, option)
    if block is not None:
        return block
    found = find_layer(network, path)
    if found is None:
        if path == INPUT or path.startswith(INPUT + "."):
            return _input_override(network, text, path, value_text, option)
        raise _unknown_layer(network, path, option)
    layer, field_text = found
    kind = KINDS[layer.kind]
    if not field_text:
        raise OverrideError(
            f"{option} {printable(path)}: name a field too, e.g. {printable(path)}.stride"
        )
    kind_field = lookup_field(kind, field_text)
    if kind_field is None:
        names = [f.name for f in kind.fields]
        hint = did_you_mean(field_text, [*names, *(a for f in kind.fields for a in f.aliases)])
        known = ", ".join(names) or "none"
        raise OverrideError(
            f"{option} {printable(path)}: `{layer.name}` ({kind.name}) has no field "
            f"`{printable(field_text)}`; " + (hint or f"its fields: {known}")
        )
    try:
        value = parse_value(kind_field, _raw(value_text, option, path))
    except ValueProblem as problem:
        raise OverrideError(
            f"{option} {printable(path)}={printable(value_text)}: {problem}"
        ) from None
    pieces = len(split_pieces(network, layer))
    if pieces and kind.pieces({**layer.fields, kind_field.name: value}) != pieces:
        # The pieces are layers other layers read by name: their number is the spec's.
        raise OverrideError(
            f"{option} {printable(path)}={printable(value_text)}: `{layer.name}` is one of "
            f"{pieces} pieces; a --set cannot change how many"
        )
    return Override(text, path, value_text, layer.name, kind_field.name, value, option)


def split_pieces(network: NetworkSpec, layer: LayerSpec) -> list[str]:
    """The names of every piece of the split `layer` is a piece of (none for other layers):
    a --set on one piece applies to them all."""
    if layer.piece is None:
        return []
    return [
        other.name
        for other in network.layers
        if other.piece is not None
        and other.location == layer.location
        and other.use_sites == layer.use_sites
        and other.name.rsplit(".", 1)[0] == layer.name.rsplit(".", 1)[0]
    ]


def parse_overrides(
    network: NetworkSpec, texts: Iterable[str], option: str = "--set"
) -> tuple[Override, ...]:
    return tuple(parse_override(network, text, option) for text in texts)


def _new_input(network: NetworkSpec, override: Override) -> NetworkSpec:
    shape = network.input_shape
    sizes: tuple[int, ...] = override.value
    if override.field == "channels":
        new = Shape(shape.spatial, sizes[0])
    elif override.field == "size":
        spatial = sizes * shape.rank if len(sizes) == 1 else sizes
        new = Shape(spatial, shape.channels)
    else:
        new = Shape.from_layout(sizes, network.layout)
    return replace(
        network,
        input_shape=new,
        input_written=tuple(new.in_layout(network.layout)),
        input_location=override.location,
    )


def _reread(network: NetworkSpec, overrides: Sequence[Override]) -> NetworkSpec:
    """The network read again from its document with the block uses' new arguments."""
    changed: dict[str, dict[str, Raw]] = {}
    for override in overrides:
        assert override.layer is not None
        changed.setdefault(override.layer, {})[override.field] = override.raw
    written = " ".join(f"{o.option} {printable(o.text)}" for o in overrides)
    document = cast("Raw | None", network.document)
    rebuilt, problems = build_network(document, network.source, changed)
    if rebuilt is None:
        problem = problems[0] if problems else None
        message = problem.message if problem is not None else "the spec no longer loads"
        raise OverrideError(f"{written}: {message}")
    return rebuilt


def apply_overrides(network: NetworkSpec, overrides: Sequence[Override]) -> NetworkSpec:
    """A new network with every override applied in order (a later one wins); block uses'
    arguments first, since they change which layers there are."""
    if not overrides:
        return network
    rows = [override for override in overrides if override.row]
    if rows:
        network = _reimport(network, rows)
    uses = [override for override in overrides if override.block]
    if uses:
        network = _reread(network, uses)
    layers = {layer.name: layer for layer in network.layers}
    for override in overrides:
        if override.block or override.row:
            continue
        if override.layer is None:
            network = _new_input(network, override)
            continue
        layer = layers.get(override.layer)
        if layer is None:
            written = ", ".join(printable(o.text) for o in [*rows, *uses])
            raise OverrideError(
                f"{override.option} {printable(override.path)}: there is no layer "
                f"`{printable(override.layer)}` once {written} applies"
            )
        # A piece of a split: the --set applies to every piece.
        for name in split_pieces(network, layer) or [override.layer]:
            piece = layers[name]
            layers[name] = replace(
                piece,
                fields={**piece.fields, override.field: override.value},
                given=piece.given | {override.field},
                field_locations={**piece.field_locations, override.field: override.location},
            )
    return replace(network, layers=tuple(layers[layer.name] for layer in network.layers))


def override_network(network: NetworkSpec, texts: Sequence[str]) -> NetworkSpec:
    """Parse and apply `PATH=VALUE` texts; OverrideError for the first that cannot apply."""
    return apply_overrides(network, parse_overrides(network, texts))
