"""Walk a network's layers: shapes, parameters, receptive fields and every rule's findings."""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from fractions import Fraction
from functools import cache, lru_cache

from convcalc.core import limits
from convcalc.core.diagnostics import Diagnostic, Finding, Severity
from convcalc.core.profiles import PROFILES, FrameworkProfile
from convcalc.core.records import frozen, mutable, replace
from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec, Location, NetworkSpec
from convcalc.engine.memory import layer_memory
from convcalc.engine.results import (
    QUANTITIES,
    BlockResult,
    LayerResult,
    MemoryTotals,
    NetworkReport,
    ReceptiveFieldAbsence,
    Totals,
    quantities_of,
)
from convcalc.geometry import receptive_field
from convcalc.geometry.receptive_field import ReceptiveField
from convcalc.kinds import KINDS
from convcalc.kinds.base import LayerCalculation, LayerKind
from convcalc.rules.base import LayerContext, NetworkContext
from convcalc.rules.checks import NETWORK_CHECKS, checks_concerning
from convcalc.rules.table import VALUE_OUT_OF_RANGE, Rule

INPUT = "input"


_Checks = tuple[tuple[Rule, Callable[[LayerContext], Iterator[Finding]]], ...]


@cache
def _kind_checks(kind_name: str) -> tuple[_Checks, _Checks]:
    """The `spec` and the `layer` checks of the kind's layers, in the table's order: those whose
    `concerns` holds for the kind (as the rules' index records it), chosen once per kind (most
    rules concern a few kinds)."""
    concerned = checks_concerning(kind_name)
    spec, layer = (
        tuple((found.rule, found.check) for found in concerned if found.rule.stage == stage)
        for stage in ("spec", "layer")
    )
    return spec, layer


def _run_layer_checks(checks: _Checks, ctx: LayerContext) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for rule, check in checks:
        for finding in check(ctx):
            spec = ctx.spec
            location = spec.field_location(finding.field) if finding.field else spec.location
            found.append(
                rule.diagnostic(
                    finding.message,
                    location,
                    hint=finding.hint,
                    layer=spec.name,
                    use_sites=spec.use_sites,
                    strict=ctx.settings.strict,
                )
            )
    return found


def _network_diagnostics(network: NetworkSpec, settings: CalculationSettings) -> list[Diagnostic]:
    ctx = NetworkContext(network, settings)
    location = network.input_location or Location(network.source)
    return [
        found.rule.diagnostic(finding.message, location, hint=finding.hint, strict=settings.strict)
        for found in NETWORK_CHECKS
        for finding in found.check(ctx)
    ]


@frozen
class _Produced:
    """What a layer (or the input) hands on: its shape, receptive field (or why a spatial output
    has none), and the same for the last spatial layer on its path (for flat outputs)."""

    shape: Shape | None
    field: ReceptiveField | ReceptiveFieldAbsence | None  # None: flat or unknown
    last_field: ReceptiveField | ReceptiveFieldAbsence | None


_UNKNOWN = _Produced(None, None, None)


def _next_field(
    name: str,
    kind: LayerKind,
    joined: ReceptiveField | ReceptiveFieldAbsence | None,
    calculation: LayerCalculation,
    input_sizes: tuple[int, ...],
) -> ReceptiveField | ReceptiveFieldAbsence | None:
    output = calculation.output
    if joined is None or output is None or output.is_flat:
        return None
    if isinstance(joined, ReceptiveFieldAbsence):
        return joined
    field = kind.receptive_field(joined, calculation)
    if isinstance(field, str):
        return ReceptiveFieldAbsence(field, name)
    if field.is_global or len(input_sizes) != output.rank:
        return field
    if receptive_field.covers_input(field, output.spatial, input_sizes):
        # Every unit sees the whole input: global; a single unit has no grid to align.
        if all(units == 1 for units in output.spatial):
            return receptive_field.pooled_globally(field)
        return replace(field, is_global=True)
    return field


