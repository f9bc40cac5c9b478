"""Walk a network's layers: shapes, parameters, receptive fields and every rule's findings."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache

from convcalc.core import limits
from convcalc.core.diagnostics import Diagnostic, Finding, Severity
from convcalc.core.settings import AnalysisSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec, Location, NetworkSpec
from convcalc.engine.results import (
    QUANTITIES,
    FieldAbsence,
    GroupResult,
    LayerAnalysis,
    LayerResult,
    NetworkReport,
    ReceptiveField,
    Totals,
)
from convcalc.geometry import receptive_field
from convcalc.kinds import KINDS, LayerKind
from convcalc.rules import RULES, LayerContext, NetworkContext, Rule

INPUT = "input"


def severity_of(rule: Rule, settings: AnalysisSettings) -> Severity:
    """The rule's severity after `--strict`."""
    if settings.strict and rule.strict:
        return Severity.ERROR
    return rule.severity


def _layer_diagnostics(
    rule: Rule, findings: Iterable[Finding], spec: LayerSpec, settings: AnalysisSettings
) -> Iterator[Diagnostic]:
    for finding in findings:
        location = spec.field_location(finding.field) if finding.field else spec.location
        yield Diagnostic(
            code=rule.id,
            name=rule.name,
            severity=severity_of(rule, settings),
            message=finding.message,
            hint=finding.hint,
            layer=spec.name,
            location=location,
            use_sites=spec.use_sites,
        )


def _run_layer_rules(stage: str, ctx: LayerContext) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for rule in RULES.values():
        if rule.stage == stage and rule.check_layer is not None:
            found.extend(_layer_diagnostics(rule, rule.check_layer(ctx), ctx.spec, ctx.settings))
    return found


def _network_diagnostics(network: NetworkSpec, settings: AnalysisSettings) -> list[Diagnostic]:
    ctx = NetworkContext(network, settings)
    found: list[Diagnostic] = []
    location = network.input_location or Location(network.source)
    for rule in RULES.values():
        if rule.stage == "network" and rule.check_network is not None:
            found.extend(
                Diagnostic(
                    code=rule.id,
                    name=rule.name,
                    severity=severity_of(rule, settings),
                    message=finding.message,
                    hint=finding.hint,
                    layer=None,
                    location=location,
                )
                for finding in rule.check_network(ctx)
            )
    return found


@dataclass(frozen=True)
class _Produced:
    """What a layer (or the input) hands on: its shape, receptive field (or why a spatial output
    has none), and the same for the last spatial layer on its path (for flat outputs)."""

    shape: Shape | None
    field: ReceptiveField | FieldAbsence | None  # None: flat or unknown
    last_field: ReceptiveField | FieldAbsence | None


_UNKNOWN = _Produced(None, None, None)


def _next_field(
    name: str,
    kind: LayerKind,
    joined: ReceptiveField | FieldAbsence | None,
    analysis: LayerAnalysis,
    input_sizes: tuple[int, ...],
) -> ReceptiveField | FieldAbsence | None:
    output = analysis.output
    if joined is None or output is None or output.is_flat:
        return None
    if isinstance(joined, FieldAbsence):
        return joined
    field = kind.receptive_field(joined, analysis)
    if isinstance(field, str):
        return FieldAbsence(field, name)
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
) -> ReceptiveField | FieldAbsence | None:
    present: list[ReceptiveField] = []
    for item in inputs:
        if isinstance(item.field, FieldAbsence):
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
        return FieldAbsence("its inputs have different numbers of spatial dimensions", name)
    if len(present) < len(inputs):
        present.append(receptive_field.pooled_globally(present[0]))
    if len(present) == 1:
        return present[0]
    joined = receptive_field.union(present)
    return FieldAbsence(joined, name) if isinstance(joined, str) else joined


