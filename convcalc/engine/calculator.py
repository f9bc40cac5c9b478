"""Walk a network's layers: shapes, parameters, receptive fields and every rule's findings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache

from convcalc.core import limits
from convcalc.core.diagnostics import Diagnostic, Severity
from convcalc.core.profiles import PROFILES, FrameworkProfile
from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec, Location, NetworkSpec
from convcalc.engine.memory import layer_memory, memory_totals
from convcalc.engine.results import (
    QUANTITIES,
    BlockResult,
    LayerResult,
    NetworkReport,
    ReceptiveFieldAbsence,
    Totals,
)
from convcalc.geometry import receptive_field
from convcalc.geometry.receptive_field import ReceptiveField
from convcalc.kinds import KINDS
from convcalc.kinds.base import LayerCalculation, LayerKind
from convcalc.rules.base import LayerContext, NetworkContext
from convcalc.rules.checks import LAYER_CHECKS, NETWORK_CHECKS
from convcalc.rules.table import VALUE_OUT_OF_RANGE, Stage

INPUT = "input"


# The layer checks of each stage, in the table's order: sorted once, not filtered per layer.
_STAGE_CHECKS = {
    stage: tuple(found for found in LAYER_CHECKS if found.rule.stage == stage)
    for stage in ("spec", "layer")
}


def _run_layer_checks(stage: Stage, ctx: LayerContext) -> list[Diagnostic]:
    spec, strict = ctx.spec, ctx.settings.strict
    return [
        found.rule.diagnostic(
            finding.message,
            spec.field_location(finding.field) if finding.field else spec.location,
            hint=finding.hint,
            layer=spec.name,
            use_sites=spec.use_sites,
            strict=strict,
        )
        for found in _STAGE_CHECKS[stage]
        for finding in found.check(ctx)
    ]


def _network_diagnostics(network: NetworkSpec, settings: CalculationSettings) -> list[Diagnostic]:
    ctx = NetworkContext(network, settings)
    location = network.input_location or Location(network.source)
    return [
        found.rule.diagnostic(finding.message, location, hint=finding.hint, strict=settings.strict)
        for found in NETWORK_CHECKS
        for finding in found.check(ctx)
    ]


@dataclass(frozen=True)
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


def _calculate_layer(
    spec: LayerSpec,
    inputs: list[_Produced],
    network: NetworkSpec,
    settings: CalculationSettings,
    producers: dict[str, LayerSpec],
) -> tuple[LayerResult, list[Diagnostic], _Produced]:
    kind = KINDS[spec.kind]
    shapes = tuple(item.shape for item in inputs)
    known = tuple(shape for shape in shapes if shape is not None)
    if len(known) != len(shapes):
        result = LayerResult(
            spec, None, None, None, None, None, None, None, (), None, False, input_shapes=shapes
        )
        return result, [], _UNKNOWN
    input_receptive_fields = tuple(_present(item.field) for item in inputs)
    ctx = LayerContext(
        spec,
        kind,
        known[0],
        None,
        settings,
        network.layout,
        known,
        spec.inputs,
        input_receptive_fields,
        input_specs=tuple(producers.get(name) for name in spec.inputs),
    )
    found = _run_layer_checks("spec", ctx)
    if any(d.severity == Severity.ERROR for d in found):
        calculation = LayerCalculation(None, weights=None, biases=None, buffers=None, macs=None)
    else:
        calculation = kind.calculate_inputs(spec, known, settings)
        ctx = replace(ctx, calculation=calculation)
        found.extend(_run_layer_checks("layer", ctx))
    input_sizes = network.input_shape.spatial if network.input_shape else ()
    read = inputs if kind.values_read_from is None else inputs[: kind.values_read_from]
    joined = _joined_field(spec.name, read, calculation.output)
    field = _next_field(spec.name, kind, joined, calculation, input_sizes)
    too_large = _too_large(calculation, _present(field), spec, settings)
    if too_large is not None:
        found.append(too_large)
        calculation = LayerCalculation(None, weights=None, biases=None, buffers=None, macs=None)
        field = None
    last_field = field
    if calculation.output is not None and calculation.output.is_flat:
        last = [item.last_field for item in inputs if item.last_field is not None]
        last_field = last[0] if len(last) == 1 else None
    result = LayerResult(
        spec=spec,
        input_shape=known[0],
        output_shape=calculation.output,
        weights=calculation.weights,
        biases=calculation.biases,
        buffers=calculation.buffers,
        macs=None if calculation.macs is None else calculation.macs * settings.batch,
        receptive_field=_present(field),
        windows=calculation.windows,
        status=max((d.severity for d in found), default=None),
        calculated=True,
        input_shapes=shapes,
        receptive_field_absence=_absence(field),
    )
    result = replace(result, memory=layer_memory(result, settings))
    return result, found, _Produced(calculation.output, field, last_field)


def _sum(layers: Sequence[LayerResult], quantity: str) -> int:
    """The figure summed over the layers where it was computed."""
    return sum(getattr(layer, quantity) or 0 for layer in layers)


def _partial(layers: Sequence[LayerResult]) -> frozenset[str]:
    """The QUANTITIES some layer could not compute: their sums are partial."""
    return frozenset(
        quantity
        for quantity in QUANTITIES
        if any(getattr(layer, quantity) is None for layer in layers)
    )


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


def _too_large(
    calculation: LayerCalculation,
    field: ReceptiveField | None,
    spec: LayerSpec,
    settings: CalculationSettings,
) -> Diagnostic | None:
    """A diagnostic when the layer computes a figure past the `computed_digits` limit: each
    layer may multiply sizes (upsampling, transposed strides), so without a bound a few thousand
    layers would compute numbers of millions of digits."""
    digits = limits.current().computed_digits
    refused = _smallest_refused(digits)
    for figure in _figures(calculation, field):
        if figure is None:
            continue
        if isinstance(figure, Fraction):
            within = abs(figure.numerator) < refused and figure.denominator < refused
        else:
            within = -refused < figure < refused
        if not within:
            return VALUE_OUT_OF_RANGE.diagnostic(
                f"this layer computes a number with more than {digits:,} digits; "
                "later layers are not computed" + limits.named("computed_digits"),
                spec.location,
                hint=limits.how_to_raise("computed_digits"),
                layer=spec.name,
                use_sites=spec.use_sites,
            )
    return None


def _blocks(
    network: NetworkSpec, layers: list[LayerResult], produced: dict[str, _Produced]
) -> tuple[BlockResult, ...]:
    members: dict[str, list[LayerResult]] = {}
    levels: dict[str, int] = {}
    for layer in layers:
        for level, block in enumerate(layer.spec.blocks):
            members.setdefault(block, []).append(layer)
            levels[block] = level
    results = []
    for block, inside in members.items():
        output = produced.get(network.block_outputs.get(block, inside[-1].spec.name))
        results.append(
            BlockResult(
                name=block,
                block=network.block_names.get(block, ""),
                level=levels[block],
                layer_indices=tuple(layer.spec.index for layer in inside),
                weights=_sum(inside, "weights"),
                biases=_sum(inside, "biases"),
                params=_sum(inside, "params"),
                buffers=_sum(inside, "buffers"),
                macs=_sum(inside, "macs"),
                output_shape=output.shape if output else None,
                receptive_field=_present(output.field if output else None),
                receptive_field_absence=_absence(output.field if output else None),
                status=max((m.status for m in inside if m.status is not None), default=None),
                calculated=all(layer.calculated for layer in inside),
                partial=_partial(inside),
                uncomputed=sum(1 for layer in inside if not layer.computed),
            )
        )
    return tuple(results)


def _counted_by(profile: FrameworkProfile, layer: LayerResult) -> LayerResult:
    """The layer with its parameters as its framework counts them, when convcalc's are known."""
    if layer.params is None or layer.buffers is None:
        return layer
    counted = profile.parameters(layer.spec.kind, layer.params, layer.buffers)
    return replace(layer, framework_params=counted)