def _joined_field(
    name: str, inputs: list[_Produced], output: Shape | None
) -> ReceptiveField | ReceptiveFieldAbsence | None:
    present: list[ReceptiveField] = []
    for item in inputs:
        if isinstance(item.field, ReceptiveFieldAbsence):
            return item.field
        if item.field is not None:
            present.append(item.field)
        elif len(inputs) == 1 or output is None or output.is_flat:
            return None
        # A flat branch broadcast onto a map (a gate written with a flattening pool and dense
        # layers) depends on the whole input and has no grid.
    if not present:
        return None
    if len({len(field.size) for field in present}) != 1:
        return ReceptiveFieldAbsence(
            "its inputs have different numbers of spatial dimensions", name
        )
    if len(present) < len(inputs):
        present.append(receptive_field.pooled_globally(present[0]))
    if len(present) == 1:
        return present[0]
    joined = receptive_field.union(present)
    return ReceptiveFieldAbsence(joined, name) if isinstance(joined, str) else joined


_NOT_CALCULATED = LayerCalculation(None, weights=None, biases=None, buffers=None, macs=None)


def _calculate_layer(
    spec: LayerSpec,
    inputs: list[_Produced],
    network: NetworkSpec,
    settings: CalculationSettings,
    input_specs: tuple[LayerSpec | None, ...],
    digits: int,
) -> tuple[LayerResult, list[Diagnostic], _Produced]:
    """One layer's result, diagnostics and what it hands on. Each record is built once, from
    its final values: this runs for every layer of every spec."""
    kind = KINDS[spec.kind]
    shapes = tuple(item.shape for item in inputs)
    if None in shapes:
        result = LayerResult(
            spec, None, None, None, None, None, None, None, (), None, False, shapes
        )
        return result, [], _UNKNOWN
    known: tuple[Shape, ...] = shapes  # type: ignore[assignment]  # no None, tested above
    input_shape = known[0]
    input_fields = tuple(_present(item.field) for item in inputs)
    spec_checks, layer_checks = _kind_checks(spec.kind)
    # One context per layer, completed with the calculation between the two stages.
    ctx = LayerContext(
        spec,
        kind,
        input_shape,
        None,
        settings,
        network.layout,
        known,
        spec.inputs,
        input_fields,
        input_specs,
    )
    found = _run_layer_checks(spec_checks, ctx)
    if found and any(d.severity is Severity.ERROR for d in found):
        calculation = _NOT_CALCULATED
    else:
        calculation = kind.calculate_inputs(spec, known, settings)
        if layer_checks:
            ctx.calculation = calculation
            found.extend(_run_layer_checks(layer_checks, ctx))
    output = calculation.output
    input_sizes = network.input_shape.spatial if network.input_shape else ()
    read = inputs if kind.values_read_from is None else inputs[: kind.values_read_from]
    field = _next_field(
        spec.name, kind, _joined_field(spec.name, read, output), calculation, input_sizes
    )
    too_large = _too_large(calculation, _present(field), spec, digits)
    if too_large is not None:
        found.append(too_large)
        calculation = _NOT_CALCULATED
        output = None
        field = None
    last_field = field
    if output is not None and output.is_flat:
        last = [item.last_field for item in inputs if item.last_field is not None]
        last_field = last[0] if len(last) == 1 else None
    weights, biases = calculation.weights, calculation.biases
    params = None if weights is None or biases is None else weights + biases
    macs = calculation.macs
    result = LayerResult(
        spec,
        input_shape,
        output,
        weights,
        biases,
        calculation.buffers,
        None if macs is None else macs * settings.batch,
        _present(field),
        calculation.windows,
        max((d.severity for d in found), default=None) if found else None,
        True,
        shapes,
        _absence(field),
        None,
        layer_memory(spec, input_shape, output, params, settings),
    )
    return result, found, _Produced(output, field, last_field)


def _present(field: ReceptiveField | ReceptiveFieldAbsence | None) -> ReceptiveField | None:
    return field if isinstance(field, ReceptiveField) else None


def _absence(field: ReceptiveField | ReceptiveFieldAbsence | None) -> ReceptiveFieldAbsence | None:
    return field if isinstance(field, ReceptiveFieldAbsence) else None


@lru_cache(maxsize=4)
def _smallest_refused(digits: int) -> int:
    refused: int = 10**digits
    return refused


def _figures(
    calculation: LayerCalculation, field: ReceptiveField | None
) -> list[int | Fraction | None]:
    """Every figure the layer computed (None: one it did not)."""
    output = calculation.output
    figures: list[int | Fraction | None] = [
        calculation.weights,
        calculation.biases,
        calculation.buffers,
        calculation.macs,
    ]
    if output is not None:
        figures.extend(output.spatial)
        figures.append(output.channels)
    if field is not None:
        figures.extend(field.size)
        figures.extend(field.jump)
        figures.extend(field.padding)
    return figures


