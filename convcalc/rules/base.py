"""What a rule is: an ID, a name, a default severity, a stage and a `check()` generator."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from convcalc.core.diagnostics import Finding, Severity
from convcalc.core.settings import AnalysisSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec, NetworkSpec
from convcalc.engine.results import LayerAnalysis, ReceptiveField
from convcalc.kinds.base import LayerKind

# load:    reported by a loader while reading the spec (syntax, unknown names, wrong types)
# network: checks the network as a whole before any layer
# spec:    checks one layer's settings against its input; an error stops that layer's analysis
# layer:   checks one layer's computed geometry
Stage = Literal["load", "network", "spec", "layer"]


@dataclass(frozen=True)
class LayerContext:
    spec: LayerSpec
    kind: LayerKind
    input_shape: Shape
    analysis: LayerAnalysis | None
    settings: AnalysisSettings
    layout: str
    # Every input, for layers with several (joins); `input_shape` is the first.
    input_shapes: tuple[Shape, ...] = ()
    input_names: tuple[str, ...] = ()
    input_fields: tuple[ReceptiveField | None, ...] = ()
    # The layer that produced each input (None for the network's input).
    input_specs: tuple[LayerSpec | None, ...] = ()


@dataclass(frozen=True)
class NetworkContext:
    network: NetworkSpec
    settings: AnalysisSettings


LayerCheck = Callable[[LayerContext], Iterator[Finding]]
NetworkCheck = Callable[[NetworkContext], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: Severity
    stage: Stage
    doc: str
    example: str = ""
    strict: bool = False  # --strict makes it an error
    check_layer: LayerCheck | None = None
    check_network: NetworkCheck | None = None
