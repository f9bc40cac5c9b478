"""A Raw tree into a NetworkSpec, reading the kind registry for names, aliases, fields and defaults.

Blocks are expanded here into a flat list of layers with qualified names (`layer2.0.conv1`), and
every `from:` is resolved to the full name of the layer it reads. Nothing is computed: shapes are
the calculator's job. Every problem becomes a load diagnostic with its location; reading goes on
past a bad layer so a single run reports all of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from convcalc.core import limits
from convcalc.core.diagnostics import Diagnostic
from convcalc.core.printable import printable
from convcalc.core.profiles import PROFILES
from convcalc.core.records import field, mutable
from convcalc.core.shapes import LAYOUTS, Shape
from convcalc.core.specs import LayerSpec, Location, NetworkSpec
from convcalc.kinds import kind_spellings, lookup_field, lookup_kind
from convcalc.kinds.base import Field, LayerKind
from convcalc.load.known_elsewhere import unread_field, unsupported_kind
from convcalc.load.problems import SIMILAR_NAME, did_you_mean
from convcalc.load.raw import Raw, RawEntry, RawMap, RawScalar, RawSeq, describe
from convcalc.load.spec_shape import not_a_spec_reason
from convcalc.load.values import ValueProblem, dims_from_text, parse_value
from convcalc.rules.table import (
    BAD_BLOCK,
    BAD_REFERENCE,
    DUPLICATE_KEY,
    DUPLICATE_NAME,
    INPUT_COUNT,
    MISSING_FIELD,
    NOT_A_SPEC,
    UNKNOWN_FIELD,
    UNKNOWN_KIND,
    WRONG_TYPE,
    Rule,
)

TOP_LEVEL_KEYS = ("name", "input", "layout", "framework", "layers", "blocks", "outputs")
LAYER_KEYS = ("type", "name", "from", "if")  # on any layer, besides the kind's fields
# On a layer that uses a block, besides its arguments.
BLOCK_USE_KEYS = ("repeat", "first", "names", "flat")
BLOCK_KEYS = ("args", "layers", "output")  # in a block definition
INPUT = "input"  # the network's input, or inside a block the block's input
# `{i}` (from 0) and `{n}` (from 1) in a `names:` template; any other `{…}` is refused.
NAME_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
NAME_COUNTERS = {"i": 0, "n": 1}


class _Skip(Exception):
    """This layer could not be read; its problems are already reported."""


@mutable
class _Block:
    name: str
    args: dict[str, Raw | None]  # default value, or None when the argument is required
    layers: RawSeq
    output: RawScalar | None
    location: Location


@mutable
class _Scope:
    """Where layers are being read: the top level, or one block instance."""

    prefix: str  # "" at the top level, "layer2.0." inside an instance
    input_name: str  # full name of what `input` means here
    args: dict[str, Raw] = field(default_factory=dict)
    blocks: tuple[str, ...] = ()
    use_sites: tuple[Location, ...] = ()
    blocks_open: tuple[str, ...] = ()
    previous: str = INPUT
    counts: dict[str, int] = field(default_factory=dict)
    # Explicit names in this scope, with their position and place.
    declared: dict[str, tuple[int, Location]] = field(default_factory=dict)
    position: int = 0  # the item being read
    # Inside a `flat:` instance: the sequence its layers are numbered into (`features.`); the
    # names written in the block then only serve `from:` inside the instance.
    numbered: str | None = None


@mutable
class _Reader:
    source: str
    problems: list[Diagnostic] = field(default_factory=list)
    blocks: dict[str, _Block] = field(default_factory=dict)
    layers: list[LayerSpec] = field(default_factory=list)
    # Every name a `from` can use, mapped to the full name of the layer whose output it means
    # (a block instance means its output layer; a layer switched off by `if` its own input).
    outputs: dict[str, str] = field(default_factory=dict)
    taken: dict[str, Location] = field(default_factory=dict)
    # A kind with several outputs, by full name: how many pieces (`NAME.0`, …) it gives.
    pieces: dict[str, int] = field(default_factory=dict)
    limits: limits.Limits = field(default_factory=limits.current)
    # Layers read so far, switched-off and failed ones included: what `layers` bounds, so a
    # repeat of a block that expands to nothing is bounded too.
    read: int = 0
    overflowed: bool = False
    block_outputs: dict[str, str] = field(default_factory=dict)
    block_names: dict[str, str] = field(default_factory=dict)
    # While reading a block instance: where it (and its enclosing instances) were used.
    use_sites: tuple[Location, ...] = ()
    # Block uses changed by `--set USE.ARGUMENT` (`repeat` too), by the use's full name.
    use_overrides: Mapping[str, Mapping[str, Raw]] = field(default_factory=dict)
    # Each (not flat) block use read: the arguments its block takes.
    block_uses: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The next free number of each sequence (`features.` → 7), from every name claimed so far.
    next_number: dict[str, int] = field(default_factory=dict)
    # Equal per-layer values (`given` sets, field values, no field locations) as one object each:
    # a spec's layers are frozen, and a 100k-layer spec repeats a handful of them.
    shared: dict[object, Any] = field(default_factory=dict)
    spellings: dict[tuple[str, str], Field | None] = field(default_factory=dict)
    # By id of a block's layer (alive as long as the reader): how many values `_substitute`
    # visits in it, or None when it holds a `$argument` and must be copied per instance.
    sizes: dict[int, int | None] = field(default_factory=dict)
    # By id of a layer list: the names written in it (`_declared_names`), read once, not per
    # instance of its block.
    declared: dict[int, dict[str, tuple[int, Location]]] = field(default_factory=dict)

    def field_named(self, kind: LayerKind, written: str) -> Field | None:
        """The kind's field a key names (lookup_field), looked up once per kind and spelling."""
        key = (kind.name, written)
        if key not in self.spellings:
            self.spellings[key] = lookup_field(kind, written)
        return self.spellings[key]

    def share(self, value: Any, key: object) -> Any:
        """The first value seen with this key (`value` when it is the first, or when the key
        holds a value that cannot be hashed)."""
        try:
            return self.shared.setdefault(key, value)
        except TypeError:
            return value

    def number_in(self, sequence: str) -> str:
        """The next name in a numbered sequence (`features.7`)."""
        return f"{sequence}{self.next_number.get(sequence, 0)}"

    def report(self, rule: Rule, message: str, location: Location | None, **extra: Any) -> None:
        extra.setdefault("use_sites", self.use_sites)
        self.problems.append(rule.diagnostic(message, location, **extra))

    def over_limit(
        self, attribute: str, message: str, location: Location | None, layer: str | None = None
    ) -> None:
        """A block past one of the run's limits: the message names the limit, the hint says how
        to raise it."""
        self.report(
            BAD_BLOCK,
            message + limits.named(attribute),
            location,
            hint=limits.how_to_raise(attribute),
            layer=layer,
        )

    def keyed(self, mapping: RawMap, layer: str | None = None) -> dict[str, RawEntry]:
        """Entries by key, reporting non-text and duplicate keys."""
        seen: dict[str, RawEntry] = {}
        for entry in mapping.entries:
            key = entry.key
            if not isinstance(key, RawScalar) or not isinstance(key.value, str):
                self.report(
                    WRONG_TYPE, f"keys must be text, got {describe(key)}", key.location, layer=layer
                )
                continue
            if key.value in seen:
                first = seen[key.value].key.location
                self.report(
                    DUPLICATE_KEY,
                    f"`{printable(key.value)}` is given twice (first at line {first.line})",
                    key.location,
                    hint="keep one of them",
                    layer=layer,
                )
                continue
            seen[key.value] = entry
        return seen

    def unknown_keys(
        self, entries: dict[str, RawEntry], known: Iterable[str], what: str, layer: str | None
    ) -> None:
        known = tuple(known)
        for key, entry in entries.items():
            if key not in known:
                self.report(
                    UNKNOWN_FIELD,
                    f"unknown key `{printable(key)}` in {what}",
                    entry.key.location,
                    hint=did_you_mean(key, known) or "known keys: " + ", ".join(known),
                    layer=layer,
                )