def calculate_network(network: NetworkSpec, settings: CalculationSettings) -> NetworkReport:
    """Calculate every layer; after an error, go on wherever the shapes are still known. An
    imported network is calculated with its framework's rules (its profile) and counted its way
    too."""
    settings = replace(settings, layout=network.layout)
    profile = PROFILES.get(network.framework or "")
    if profile is not None:
        settings = replace(settings, framework=profile.name)
    diagnostics = _network_diagnostics(network, settings)
    # Only an error in the input stops the calculation; a warning (a channels-first look) does not.
    input_refused = any(d.severity is Severity.ERROR for d in diagnostics)
    shape: Shape | None = None if input_refused else network.input_shape
    field: ReceptiveField | None = None
    if shape is not None and not shape.is_flat:
        field = receptive_field.at_input(shape.rank)
    produced: dict[str, _Produced] = {INPUT: _Produced(shape, field, field)}
    layers: list[LayerResult] = []
    producers = {spec.name: spec for spec in network.layers}
    previous = INPUT
    for spec in network.layers:
        names = spec.inputs or (previous,)
        inputs = [produced.get(name, _UNKNOWN) for name in names]
        result, found, produced[spec.name] = _calculate_layer(
            spec, inputs, network, settings, producers
        )
        layers.append(result)
        diagnostics.extend(found)
        previous = spec.name
    framework_params: int | None = None
    if profile is not None:
        layers = [_counted_by(profile, layer) for layer in layers]
        framework_params = sum(layer.framework_params or 0 for layer in layers)
    outputs = network.outputs or ((layers[-1].spec.name,) if layers else (INPUT,))
    final = [(name, produced.get(name, _UNKNOWN)) for name in outputs]
    first = final[0][1]
    totals = Totals(
        weights=_sum(layers, "weights"),
        biases=_sum(layers, "biases"),
        params=_sum(layers, "params"),
        buffers=_sum(layers, "buffers"),
        macs=_sum(layers, "macs"),
        output_shape=first.shape,
        receptive_field=_present(first.last_field) if first.shape is not None else None,
        outputs=tuple((name, item.shape) for name, item in final),
        partial=_partial(layers),
        uncomputed=sum(1 for layer in layers if not layer.computed),
        receptive_field_absence=_absence(first.last_field) if first.shape is not None else None,
        framework_params=framework_params,
        memory=memory_totals(layers, settings),
    )
    return NetworkReport(
        network.source,
        network,
        tuple(layers),
        tuple(diagnostics),
        totals,
        blocks=_blocks(network, layers, produced),
    )


def failed_report(source: str, diagnostics: Iterable[Diagnostic]) -> NetworkReport:
    """A report for a spec that did not load."""
    return NetworkReport(source, None, (), tuple(diagnostics), None)