def _within(figure: int | Fraction | None, refused: int) -> bool:
    if figure is None:
        return True
    if isinstance(figure, Fraction):
        return abs(figure.numerator) < refused and figure.denominator < refused
    return -refused < figure < refused


def _whole(*values: tuple[int | Fraction, ...]) -> bool:
    return all(map(isinstance, itertools.chain(*values), itertools.repeat(int)))


def _too_large(
    calculation: LayerCalculation, field: ReceptiveField | None, spec: LayerSpec, digits: int
) -> Diagnostic | None:
    """A diagnostic when the layer computes a figure past the `computed_digits` limit: each
    layer may multiply sizes (upsampling, transposed strides), so without a bound a few thousand
    layers would compute numbers of millions of digits."""
    refused = _smallest_refused(digits)
    figures = _figures(calculation, field)
    # The usual case at C speed: every magnitude (a fraction's too) below the bound, and no
    # fraction, whose denominator would be left to look at.
    present: Iterator[int] = filter(None, figures)  # type: ignore[arg-type]  # a Fraction compares as an int
    largest = max(map(abs, present), default=0)
    if largest < refused and (field is None or _whole(field.size, field.jump, field.padding)):
        return None
    if all(_within(figure, refused) for figure in figures):
        return None
    return VALUE_OUT_OF_RANGE.diagnostic(
        f"this layer computes a number with more than {digits:,} digits; "
        "later layers are not computed" + limits.named("computed_digits"),
        spec.location,
        hint=limits.how_to_raise("computed_digits"),
        layer=spec.name,
        use_sites=spec.use_sites,
    )


# Each block instance in the order it first appears, its nesting level and the positions of its
# layers: fixed by the specs, so a sweep point that changes no layer's blocks keeps it.
_BlockLayout = tuple[tuple[str, int, tuple[int, ...]], ...]


def _block_layout(layers: Sequence[LayerResult]) -> _BlockLayout:
    members: dict[str, list[int]] = {}
    levels: dict[str, int] = {}
    for position, layer in enumerate(layers):
        for level, block in enumerate(layer.spec.blocks):
            members.setdefault(block, []).append(position)
            levels[block] = level
    return tuple((block, levels[block], tuple(inside)) for block, inside in members.items())


def _block(
    network: NetworkSpec,
    block: str,
    level: int,
    inside: Sequence[LayerResult],
    produced: dict[str, _Produced],
) -> BlockResult:
    output = produced.get(network.block_outputs.get(block, inside[-1].spec.name))
    # Every figure summed in one pass over the layers (QUANTITIES' order); a quantity some layer
    # did not compute is partial.
    sums = [0] * len(QUANTITIES)
    missing = [False] * len(QUANTITIES)
    uncomputed = 0
    for layer in inside:
        figures = quantities_of(layer)
        if None in figures:
            uncomputed += 1
            for position, value in enumerate(figures):
                if value is None:
                    missing[position] = True
                else:
                    sums[position] += value
        else:
            sums = list(map(operator.add, sums, figures))
    weights, biases, params, buffers, macs = sums
    return BlockResult(
        name=block,
        block=network.block_names.get(block, ""),
        level=level,
        layer_indices=tuple(layer.spec.index for layer in inside),
        weights=weights,
        biases=biases,
        params=params,
        buffers=buffers,
        macs=macs,
        output_shape=output.shape if output else None,
        receptive_field=_present(output.field if output else None),
        receptive_field_absence=_absence(output.field if output else None),
        status=max((m.status for m in inside if m.status is not None), default=None),
        calculated=all(layer.calculated for layer in inside),
        partial=frozenset(
            quantity for quantity, absent in zip(QUANTITIES, missing, strict=True) if absent
        ),
        uncomputed=uncomputed,
    )


def _blocks(
    network: NetworkSpec,
    layers: Sequence[LayerResult],
    produced: dict[str, _Produced],
    layout: _BlockLayout,
    reusable: Sequence[BlockResult] = (),
    changed: frozenset[str] = frozenset(),
) -> tuple[BlockResult, ...]:
    """Each block's sums. `reusable` (with the same layout) gives the blocks left as they were:
    those holding none of the `changed` blocks' names."""
    results = []
    for number, (block, level, positions) in enumerate(layout):
        if reusable and block not in changed:
            results.append(reusable[number])
            continue
        inside = [layers[position] for position in positions]
        results.append(_block(network, block, level, inside, produced))
    return tuple(results)