def _text(raw: Raw) -> str | None:
    if isinstance(raw, RawScalar) and isinstance(raw.value, str) and raw.value.strip():
        return raw.value.strip()
    return None


def _name_text(raw: Raw) -> str | None:
    if (
        isinstance(raw, RawScalar)
        and isinstance(raw.value, (str, int))
        and not isinstance(raw.value, bool)
        and str(raw.value).strip()
    ):
        return str(raw.value).strip()
    return None


# ---------------------------------------------------------------------------- top level


def build_network(
    root: Raw | None, source: str, use_overrides: Mapping[str, Mapping[str, Raw]] | None = None
) -> tuple[NetworkSpec | None, list[Diagnostic]]:
    """The network a Raw document describes, and every problem found while reading it.

    `use_overrides` gives block uses (by full name) arguments or a `repeat` in place of the
    written ones: `--set layer2.repeat=2` reads the document again with them."""
    reader = _Reader(source, use_overrides=use_overrides or {})
    if not isinstance(root, RawMap):
        what = "empty" if root is None else f"{describe(root)}"
        location = root.location if root is not None else Location(source)
        reader.report(
            NOT_A_SPEC,
            f"a spec is a mapping with `input` and `layers`; this document is {what}",
            location,
        )
        return None, reader.problems
    reason = not_a_spec_reason(root)
    if reason is not None:
        reader.report(
            NOT_A_SPEC,
            reason,
            root.location,
            hint="a spec is a mapping with `input` and `layers` (see docs/spec-format.md); "
            "`--skip-non-specs` skips such files",
        )
        return None, reader.problems
    top = reader.keyed(root)
    reader.unknown_keys(top, TOP_LEVEL_KEYS, "the spec", None)
    for key in ("input", "layers"):
        if key not in top:
            reader.report(MISSING_FIELD, f"the spec has no `{key}`", root.location)
    layout = "hwc"
    if "layout" in top:
        layout_raw = top["layout"].value
        text = _text(layout_raw)
        if text is not None and text.lower() in LAYOUTS:
            layout = text.lower()
        else:
            reader.report(
                WRONG_TYPE,
                f"`layout` must be one of {', '.join(LAYOUTS)}, got {describe(layout_raw)}",
                layout_raw.location,
            )
    framework: str | None = None
    if "framework" in top:
        framework_raw = top["framework"].value
        framework = _text(framework_raw)
        if framework not in PROFILES:
            reader.report(
                WRONG_TYPE,
                f"`framework` must be one of {', '.join(PROFILES)}, got {describe(framework_raw)}",
                framework_raw.location,
                hint="the framework whose conventions an imported config follows "
                "(docs/importers.md); leave it out for a convcalc spec",
            )
    name: str | None = None
    if "name" in top:
        name = _name_text(top["name"].value)
        if name is None:
            reader.report(
                WRONG_TYPE,
                f"`name` must be text, got {describe(top['name'].value)}",
                top["name"].value.location,
            )
    shape_read = _read_input(reader, top["input"].value, layout) if "input" in top else None
    if "blocks" in top:
        _read_blocks(reader, top["blocks"].value)
    scope = _Scope(prefix="", input_name=INPUT)
    reader.outputs[INPUT] = INPUT
    if "layers" in top:
        layers_raw = top["layers"].value
        if not isinstance(layers_raw, RawSeq) or not layers_raw.items:
            reader.report(
                WRONG_TYPE,
                f"`layers` must be a non-empty list, got {describe(layers_raw)}",
                layers_raw.location,
            )
        else:
            _read_layers(reader, layers_raw, scope)
    outputs = _read_outputs(reader, top.get("outputs"), scope)
    if reader.problems or shape_read is None:
        return None, reader.problems
    shape, written = shape_read
    network = NetworkSpec(
        source=source,
        input_shape=shape,
        input_written=written,
        layout=layout,
        layers=tuple(reader.layers),
        name=name,
        input_location=top["input"].value.location,
        outputs=outputs,
        block_outputs=reader.block_outputs,
        block_names=reader.block_names,
        framework=framework,
        block_uses=reader.block_uses,
        # Read again only when `--set` changes a block use's arguments: without block uses the
        # tree is let go here, not held through the calculation and the report.
        document=root if reader.block_uses else None,
    )
    return network, reader.problems


