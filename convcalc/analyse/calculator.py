"""Walk a network's layers: shapes, parameters, receptive fields and every rule's findings."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from convcalc.analyse import receptive_field
from convcalc.analyse.results import (
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


def _next_field(
    kind: LayerKind, field: ReceptiveField | None, analysis: LayerAnalysis
) -> ReceptiveField | None:
    output = analysis.output
    if field is None or output is None or output.is_flat:
        return None
    return kind.receptive_field(field, analysis)


def analyse_network(network: NetworkSpec, settings: AnalysisSettings) -> NetworkReport:
    """Analyse every layer; after an error, go on wherever the shapes are still known."""
    diagnostics = _network_diagnostics(network, settings)
    shape: Shape | None = None if diagnostics else network.input_shape
    field: ReceptiveField | None = None
    if shape is not None and not shape.is_flat:
        field = receptive_field.at_input(shape.rank)
    layers: list[LayerResult] = []
    last_field: ReceptiveField | None = field
    for spec in network.layers:
        kind = KINDS[spec.kind]
        if shape is None:
            layers.append(LayerResult(spec, None, None, 0, 0, 0, 0, None, (), None, analysed=False))
            continue
        ctx = LayerContext(spec, kind, shape, None, settings, network.layout)
        found = _run_layer_rules("spec", ctx)
        if any(d.severity == Severity.ERROR for d in found):
            analysis = LayerAnalysis(output=None)
        else:
            analysis = kind.analyse_inputs(spec, (shape,), settings)
            ctx = LayerContext(spec, kind, shape, analysis, settings, network.layout)
            found.extend(_run_layer_rules("layer", ctx))
        output = analysis.output
        field = _next_field(kind, field, analysis)
        if field is not None:
            last_field = field
        layers.append(
            LayerResult(
                spec=spec,
                input_shape=shape,
                output_shape=output,
                weights=analysis.weights,
                biases=analysis.biases,
                buffers=analysis.buffers,
                macs=analysis.macs,
                receptive_field=field,
                windows=analysis.windows,
                status=max((d.severity for d in found), default=None),
                analysed=True,
            )
        )
        diagnostics.extend(found)
        shape = output
    weights = sum(layer.weights for layer in layers)
    biases = sum(layer.biases for layer in layers)
    totals = Totals(
        weights=weights,
        biases=biases,
        params=weights + biases,
        buffers=sum(layer.buffers for layer in layers),
        macs=sum(layer.macs for layer in layers),
        output_shape=shape,
        receptive_field=last_field if shape is not None else None,
    )
    return NetworkReport(network.source, network, tuple(layers), tuple(diagnostics), totals)


def failed_report(source: str, diagnostics: Iterable[Diagnostic]) -> NetworkReport:
    """A report for a spec that did not load."""
    return NetworkReport(source, None, (), tuple(diagnostics), None)