@mutable(slots=True)
class _Tally:
    """The network's totals as running sums, so that a recalculation adds and takes away the
    layers that changed instead of summing every layer again. Mutable: copied, then updated."""

    sums: dict[str, int]  # per quantity, over the layers that computed it
    missing: dict[str, int]  # per quantity, the layers that did not
    uncomputed: int
    framework_params: int
    parameter_bytes: int
    pass_bytes: int
    known_memory: int
    # The first layer with the largest activation and im2col workspace: (bytes, position).
    peak: tuple[int, int] | None
    largest_im2col: tuple[int, int] | None
    stale_peaks: bool = False  # a layer holding a peak was taken away: found again by a scan

    @classmethod
    def of(cls, layers: Sequence[LayerResult]) -> _Tally:
        tally = cls(
            dict.fromkeys(QUANTITIES, 0), dict.fromkeys(QUANTITIES, 0), 0, 0, 0, 0, 0, None, None
        )
        for position, layer in enumerate(layers):
            tally.add(layer, position)
        return tally

    def copy(self) -> _Tally:
        return replace(self, sums=dict(self.sums), missing=dict(self.missing))

    def add(self, layer: LayerResult, position: int, sign: int = 1) -> None:
        figures = quantities_of(layer)
        if None in figures:
            self.uncomputed += sign
        for quantity, value in zip(QUANTITIES, figures, strict=True):
            if value is None:
                self.missing[quantity] += sign
            else:
                self.sums[quantity] += sign * value
        self.framework_params += sign * (layer.framework_params or 0)
        memory = layer.memory
        if memory is None:
            return
        self.known_memory += sign
        self.parameter_bytes += sign * memory.parameter_bytes
        if layer.params:
            self.pass_bytes += sign * 2 * memory.activation_bytes
        if sign < 0:
            held = (self.peak, self.largest_im2col)
            if any(peak is not None and peak[1] == position for peak in held):
                self.stale_peaks = True
            return
        self.peak = _higher(self.peak, memory.activation_bytes, position)
        if memory.im2col is not None:
            self.largest_im2col = _higher(self.largest_im2col, memory.im2col.bytes, position)

    def remove(self, layer: LayerResult, position: int) -> None:
        self.add(layer, position, -1)

    def rescan_peaks(self, layers: Sequence[LayerResult]) -> None:
        self.peak = self.largest_im2col = None
        self.stale_peaks = False
        for position, layer in enumerate(layers):
            memory = layer.memory
            if memory is not None:
                self.peak = _higher(self.peak, memory.activation_bytes, position)
                if memory.im2col is not None:
                    self.largest_im2col = _higher(
                        self.largest_im2col, memory.im2col.bytes, position
                    )

    def memory_totals(
        self, layers: Sequence[LayerResult], settings: CalculationSettings
    ) -> MemoryTotals:
        if self.stale_peaks:
            self.rescan_peaks(layers)
        peak, largest = self.peak, self.largest_im2col
        return MemoryTotals(
            dtype=settings.dtype,
            element_bytes=settings.element_bytes,
            batch=settings.batch,
            parameter_bytes=self.parameter_bytes,
            peak_activation_bytes=peak[0] if peak else 0,
            peak_activation_layer=layers[peak[1]].spec.name if peak else None,
            pass_bytes=self.pass_bytes,
            largest_im2col_bytes=largest[0] if largest else 0,
            largest_im2col_layer=layers[largest[1]].spec.name if largest else None,
            complete=self.known_memory == len(layers),
        )


def _higher(held: tuple[int, int] | None, value: int, position: int) -> tuple[int, int]:
    """The larger of two (bytes, position); of equal ones the earlier layer, as `max` keeps."""
    if held is None or value > held[0] or (value == held[0] and position < held[1]):
        return (value, position)
    return held


def _counted_by(profile: FrameworkProfile, layer: LayerResult) -> LayerResult:
    """The layer with its parameters as its framework counts them, when convcalc's are known."""
    if layer.params is None or layer.buffers is None:
        return layer
    counted = profile.parameters(layer.spec.kind, layer.params, layer.buffers)
    return replace(layer, framework_params=counted)