def _read_input(reader: _Reader, raw: Raw, layout: str) -> tuple[Shape, tuple[int, ...]] | None:
    sizes: tuple[int, ...] | None = None
    if isinstance(raw, RawScalar):
        if isinstance(raw.value, int) and not isinstance(raw.value, bool):
            sizes = (raw.value,)
        elif isinstance(raw.value, str):
            sizes = dims_from_text(raw.value)
    elif isinstance(raw, RawSeq) and 1 <= len(raw.items) <= 4:
        values = [item.value if isinstance(item, RawScalar) else None for item in raw.items]
        if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            sizes = tuple(int(v) for v in values if v is not None)
    if sizes is None or len(sizes) > 4:
        reader.report(
            WRONG_TYPE,
            f"`input` must be spatial sizes then channels, like [227, 227, 3] or 227x227x3 "
            f"(1 to 3 spatial dimensions), got {describe(raw)}",
            raw.location,
        )
        return None
    return Shape.from_layout(sizes, layout), sizes


def _read_outputs(reader: _Reader, entry: RawEntry | None, scope: _Scope) -> tuple[str, ...]:
    if entry is None:
        last = reader.layers[-1].name if reader.layers else INPUT
        return (last,)
    raw = entry.value
    items = raw.items if isinstance(raw, RawSeq) else (raw,)
    names: list[str] = []
    for item in items:
        text = _name_text(item)
        if text is None:
            reader.report(
                WRONG_TYPE, f"`outputs` names layers, got {describe(item)}", item.location
            )
            continue
        resolved = _resolve(reader, scope, text, item.location, None)
        if resolved is not None:
            names.append(resolved)
    return tuple(names)


# ---------------------------------------------------------------------------- blocks


def _read_blocks(reader: _Reader, raw: Raw) -> None:
    if not isinstance(raw, RawMap):
        reader.report(
            WRONG_TYPE,
            f"`blocks` must map block names to blocks, got {describe(raw)}",
            raw.location,
        )
        return
    for name, entry in reader.keyed(raw).items():
        if lookup_kind(name) is not None:
            reader.report(
                BAD_BLOCK,
                f"block name `{printable(name)}` is already a layer kind",
                entry.key.location,
                hint="choose another name",
            )
            continue
        body = entry.value
        if not isinstance(body, RawMap):
            reader.report(
                WRONG_TYPE,
                f"block `{printable(name)}` must be a mapping with `layers`, got {describe(body)}",
                body.location,
            )
            continue
        keys = reader.keyed(body)
        reader.unknown_keys(keys, BLOCK_KEYS, f"block `{printable(name)}`", None)
        layers = keys.get("layers")
        if layers is None or not isinstance(layers.value, RawSeq) or not layers.value.items:
            reader.report(
                MISSING_FIELD,
                f"block `{printable(name)}` needs a non-empty `layers` list",
                body.location,
            )
            continue
        args: dict[str, Raw | None] = {}
        if "args" in keys:
            args_raw = keys["args"].value
            if isinstance(args_raw, RawMap):
                for arg, arg_entry in reader.keyed(args_raw).items():
                    default = arg_entry.value
                    is_null = isinstance(default, RawScalar) and default.value is None
                    args[arg] = None if is_null else default
            else:
                reader.report(
                    WRONG_TYPE,
                    f"`args` must map argument names to defaults (null: required), "
                    f"got {describe(args_raw)}",
                    args_raw.location,
                )
        output = keys["output"].value if "output" in keys else None
        if output is not None and _text(output) is None:
            reader.report(
                WRONG_TYPE, f"`output` names a layer, got {describe(output)}", output.location
            )
            output = None
        reader.blocks[name] = _Block(
            name,
            args,
            layers.value,
            output if isinstance(output, RawScalar) else None,
            entry.key.location,
        )


