"""Walk a network's layers: shapes, parameters, receptive fields and every rule's findings."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache

from convcalc import limits
from convcalc.analyse import receptive_field
from convcalc.analyse.results import (
    GroupResult,
    LayerAnalysis,
    LayerResult,
    NetworkReport,
    ReceptiveField,
    Totals,
)
from convcalc.diagnostics import Diagnostic, Finding, Severity
from convcalc.kinds import KINDS, LayerKind
from convcalc.rules import RULES, LayerContext, NetworkContext, Rule
from convcalc.settings import AnalysisSettings
from convcalc.shapes import Shape
from convcalc.specs import LayerSpec, Location, NetworkSpec

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
    """What a layer (or the input) hands on: its shape, receptive field, and the field of the
    last spatial layer on its path (for flat outputs)."""

    shape: Shape | None
    field: ReceptiveField | None
    last_field: ReceptiveField | None


def _next_field(
    kind: LayerKind, field: ReceptiveField | None, analysis: LayerAnalysis
) -> ReceptiveField | None:
    output = analysis.output
    if field is None or output is None or output.is_flat:
        return None
    return kind.receptive_field(field, analysis)


def _joined_field(fields: list[ReceptiveField | None]) -> ReceptiveField | None:
    if any(field is None for field in fields):
        return None
    present = [field for field in fields if field is not None]
    if len({len(field.size) for field in present}) != 1:
        return None
    return present[0] if len(present) == 1 else receptive_field.union(present)


def _analyse_layer(
    spec: LayerSpec,
    inputs: list[_Produced],
    network: NetworkSpec,
    settings: AnalysisSettings,
) -> tuple[LayerResult, list[Diagnostic], _Produced]:
    kind = KINDS[spec.kind]
    shapes = tuple(item.shape for item in inputs)
    known = tuple(shape for shape in shapes if shape is not None)
    if len(known) != len(shapes):
        result = LayerResult(
            spec, None, None, 0, 0, 0, 0, None, (), None, analysed=False, input_shapes=shapes
        )
        return result, [], _Produced(None, None, None)
    fields = tuple(item.field for item in inputs)
    ctx = LayerContext(
        spec, kind, known[0], None, settings, network.layout, known, spec.inputs, fields
    )
    found = _run_layer_rules("spec", ctx)
    if any(d.severity == Severity.ERROR for d in found):
        analysis = LayerAnalysis(output=None)
    else:
        analysis = kind.analyse_inputs(spec, known, settings)
        ctx = replace(ctx, analysis=analysis)
        found.extend(_run_layer_rules("layer", ctx))
    field = _next_field(kind, _joined_field(list(fields)), analysis)
    too_large = _too_large(analysis, field, spec, settings)
    if too_large is not None:
        found.append(too_large)
        analysis, field = LayerAnalysis(output=None), None
    last_field = field or _joined_field([item.last_field for item in inputs])
    result = LayerResult(
        spec=spec,
        input_shape=known[0],
        output_shape=analysis.output,
        weights=analysis.weights,
        biases=analysis.biases,
        buffers=analysis.buffers,
        macs=analysis.macs,
        receptive_field=field,
        windows=analysis.windows,
        status=max((d.severity for d in found), default=None),
        analysed=True,
        input_shapes=shapes,
    )
    return result, found, _Produced(analysis.output, field, last_field)


@lru_cache(maxsize=4)
def _smallest_refused(digits: int) -> int:
    refused: int = 10**digits
    return refused


def _figures(analysis: LayerAnalysis, field: ReceptiveField | None) -> Iterator[int | Fraction]:
    output = analysis.output
    if output is not None:
        yield from output.spatial
        yield output.channels
    yield from (analysis.weights, analysis.biases, analysis.buffers, analysis.macs)
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
        weights = sum(layer.weights for layer in inside)
        biases = sum(layer.biases for layer in inside)
        results.append(
            GroupResult(
                name=group,
                kind=network.group_kinds.get(group, ""),
                level=levels[group],
                layer_indices=tuple(layer.spec.index for layer in inside),
                weights=weights,
                biases=biases,
                params=weights + biases,
                buffers=sum(layer.buffers for layer in inside),
                macs=sum(layer.macs for layer in inside),
                output_shape=output.shape if output else None,
                receptive_field=output.field if output else None,
                status=max((m.status for m in inside if m.status is not None), default=None),
                analysed=all(layer.analysed for layer in inside),
            )
        )
    return tuple(results)


def analyse_network(network: NetworkSpec, settings: AnalysisSettings) -> NetworkReport:
    """Analyse every layer; after an error, go on wherever the shapes are still known."""
    settings = replace(settings, layout=network.layout)
    diagnostics = _network_diagnostics(network, settings)
    shape: Shape | None = None if diagnostics else network.input_shape
    field: ReceptiveField | None = None
    if shape is not None and not shape.is_flat:
        field = receptive_field.at_input(shape.rank)
    produced: dict[str, _Produced] = {INPUT: _Produced(shape, field, field)}
    layers: list[LayerResult] = []
    previous = INPUT
    for spec in network.layers:
        names = spec.inputs or (previous,)
        inputs = [produced.get(name, _Produced(None, None, None)) for name in names]
        result, found, produced[spec.name] = _analyse_layer(spec, inputs, network, settings)
        layers.append(result)
        diagnostics.extend(found)
        previous = spec.name
    outputs = network.outputs or ((layers[-1].spec.name,) if layers else (INPUT,))
    final = [(name, produced.get(name, _Produced(None, None, None))) for name in outputs]
    first = final[0][1]
    weights = sum(layer.weights for layer in layers)
    biases = sum(layer.biases for layer in layers)
    totals = Totals(
        weights=weights,
        biases=biases,
        params=weights + biases,
        buffers=sum(layer.buffers for layer in layers),
        macs=sum(layer.macs for layer in layers),
        output_shape=first.shape,
        receptive_field=first.last_field if first.shape is not None else None,
        outputs=tuple((name, item.shape) for name, item in final),
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