@frozen(slots=True)
class NetworkCalculation:
    """A network's report, with what a later calculation of a changed copy of the network needs
    to reuse every layer the change does not reach: a layer's result depends only on its spec,
    what its inputs hand on, the specs that produce them, the network's input and the settings
    (the rules see nothing else), so where all of those are the same the result is too."""

    network: NetworkSpec
    settings: CalculationSettings  # as applied: the network's layout and framework
    computed_digits: int  # the limit `_too_large` applied
    report: NetworkReport
    network_diagnostics: tuple[Diagnostic, ...]
    # Per layer, in order: its inputs and their producers' specs as the layer read them, what it
    # handed on, and its own diagnostics.
    inputs: tuple[tuple[_Produced, ...], ...]
    input_specs: tuple[tuple[LayerSpec | None, ...], ...]
    produced: tuple[_Produced, ...]
    found: tuple[tuple[Diagnostic, ...], ...]
    names: tuple[str, ...]  # the layers'
    tally: _Tally  # the totals as running sums; copied before a recalculation updates them
    block_layout: _BlockLayout


def _same_input(before: NetworkSpec, now: NetworkSpec) -> bool:
    """Whether the network-stage rules and the input every layer starts from are unchanged."""
    return (
        before.input_shape == now.input_shape
        and before.input_written == now.input_written
        and before.input_location == now.input_location
        and before.layout == now.layout
    )


def _unchanged_prefix(before: tuple[LayerSpec, ...], now: tuple[LayerSpec, ...]) -> int:
    """How many leading layers have the same spec: until then every input is the same too."""
    # The same objects, found at C speed (a sweep changes a layer or two and keeps the others);
    # then equal ones (a spec read again from its document).
    different = list(map(operator.is_not, before, now))
    index = different.index(True) if True in different else len(different)
    while index < len(different) and before[index] == now[index]:
        index += 1
    return index


def _same(old: tuple[object, ...], new: Sequence[object]) -> bool:
    return len(old) == len(new) and all(a is b or a == b for a, b in zip(old, new, strict=True))


def calculate_network(network: NetworkSpec, settings: CalculationSettings) -> NetworkReport:
    """Calculate every layer; after an error, go on wherever the shapes are still known. An
    imported network is calculated with its framework's rules (its profile) and counted its way
    too."""
    return recalculate_network(network, settings).report