@mutable
class _Budget:
    """YAML nodes one layer of a block instance may still hold: each instance copies its layers,
    so a large layer repeated would multiply the work (the block argument limit bounds both)."""

    left: int
    location: Location  # the layer's

    def spend(self, reader: _Reader, count: int, label: str | None) -> None:
        self.left -= count
        if self.left < 0:
            most = reader.limits.block_argument_nodes
            reader.over_limit(
                "block_argument_nodes",
                f"a layer in a block holds more than {most:,} values with its arguments",
                self.location,
                layer=label,
            )
            raise _Skip


def _substitute(
    reader: _Reader,
    raw: Raw,
    scope: _Scope,
    label: str | None = None,
    budget: _Budget | None = None,
) -> Raw:
    """`$arg` replaced by the value bound to `arg` in the enclosing block instance."""
    size = reader.sizes.get(id(raw), -1)
    if size == -1:
        size = reader.sizes[id(raw)] = _size_without_arguments(raw)
    if size is not None:  # nothing to replace: the same values, spent at once
        if budget is not None:
            budget.spend(reader, size, label)
        return raw
    if budget is not None:
        budget.spend(reader, 1, label)
    if isinstance(raw, RawScalar):
        if isinstance(raw.value, str) and raw.value.startswith("$") and scope.blocks_open:
            arg = raw.value[1:]
            if arg in scope.args:
                value = scope.args[arg]
                if budget is not None:
                    spent = _node_count(value, budget.left)
                    budget.spend(reader, spent - 1, label)
                return value
            reader.report(
                BAD_BLOCK,
                f"`{printable(raw.value)}` is not an argument of block "
                f"`{printable(scope.blocks_open[-1])}`",
                raw.location,
                hint=did_you_mean(arg, scope.args)
                or "arguments: " + (", ".join(scope.args) or "none"),
                layer=label,
            )
            raise _Skip
        return raw
    if isinstance(raw, RawSeq):
        return RawSeq(
            tuple(_substitute(reader, item, scope, label, budget) for item in raw.items),
            raw.location,
        )
    return RawMap(
        tuple(
            RawEntry(e.key, _substitute(reader, e.value, scope, label, budget)) for e in raw.entries
        ),
        raw.location,
    )


def _size_without_arguments(raw: Raw) -> int | None:
    """How many values `_substitute` visits in `raw` (mapping keys are not visited), or None
    when one of them is a `$argument`."""
    if isinstance(raw, RawScalar):
        return None if isinstance(raw.value, str) and raw.value.startswith("$") else 1
    inner = raw.items if isinstance(raw, RawSeq) else tuple(e.value for e in raw.entries)
    total = 1
    for item in inner:
        size = _size_without_arguments(item)
        if size is None:
            return None
        total += size
    return total


# ---------------------------------------------------------------------------- layers


def _declared_names(items: Iterable[Raw]) -> dict[str, tuple[int, Location]]:
    """Explicit names in a layer list with their positions, to tell a forward reference from
    an unknown one, and from a layer above that failed to load."""
    names: dict[str, tuple[int, Location]] = {}
    for index, item in enumerate(items):
        if isinstance(item, RawMap):
            for entry in item.entries:
                if isinstance(entry.key, RawScalar) and entry.key.value == "name":
                    text = _name_text(entry.value)
                    if text is not None:
                        names.setdefault(text, (index, item.location))
    return names


def _read_layers(reader: _Reader, items: RawSeq, scope: _Scope) -> None:
    """Read each item; stops (without raising) once the layer limit is reached."""
    declared = reader.declared.get(id(items))
    if declared is None:
        declared = reader.declared[id(items)] = _declared_names(items.items)
    scope.declared = declared
    for index, item in enumerate(items.items):
        if reader.overflowed:
            return
        if reader.read >= reader.limits.layers:
            reader.overflowed = True
            reader.over_limit(
                "layers",
                f"more than {reader.limits.layers:,} layers after expanding blocks",
                item.location,
            )
            return
        reader.read += 1
        scope.position = index
        try:
            _read_item(reader, item, index, scope)
        except _Skip:
            continue


def _resolve(
    reader: _Reader, scope: _Scope, ref: str, location: Location, own_name: str | None
) -> str | None:
    """The full name of the layer a reference means, or None (reported)."""
    if ref == INPUT:
        return scope.input_name
    full = scope.prefix + ref
    if full in reader.outputs and ref != own_name:
        return reader.outputs[full]
    if full in reader.pieces:
        last = reader.pieces[full] - 1
        reader.report(
            BAD_REFERENCE,
            f"`{printable(ref)}` gives {last + 1} pieces; a layer reads one of them",
            location,
            hint=f"write `{printable(ref)}.0`" + (f" … `{printable(ref)}.{last}`" if last else ""),
            layer=scope.prefix + own_name if own_name else None,
        )
        return None
    declared = scope.declared.get(ref)
    if ref == own_name:
        message = f"`{printable(ref)}` refers to itself"
    elif declared is not None and declared[0] < scope.position:
        return None  # written above but failed to load: that layer's own error says why
    elif declared is not None:
        message = f"`{printable(ref)}` is defined further down (line {declared[1].line})"
    else:
        message = f"no layer named `{printable(ref)}` before this one"
    local = [n[len(scope.prefix) :] for n in reader.outputs if n.startswith(scope.prefix)]
    candidates = [name for name in [*local, INPUT, *scope.declared] if name != ref]
    reader.report(
        BAD_REFERENCE,
        message,
        location,
        hint=did_you_mean(ref, candidates, SIMILAR_NAME)
        or "layers are wired in the order they are written",
        layer=scope.prefix + own_name if own_name else None,
    )
    return None


