"""What a check is given and what it is: a rule of the table with a function that finds problems
in one layer (stages spec and layer) or in the network as a whole (stage network)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from convcalc.core.diagnostics import Finding
from convcalc.core.records import frozen, mutable
from convcalc.core.settings import CalculationSettings
from convcalc.core.shapes import Shape
from convcalc.core.specs import LayerSpec, NetworkSpec
from convcalc.geometry.receptive_field import ReceptiveField
from convcalc.kinds.base import LayerCalculation, LayerKind
from convcalc.rules.table import Rule


@mutable(slots=True)
class LayerContext:
    """What a layer check reads. Made once per layer, the calculator sets `calculation` between
    the `spec` and the `layer` stage (a frozen record cost a second one per layer); checks only
    read it."""

    spec: LayerSpec
    kind: LayerKind
    input_shape: Shape
    calculation: LayerCalculation | None  # None at the spec stage, before the calculation
    settings: CalculationSettings
    layout: str
    # Every input, for layers with several (joins); `input_shape` is the first.
    input_shapes: tuple[Shape, ...] = ()
    input_names: tuple[str, ...] = ()
    input_receptive_fields: tuple[ReceptiveField | None, ...] = ()
    # The layer that produced each input (None for the network's input).
    input_specs: tuple[LayerSpec | None, ...] = ()


@frozen(slots=True)
class NetworkContext:
    network: NetworkSpec
    settings: CalculationSettings


def every_kind(kind: LayerKind) -> bool:
    """The `concerns` of a check that may find something in a layer of any kind."""
    return True


def with_fields(*names: str) -> Callable[[LayerKind], bool]:
    """The `concerns` of a check that finds nothing in a spec without these fields: the kinds that
    have every one of them (a spec holds exactly its kind's fields)."""

    def concerns(kind: LayerKind) -> bool:
        return all(kind.field_named(name) is not None for name in names)

    return concerns


@frozen(slots=True)
class LayerCheck:
    rule: Rule
    check: Callable[[LayerContext], Iterator[Finding]]
    # Whether the check can find anything in a layer of this kind, from the kind's traits, class
    # or fields alone (never its name as written): the calculator decides it once per kind and
    # runs the check only on the layers of the kinds it concerns. It must hold for every kind the
    # check could report in (tests/engine/test_check_dispatch.py compares with every check run).
    concerns: Callable[[LayerKind], bool] = every_kind


@frozen(slots=True)
class NetworkCheck:
    rule: Rule
    check: Callable[[NetworkContext], Iterator[Finding]]