def recalculate_network(
    network: NetworkSpec,
    settings: CalculationSettings,
    previous: NetworkCalculation | None = None,
) -> NetworkCalculation:
    """As `calculate_network`, reusing from `previous` (the calculation of another version of
    the network: a sweep's last point) every layer whose spec, inputs and inputs' specs are the
    same, and the network-stage diagnostics when the input is: only what a change reaches is
    calculated again. The report equals a calculation from scratch."""
    settings = replace(settings, layout=network.layout)
    profile = PROFILES.get(network.framework or "")
    if profile is not None:
        settings = replace(settings, framework=profile.name)
    computed_digits = limits.current().computed_digits
    if previous is not None and not (
        previous.settings == settings
        and previous.computed_digits == computed_digits
        and _same_input(previous.network, network)
    ):
        previous = None
    if previous is None:
        network_diagnostics = tuple(_network_diagnostics(network, settings))
        reused = 0
    else:
        network_diagnostics = previous.network_diagnostics
        reused = _unchanged_prefix(previous.network.layers, network.layers)
    # Only an error in the input stops the calculation; a warning (a channels-first look) does not.
    input_refused = any(d.severity is Severity.ERROR for d in network_diagnostics)
    shape: Shape | None = None if input_refused else network.input_shape
    field: ReceptiveField | None = None
    if shape is not None and not shape.is_flat:
        field = receptive_field.at_input(shape.rank)
    produced: dict[str, _Produced] = {INPUT: _Produced(shape, field, field)}
    layers: list[LayerResult] = []
    read: list[tuple[_Produced, ...]] = []
    read_specs: list[tuple[LayerSpec | None, ...]] = []
    handed: list[_Produced] = []
    found_per_layer: list[tuple[Diagnostic, ...]] = []
    if previous is not None and reused:
        # The leading layers read what they read before: taken whole.
        layers.extend(previous.report.layers[:reused])
        read.extend(previous.inputs[:reused])
        read_specs.extend(previous.input_specs[:reused])
        handed.extend(previous.produced[:reused])
        found_per_layer.extend(previous.found[:reused])
    specs = network.layers
    # The layers' names: the leading ones are the same as before.
    names_before = previous.names[:reused] if previous is not None else ()
    layer_names = (*names_before, *(spec.name for spec in specs[reused:]))
    produced.update(zip(names_before, handed, strict=True))
    producers = dict(zip(layer_names, specs, strict=True))
    previous_name = specs[reused - 1].name if reused else INPUT
    recalculated: list[int] = []  # the positions not taken from `previous`
    for index in range(reused, len(specs)):
        spec = specs[index]
        inputs = [produced.get(name, _UNKNOWN) for name in spec.inputs or (previous_name,)]
        input_specs = tuple([producers.get(name) for name in spec.inputs])
        old = previous.network.layers if previous is not None else ()
        if (
            previous is not None
            and index < len(old)
            and (old[index] is spec or old[index] == spec)
            and _same(previous.inputs[index], inputs)
            and _same(previous.input_specs[index], input_specs)
        ):
            result = previous.report.layers[index]
            found = previous.found[index]
            output = previous.produced[index]
        else:
            recalculated.append(index)
            result, found_list, output = _calculate_layer(
                spec, inputs, network, settings, input_specs, computed_digits
            )
            if profile is not None:
                result = _counted_by(profile, result)
            found = tuple(found_list)
        produced[spec.name] = output
        layers.append(result)
        read.append(tuple(inputs))
        read_specs.append(input_specs)
        handed.append(output)
        found_per_layer.append(found)
        previous_name = spec.name
    diagnostics = (*network_diagnostics, *itertools.chain.from_iterable(found_per_layer))
    changed = _changed_layers(previous, layers, recalculated)
    if previous is None or changed is None:
        tally = _Tally.of(layers)
        layout = _block_layout(layers)
        blocks = _blocks(network, layers, produced, layout)
    else:
        tally = previous.tally.copy()
        old_layers = previous.report.layers
        for position in changed:
            tally.remove(old_layers[position], position)
            tally.add(layers[position], position)
        # The blocks a changed layer is in, or is the output of.
        changed_names = {
            layer.spec.name
            for position in changed
            for layer in (old_layers[position], layers[position])
        }
        changed_blocks = frozenset(
            block for position in changed for block in layers[position].spec.blocks
        ) | {block for block, output in network.block_outputs.items() if output in changed_names}
        before = previous.network
        if (
            before.block_outputs == network.block_outputs
            and before.block_names == network.block_names
            and all(
                old_layers[position].spec.blocks == layers[position].spec.blocks
                for position in changed
            )
        ):
            layout = previous.block_layout
            reusable = previous.report.blocks
        else:
            layout, reusable = _block_layout(layers), ()
        blocks = _blocks(network, layers, produced, layout, reusable, changed_blocks)
    outputs = network.outputs or ((layers[-1].spec.name,) if layers else (INPUT,))
    final = [(name, produced.get(name, _UNKNOWN)) for name in outputs]
    first = final[0][1]
    totals = Totals(
        weights=tally.sums["weights"],
        biases=tally.sums["biases"],
        params=tally.sums["params"],
        buffers=tally.sums["buffers"],
        macs=tally.sums["macs"],
        output_shape=first.shape,
        receptive_field=_present(first.last_field) if first.shape is not None else None,
        outputs=tuple((name, item.shape) for name, item in final),
        partial=frozenset(quantity for quantity in QUANTITIES if tally.missing[quantity]),
        uncomputed=tally.uncomputed,
        receptive_field_absence=_absence(first.last_field) if first.shape is not None else None,
        framework_params=tally.framework_params if profile is not None else None,
        memory=tally.memory_totals(layers, settings),
    )
    report = NetworkReport(
        network.source, network, tuple(layers), diagnostics, totals, blocks=blocks
    )
    return NetworkCalculation(
        network,
        settings,
        computed_digits,
        report,
        network_diagnostics,
        tuple(read),
        tuple(read_specs),
        tuple(handed),
        tuple(found_per_layer),
        layer_names,
        tally,
        layout,
    )


def _changed_layers(
    previous: NetworkCalculation | None, layers: Sequence[LayerResult], recalculated: list[int]
) -> list[int] | None:
    """The positions recalculated; None when the network has a different number of layers than
    `previous` or most of them changed (then everything is summed again)."""
    if previous is None or len(previous.report.layers) != len(layers):
        return None
    return None if 2 * len(recalculated) > len(layers) else recalculated


def failed_report(source: str, diagnostics: Iterable[Diagnostic]) -> NetworkReport:
    """A report for a spec that did not load."""
    return NetworkReport(source, None, (), tuple(diagnostics), None)