def _read_from(
    reader: _Reader, entry: RawEntry | None, scope: _Scope, own_name: str | None
) -> tuple[str, ...]:
    if entry is None:
        return (scope.previous,)
    raw = entry.value
    items = raw.items if isinstance(raw, RawSeq) else (raw,)
    resolved: list[str] = []
    failed = False
    for item in items:
        text = _name_text(item)
        if text is None:
            reader.report(WRONG_TYPE, f"`from` names layers, got {describe(item)}", item.location)
            failed = True
            continue
        name = _resolve(reader, scope, text, item.location, own_name)
        if name is None:
            failed = True
        else:
            resolved.append(name)
    if failed or not resolved:
        raise _Skip
    return tuple(resolved)


def _item_label(index: int, scope: _Scope) -> str:
    """`layer 3`, or `layer 1 of block `bottleneck``: the item's index in the list it is written
    in, from 0 as the YAML list, the table's `#` and `--set layers.N` count."""
    if scope.blocks_open:
        return f"layer {index} of block `{scope.blocks_open[-1]}`"
    return f"layer {index}"


def _read_item(reader: _Reader, item: Raw, index: int, scope: _Scope) -> None:
    location = item.location
    if isinstance(item, RawScalar) and _text(item) is not None:
        entries: dict[str, RawEntry] = {}
        type_raw: Raw = item
    elif isinstance(item, RawMap):
        substituted = item  # `$` means nothing outside a block: a top-level layer is as written
        if scope.blocks_open:
            written_name = next(
                (
                    _name_text(entry.value)
                    for entry in item.entries
                    if isinstance(entry.key, RawScalar) and entry.key.value == "name"
                ),
                None,
            )
            label = scope.prefix + written_name if written_name else None
            # In a block instance a layer is read once per instance: its size is budgeted.
            budget = _Budget(reader.limits.block_argument_nodes, location)
            replaced = _substitute(reader, item, scope, label, budget)
            assert isinstance(replaced, RawMap)
            substituted = replaced
        entries = reader.keyed(substituted)
        type_entry = entries.pop("type", None)
        if type_entry is None:
            reader.report(
                MISSING_FIELD,
                f"{_item_label(index, scope)} has no `type`",
                location,
                hint="start the layer with `type:` (conv, maxpool, dense, …)",
            )
            raise _Skip
        type_raw = type_entry.value
    else:
        reader.report(
            WRONG_TYPE,
            f"{_item_label(index, scope)} must be a kind name or a mapping, got {describe(item)}",
            location,
        )
        raise _Skip
    written = _text(type_raw)
    if written is None:
        reader.report(
            WRONG_TYPE, f"`type` must be text, got {describe(type_raw)}", type_raw.location
        )
        raise _Skip
    name_entry = entries.pop("name", None)
    name: str | None = None
    if name_entry is not None:
        name = _name_text(name_entry.value)
        if name is None or name == INPUT:
            reader.report(
                WRONG_TYPE,
                f"`name` must be text other than `{INPUT}`, got {describe(name_entry.value)}",
                name_entry.value.location,
            )
            raise _Skip
    from_entry = entries.pop("from", None)
    if_entry = entries.pop("if", None)
    if if_entry is not None:
        condition = if_entry.value
        if not (isinstance(condition, RawScalar) and isinstance(condition.value, bool)):
            reader.report(
                WRONG_TYPE,
                f"`if` must be true or false, got {describe(condition)}",
                condition.location,
            )
            raise _Skip
        if not condition.value:
            # Switched off, the layer is an identity: references to it, and the next layer's
            # default input, mean its own input.
            inputs = _read_from(reader, from_entry, scope, name)
            if name is not None:
                reader.outputs[scope.prefix + name] = inputs[0]
            scope.previous = inputs[0]
            return
    block = reader.blocks.get(written)
    if block is not None:
        reader.read -= 1  # a block use counts as the layers it expands to
        _use_block(reader, block, entries, name, from_entry, location, scope)
        return
    found = lookup_kind(written)
    if found is None:
        elsewhere = unsupported_kind(written)
        message, hint = elsewhere or (
            f"unknown layer kind `{printable(written)}`",
            did_you_mean(written, [*kind_spellings(), *reader.blocks]),
        )
        reader.report(UNKNOWN_KIND, message, type_raw.location, hint=hint)
        raise _Skip
    kind, rank = found
    inputs = _read_from(reader, from_entry, scope, name)
    if scope.numbered is not None:
        full_name = reader.number_in(scope.numbered)
    else:
        full_name = scope.prefix + (name or _auto_name(kind.name, scope))
    _check_input_count(reader, kind, inputs, from_entry, location, full_name)
    values, locations, given = _read_fields(reader, kind, entries, location, full_name)
    _claim_name(reader, full_name, location)
    fields = {f.name: values.get(f.name, f.default) for f in kind.fields}
    # Keyed by the values' types too: 1, 1.0 and True are equal but print differently. (Inside
    # a tuple, parse_value gives only ints and None.)
    written_values = tuple(fields.values())
    fields = reader.share(fields, (kind.name, written_values, tuple(map(type, written_values))))
    given_set = frozenset(given)
    given_names = reader.share(given_set, given_set)
    if not locations:
        locations = reader.share(locations, ())
    pieces = kind.pieces(fields)
    if pieces is not None and reader.read + pieces - 1 > reader.limits.layers:
        # Each piece is a layer: `chunks: 10**9` must stop here, not build a billion names.
        reader.overflowed = True
        reader.over_limit(
            "layers",
            f"more than {reader.limits.layers:,} layers after expanding blocks "
            f"({printable(full_name)} is {pieces:,} pieces)",
            location,
            layer=full_name,
        )
        raise _Skip
    if pieces is not None:
        reader.read += pieces - 1  # counted as the layers it is
    # A kind with several outputs is one layer per piece, `NAME.0`, `NAME.1`, ….
    names = [full_name] if pieces is None else [f"{full_name}.{i}" for i in range(pieces)]
    for piece, layer_name in enumerate(names):
        if pieces is not None:
            _claim_name(reader, layer_name, location)
        # Positional, in LayerSpec's field order: binding 13 keywords costs as much again as
        # building the record, once per layer.
        reader.layers.append(
            LayerSpec(
                kind.name,  # kind
                layer_name,  # name
                len(reader.layers),  # index
                fields,
                location,
                locations,  # field_locations
                given_names,  # given
                written,  # written_kind
                rank,  # required_rank
                inputs,
                scope.blocks,  # blocks
                scope.use_sites,  # use_sites
                None if pieces is None else piece,  # piece
            )
        )
        reader.outputs[layer_name] = layer_name
    if pieces is not None:
        reader.pieces[full_name] = pieces
    if scope.numbered is not None and name is not None:
        reader.outputs[scope.prefix + name] = names[0]  # the written name, for `from:`
    scope.previous = names[0]