def _analyse_layer(
    spec: LayerSpec,
    inputs: list[_Produced],
    network: NetworkSpec,
    settings: AnalysisSettings,
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
    fields = tuple(_present(item.field) for item in inputs)
    ctx = LayerContext(
        spec,
        kind,
        known[0],
        None,
        settings,
        network.layout,
        known,
        spec.inputs,
        fields,
        input_specs=tuple(producers.get(name) for name in spec.inputs),
    )
    found = _run_layer_rules("spec", ctx)
    if any(d.severity == Severity.ERROR for d in found):
        analysis = LayerAnalysis(None, weights=None, biases=None, buffers=None, macs=None)
    else:
        analysis = kind.analyse_inputs(spec, known, settings)
        ctx = replace(ctx, analysis=analysis)
        found.extend(_run_layer_rules("layer", ctx))
    input_sizes = network.input_shape.spatial if network.input_shape else ()
    joined = _joined_field(spec.name, inputs, analysis.output)
    field = _next_field(spec.name, kind, joined, analysis, input_sizes)
    too_large = _too_large(analysis, _present(field), spec, settings)
    if too_large is not None:
        found.append(too_large)
        analysis = LayerAnalysis(None, weights=None, biases=None, buffers=None, macs=None)
        field = None
    last_field = field
    if analysis.output is not None and analysis.output.is_flat:
        last = [item.last_field for item in inputs if item.last_field is not None]
        last_field = last[0] if len(last) == 1 else None
    result = LayerResult(
        spec=spec,
        input_shape=known[0],
        output_shape=analysis.output,
        weights=analysis.weights,
        biases=analysis.biases,
        buffers=analysis.buffers,
        macs=analysis.macs,
        receptive_field=_present(field),
        windows=analysis.windows,
        status=max((d.severity for d in found), default=None),
        analysed=True,
        input_shapes=shapes,
        field_absence=_absence(field),
    )
    return result, found, _Produced(analysis.output, field, last_field)


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


def _present(field: ReceptiveField | FieldAbsence | None) -> ReceptiveField | None:
    return field if isinstance(field, ReceptiveField) else None


def _absence(field: ReceptiveField | FieldAbsence | None) -> FieldAbsence | None:
    return field if isinstance(field, FieldAbsence) else None


@lru_cache(maxsize=4)
def _smallest_refused(digits: int) -> int:
    refused: int = 10**digits
    return refused


def _figures(analysis: LayerAnalysis, field: ReceptiveField | None) -> Iterator[int | Fraction]:
    output = analysis.output
    if output is not None:
        yield from output.spatial
        yield output.channels
    yield from (
        figure
        for figure in (analysis.weights, analysis.biases, analysis.buffers, analysis.macs)
        if figure is not None
    )
    if field is not None:
        yield from (*field.size, *field.jump, *field.padding)


def _too_large(
    analysis: LayerAnalysis,
    field: ReceptiveField | None,
    spec: LayerSpec,
    settings: AnalysisSettings,
) -> Diagnostic | None:
    """A diagnostic when the layer computes a figure past the `computed_digits` limit: each
    layer may multiply sizes (upsampling, transposed strides), so without a bound a few thousand
    layers would compute numbers of millions of digits."""
    digits = limits.current().computed_digits
    refused = _smallest_refused(digits)
    for figure in _figures(analysis, field):
        parts = (
            (figure.numerator, figure.denominator) if isinstance(figure, Fraction) else (figure,)
        )
        if any(abs(part) >= refused for part in parts):
            rule = RULES["CC010"]
            return Diagnostic(
                code=rule.id,
                name=rule.name,
                severity=Severity.ERROR,
                message=f"this layer computes a number with more than {digits:,} digits; "
                "later layers are not computed" + limits.named("computed_digits"),
                hint=limits.how_to_raise("computed_digits"),
                layer=spec.name,
                location=spec.location,
                use_sites=spec.use_sites,
            )
    return None


def _groups(
    network: NetworkSpec, layers: list[LayerResult], produced: dict[str, _Produced]
) -> tuple[GroupResult, ...]:
    members: dict[str, list[LayerResult]] = {}
    levels: dict[str, int] = {}
    for layer in layers:
        for level, group in enumerate(layer.spec.groups):
            members.setdefault(group, []).append(layer)
            levels[group] = level
    results = []
    for group, inside in members.items():
        output = produced.get(network.group_outputs.get(group, inside[-1].spec.name))
        results.append(
            GroupResult(
                name=group,
                kind=network.group_kinds.get(group, ""),
                level=levels[group],
                layer_indices=tuple(layer.spec.index for layer in inside),
                weights=_sum(inside, "weights"),
                biases=_sum(inside, "biases"),
                params=_sum(inside, "params"),
                buffers=_sum(inside, "buffers"),
                macs=_sum(inside, "macs"),
                output_shape=output.shape if output else None,
                receptive_field=_present(output.field if output else None),
                field_absence=_absence(output.field if output else None),
                status=max((m.status for m in inside if m.status is not None), default=None),
                analysed=all(layer.analysed for layer in inside),
                partial=_partial(inside),
                uncomputed=sum(1 for layer in inside if not layer.computed),
            )
        )
    return tuple(results)


def analyse_network(network: NetworkSpec, settings: AnalysisSettings) -> NetworkReport:
    """Analyse every layer; after an error, go on wherever the shapes are still known."""
    settings = replace(settings, layout=network.layout)
    diagnostics = _network_diagnostics(network, settings)
    # Only an error in the input stops the analysis; a warning (a channels-first look) does not.
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
        result, found, produced[spec.name] = _analyse_layer(
            spec, inputs, network, settings, producers
        )
        layers.append(result)
        diagnostics.extend(found)
        previous = spec.name
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
        field_absence=_absence(first.last_field) if first.shape is not None else None,
    )
    return NetworkReport(
        network.source,
        network,
        tuple(layers),
        tuple(diagnostics),
        totals,
        groups=_groups(network, layers, produced),
    )


def failed_report(source: str, diagnostics: Iterable[Diagnostic]) -> NetworkReport:
    """A report for a spec that did not load."""
    return NetworkReport(source, None, (), tuple(diagnostics), None)