def _auto_name(kind: str, scope: _Scope) -> str:
    while True:
        scope.counts[kind] = scope.counts.get(kind, 0) + 1
        candidate = f"{kind}{scope.counts[kind]}"
        if candidate not in scope.declared:
            return candidate


def _claim_name(reader: _Reader, full_name: str, location: Location) -> None:
    first = reader.taken.get(full_name)
    if first is not None:
        where = f" (line {first.line})" if first.line else ""
        reader.report(
            DUPLICATE_NAME,
            f"layer name `{printable(full_name)}` is already used{where}",
            location,
            hint="layer names must be unique",
            layer=full_name,
        )
        raise _Skip
    reader.taken[full_name] = location
    parts = full_name.split(".")
    for position in range(1, len(parts)):
        if parts[position].isascii() and parts[position].isdigit():
            sequence = ".".join(parts[:position]) + "."
            number = int(parts[position]) + 1
            if number > reader.next_number.get(sequence, 0):
                reader.next_number[sequence] = number
    if full_name.isascii() and full_name.partition(".")[0].isdigit():
        number = int(full_name.partition(".")[0]) + 1  # a top-level sequence: `0`, `1`, …
        reader.next_number[""] = max(reader.next_number.get("", 0), number)


def _check_input_count(
    reader: _Reader,
    kind: LayerKind,
    inputs: tuple[str, ...],
    from_entry: RawEntry | None,
    location: Location,
    full_name: str,
) -> None:
    count = len(inputs)
    if kind.min_inputs <= count and (kind.max_inputs is None or count <= kind.max_inputs):
        return
    wanted = "exactly one input" if kind.max_inputs == 1 else f"at least {kind.min_inputs} inputs"
    reader.report(
        INPUT_COUNT,
        f"`{kind.name}` takes {wanted}, got {count}",
        from_entry.value.location if from_entry else location,
        hint="list the inputs with `from: [a, b]`" if kind.min_inputs > 1 else None,
        layer=full_name,
    )
    raise _Skip


def _read_fields(
    reader: _Reader,
    kind: LayerKind,
    entries: dict[str, RawEntry],
    location: Location,
    label: str,
) -> tuple[dict[str, Any], dict[str, Location], set[str]]:
    values: dict[str, Any] = {}
    locations: dict[str, Location] = {}
    written_as: dict[str, str] = {}
    failed = False
    for key, entry in entries.items():
        kind_field = reader.field_named(kind, key)
        if kind_field is None:
            candidates = [f.name for f in kind.fields] + [a for f in kind.fields for a in f.aliases]
            known = ", ".join(f.name for f in kind.fields) or "none"
            message, hint = unread_field(key, kind.name) or (
                f"unknown field `{printable(key)}` for `{kind.name}`",
                did_you_mean(key, [*candidates, *LAYER_KEYS]) or f"known fields: {known}",
            )
            reader.report(UNKNOWN_FIELD, message, entry.key.location, hint=hint, layer=label)
            failed = True
            continue
        if kind_field.name in written_as:
            reader.report(
                DUPLICATE_KEY,
                f"`{kind_field.name}` is given twice "
                f"(as `{printable(written_as[kind_field.name])}` and `{printable(key)}`)",
                entry.key.location,
                hint="keep one of them",
                layer=label,
            )
            failed = True
            continue
        written_as[kind_field.name] = key
        try:
            values[kind_field.name] = parse_value(kind_field, entry.value)
        except ValueProblem as problem:
            reader.report(WRONG_TYPE, str(problem), entry.value.location, layer=label)
            failed = True
            continue
        locations[kind_field.name] = entry.value.location
    for kind_field in kind.fields:
        if kind_field.name not in written_as and kind_field.required:
            reader.report(
                MISSING_FIELD,
                f"`{kind.name}` needs `{kind_field.name}` ({kind_field.help.rstrip('.')})",
                location,
                layer=label,
            )
            failed = True
    if failed:
        raise _Skip
    return values, locations, set(values)


def _use_block(
    reader: _Reader,
    block: _Block,
    entries: dict[str, RawEntry],
    name: str | None,
    from_entry: RawEntry | None,
    location: Location,
    scope: _Scope,
) -> None:
    """Expand a block use into its instances' layers."""
    if block.name in scope.blocks_open:
        chain = " → ".join(printable(opened) for opened in [*scope.blocks_open, block.name])
        reader.report(BAD_BLOCK, f"block `{printable(block.name)}` uses itself ({chain})", location)
        raise _Skip
    if len(scope.blocks_open) >= reader.limits.block_depth:
        reader.over_limit(
            "block_depth", f"blocks nested deeper than {reader.limits.block_depth} levels", location
        )
        raise _Skip
    repeat_entry = entries.pop("repeat", None)
    first_entry = entries.pop("first", None)
    names_entry = entries.pop("names", None)
    flat_entry = entries.pop("flat", None)
    flat = _read_flat(reader, flat_entry, names_entry)
    alias: str | None = None  # in a numbered scope, the written name (for `from:`)
    # `names:` on a use without a name: the instances are named by the template alone, in the
    # enclosing scope (ShuffleNetV2's stage2.1, stage2.2 after its stage2.0), with no container.
    bare = names_entry is not None and name is None and not flat and scope.numbered is None
    if scope.numbered is not None and not (flat and name is None):
        label = reader.number_in(scope.numbered)
        alias = scope.prefix + name if name is not None else None
    else:
        label = scope.prefix + (name or _auto_name(block.name, scope))
    # `--set layer2.repeat=2`, `--set layer3.width=192`: given for every instance, `first`'s too.
    changed = reader.use_overrides.get(label, {})
    for key, value in changed.items():
        entry = RawEntry(RawScalar(key, value.location), value)
        if key == "repeat":
            repeat_entry = entry
        else:
            entries[key] = entry
    repeat = 1
    if repeat_entry is not None:
        value = repeat_entry.value
        if not (
            isinstance(value, RawScalar)
            and isinstance(value.value, int)
            and not isinstance(value.value, bool)
            and value.value >= 1
        ):
            reader.report(
                BAD_BLOCK,
                f"`repeat` must be a whole number ≥ 1, got {describe(value)}",
                value.location,
            )
            raise _Skip
        repeat = value.value
        if repeat > reader.limits.repeat:
            reader.over_limit(
                "repeat",
                f"`repeat: {repeat}` is more than {reader.limits.repeat:,} repetitions",
                value.location,
            )
            raise _Skip
    template = _read_template(reader, names_entry, repeat) if names_entry is not None else None
    # A flat use numbers its layers into the sequence it names, or else into its scope's.
    sequence = (
        (label + "." if name is not None else scope.numbered or scope.prefix) if flat else None
    )
    args = _bind_args(reader, block, entries, label)
    first_args: dict[str, Raw] = {}
    if first_entry is not None:
        if not isinstance(first_entry.value, RawMap):
            reader.report(
                WRONG_TYPE,
                f"`first` maps arguments to values for the first repetition, "
                f"got {describe(first_entry.value)}",
                first_entry.value.location,
            )
            raise _Skip
        first_args = {
            key: entry.value
            for key, entry in reader.keyed(first_entry.value).items()
            if _known_arg(reader, block, key, entry, label) and key not in changed
        }
    for arg, argument in [*block.args.items(), *args.items(), *first_args.items()]:
        if argument is not None:
            _check_argument_size(reader, block, arg, argument, label)
    inputs = _read_from(reader, from_entry, scope, name)
    if len(inputs) != 1:
        reader.report(
            INPUT_COUNT,
            f"block `{printable(block.name)}` takes one input, got {len(inputs)}",
            location,
            layer=label,
        )
        raise _Skip
    if not flat and not bare:
        _claim_name(reader, label, location)
        reader.block_uses[label] = tuple(block.args)
    nested = repeat_entry is not None or template is not None
    current = inputs[0]
    for instance in range(repeat):
        if flat:
            instance_name = f"{label}[{instance}]"  # private: its layers take numbered names
        elif template is not None:
            head = scope.prefix if bare else label + "."
            instance_name = head + _instance_name(template, instance)
            _claim_name(reader, instance_name, location)
        else:
            instance_name = f"{label}.{instance}" if nested else label
        bound = {**args, **(first_args if instance == 0 else {})}
        missing = [
            arg for arg, default in block.args.items() if default is None and arg not in bound
        ]
        if missing:
            reader.report(
                MISSING_FIELD,
                f"block `{printable(block.name)}` needs "
                + ", ".join(f"`{printable(arg)}`" for arg in missing),
                location,
                layer=label,
            )
            raise _Skip
        groups = (*scope.blocks, label) if nested and not bare else scope.blocks
        inner = _Scope(
            prefix=instance_name + ".",
            input_name=current,
            args={**{k: v for k, v in block.args.items() if v is not None}, **bound},
            blocks=scope.blocks if flat else (*groups, instance_name),
            use_sites=(*scope.use_sites, location),
            blocks_open=(*scope.blocks_open, block.name),
            previous=current,
            numbered=sequence,
        )
        outer_sites = reader.use_sites
        reader.use_sites = inner.use_sites
        problems_before = len(reader.problems)
        try:
            _read_layers(reader, block.layers, inner)
        finally:
            reader.use_sites = outer_sites
        if reader.overflowed or len(reader.problems) > problems_before:
            # The next repetitions would repeat the same problems: one report says it.
            raise _Skip
        # With every layer switched off by `if`, an instance passes its input through.
        output = inner.previous
        if block.output is not None:
            wanted = _text(block.output) or ""
            resolved = _resolve(reader, inner, wanted, block.output.location, None)
            if resolved is None:
                raise _Skip
            output = resolved
        current = output
        if flat:
            continue  # no instance of its own: its layers are the sequence's
        reader.outputs[instance_name] = output
        reader.block_outputs[instance_name] = output
        reader.block_names[instance_name] = block.name
    if alias is not None:
        reader.outputs[alias] = current
    if not flat and not bare:
        reader.outputs[label] = current
        reader.block_outputs[label] = current
    if nested and not flat and not bare:
        reader.block_names[label] = f"{block.name}×{repeat}"
    scope.previous = current


def _read_flat(reader: _Reader, flat_entry: RawEntry | None, names_entry: RawEntry | None) -> bool:
    if flat_entry is None:
        return False
    value = flat_entry.value
    if not (isinstance(value, RawScalar) and isinstance(value.value, bool)):
        reader.report(
            WRONG_TYPE, f"`flat` must be true or false, got {describe(value)}", value.location
        )
        raise _Skip
    if value.value and names_entry is not None:
        reader.report(
            BAD_BLOCK,
            "`names` and `flat: true` cannot go together: a flat use numbers its layers into "
            "a sequence and has no instances to name",
            names_entry.key.location,
            hint="drop one of them",
        )
        raise _Skip
    return value.value


def _read_template(reader: _Reader, entry: RawEntry, repeat: int) -> str:
    """A `names:` template, checked: text whose only placeholders are `{i}` and `{n}`, with one
    of them when the block repeats (every instance would have the same name otherwise)."""
    raw = entry.value
    text = _name_text(raw)
    if text is None:
        reader.report(
            WRONG_TYPE,
            f"`names` is a name template like `denselayer{{n}}`, got {describe(raw)}",
            raw.location,
        )
        raise _Skip
    used = NAME_PLACEHOLDER.findall(text)
    bad = [found for found in used if found not in NAME_COUNTERS]
    left = NAME_PLACEHOLDER.sub("", text)
    if bad or "{" in left or "}" in left:
        shown = f"`{{{printable(bad[0])}}}`" if bad else "an unmatched brace"
        reader.report(
            BAD_BLOCK,
            f"`names: {printable(text)}` has {shown}",
            raw.location,
            hint="`{i}` counts the repetitions from 0, `{n}` from 1 (`denselayer{n}`)",
        )
        raise _Skip
    if not used and repeat > 1:
        reader.report(
            BAD_BLOCK,
            f"`names: {printable(text)}` gives all {repeat} repetitions the same name",
            raw.location,
            hint="put `{i}` (from 0) or `{n}` (from 1) in it: `" + printable(text) + "{n}`",
        )
        raise _Skip
    return text


def _instance_name(template: str, instance: int) -> str:
    return NAME_PLACEHOLDER.sub(
        lambda found: str(instance + NAME_COUNTERS[found.group(1)]), template
    )


def _node_count(raw: Raw, most: int) -> int:
    """How many YAML nodes a value holds, counting no further than one past `most`."""
    count = 0
    pending: list[Raw] = [raw]
    while pending and count <= most:
        node = pending.pop()
        count += 1
        if isinstance(node, RawSeq):
            pending.extend(node.items)
        elif isinstance(node, RawMap):
            pending.extend(entry.value for entry in node.entries)
    return count


def _check_argument_size(reader: _Reader, block: _Block, arg: str, value: Raw, label: str) -> None:
    """A block argument is copied into every instance's layers: a huge one is refused first."""
    most = reader.limits.block_argument_nodes
    if _node_count(value, most) > most:
        reader.over_limit(
            "block_argument_nodes",
            f"argument `{printable(arg)}` of block `{printable(block.name)}` holds more than "
            f"{most:,} values",
            value.location,
            layer=label,
        )
        raise _Skip


def _known_arg(reader: _Reader, block: _Block, key: str, entry: RawEntry, label: str) -> bool:
    if key in block.args:
        return True
    reader.report(
        UNKNOWN_FIELD,
        f"block `{printable(block.name)}` has no argument `{printable(key)}`",
        entry.key.location,
        hint=did_you_mean(key, [*block.args, *LAYER_KEYS, *BLOCK_USE_KEYS])
        or "arguments: " + (", ".join(block.args) or "none"),
        layer=label,
    )
    return False


def _bind_args(
    reader: _Reader, block: _Block, entries: dict[str, RawEntry], label: str
) -> dict[str, Raw]:
    bound: dict[str, Raw] = {}
    failed = False
    for key, entry in entries.items():
        if _known_arg(reader, block, key, entry, label):
            bound[key] = entry.value
        else:
            failed = True
    if failed:
        raise _Skip
    return bound


__all__ = ["BLOCK_KEYS", "BLOCK_USE_KEYS", "LAYER_KEYS", "TOP_LEVEL_KEYS", "build_network"]
