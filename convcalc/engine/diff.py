"""What an override changed: two reports of the same network, before and after, compared.

Layers are paired by name, then the unpaired ones by position. Every number stays exact: a
percentage is a Fraction (None when the old value was 0); reporters only round it for display.
A total that leaves out layers that could not be computed (after an error) is partial: it has
no change and no percentage against any other total.
Diagnostics are the same when their code, layer and message are; a changed message (a different
equation) counts as one that disappeared and one that appeared.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from convcalc.core.diagnostics import Diagnostic
from convcalc.core.records import frozen
from convcalc.engine.results import (
    CELLS,
    QUANTITIES,
    BlockResult,
    LayerResult,
    NetworkReport,
    Totals,
)


@frozen
class Delta:
    """A count before and after; a partial one (see Totals.partial) is a lower bound only."""

    was: int
    now: int
    was_partial: bool = False
    now_partial: bool = False

    @property
    def comparable(self) -> bool:
        return not (self.was_partial or self.now_partial)

    @property
    def differs(self) -> bool:
        """Whether what is shown differs: the value, or whether it is partial."""
        return (self.was, self.was_partial) != (self.now, self.now_partial)

    @property
    def change(self) -> int | None:
        """New minus old; None when either is partial."""
        return self.now - self.was if self.comparable else None

    @property
    def percent(self) -> Fraction | None:
        """The change in percent of the old value, exactly; None when the old value was 0 or
        either is partial."""
        if self.change is None or self.was == 0:
            return None
        return Fraction(self.change * 100, self.was)


def _layer_cells(layer: LayerResult) -> dict[str, object]:
    return {
        "output": layer.output_shape if layer.calculated else None,
        "weights": layer.weights,
        "biases": layer.biases,
        "params": layer.params,
        "buffers": layer.buffers,
        "macs": layer.macs,
        "receptive_field": layer.receptive_field,
        "status": (layer.calculated, layer.status),
    }


def _block_cells(block: BlockResult) -> dict[str, object]:
    return {
        "output": block.output_shape if block.calculated else None,
        # A sum and whether it is partial: `≥5` is not `5`.
        **{name: (getattr(block, name), name in block.partial) for name in QUANTITIES},
        "receptive_field": block.receptive_field,
        "status": (block.calculated, block.status),
    }


def _changed(was: dict[str, object], now: dict[str, object]) -> frozenset[str]:
    return frozenset(cell for cell in CELLS if was[cell] != now[cell])


@frozen
class LayerChange:
    """One layer before and after; `was` or `now` is None for a layer only on one side."""

    was: LayerResult | None
    now: LayerResult | None
    changed: frozenset[str]  # names from CELLS
    fields: tuple[str, ...]  # the spec's fields whose value differs

    @property
    def name(self) -> str:
        layer = self.now or self.was
        assert layer is not None
        return layer.spec.name

    @property
    def any(self) -> bool:
        return bool(self.changed or self.fields) or self.was is None or self.now is None


@frozen
class BlockChange:
    was: BlockResult | None
    now: BlockResult | None
    changed: frozenset[str]

    @property
    def name(self) -> str:
        block = self.now or self.was
        assert block is not None
        return block.name


@frozen
class TotalsChange:
    was: Totals
    now: Totals
    quantities: tuple[tuple[str, Delta], ...]  # in QUANTITIES order
    output_changed: bool
    receptive_field_changed: bool

    def delta(self, name: str) -> Delta:
        return dict(self.quantities)[name]


@frozen
class NetworkDiff:
    """The report of the changed network (`now`), what it was, and what differs."""

    was: NetworkReport
    now: NetworkReport
    overrides: tuple[str, ...]  # as written, for the title
    input_changed: bool
    layers: tuple[LayerChange, ...]  # the new network's order, then layers it no longer has
    blocks: tuple[BlockChange, ...]
    totals: TotalsChange | None
    appeared: tuple[Diagnostic, ...]  # in the new report's order
    disappeared: tuple[Diagnostic, ...]  # in the old report's order

    def layer(self, name: str) -> LayerChange | None:
        return next((change for change in self.layers if change.name == name), None)


def _pair(
    was: Sequence[LayerResult], now: Sequence[LayerResult]
) -> list[tuple[LayerResult | None, LayerResult | None]]:
    old_by_name = {layer.spec.name: position for position, layer in enumerate(was)}
    taken: set[int] = set()
    pairs: list[tuple[LayerResult | None, LayerResult | None]] = []
    unpaired: list[int] = []
    for position, layer in enumerate(now):
        match = old_by_name.get(layer.spec.name)
        if match is not None and match not in taken:
            taken.add(match)
            pairs.append((was[match], layer))
        else:
            unpaired.append(position)
            pairs.append((None, layer))
    for position in unpaired:  # then by position: the n-th layer of each network
        if position < len(was) and position not in taken:
            taken.add(position)
            pairs[position] = (was[position], now[position])
    pairs.extend((layer, None) for position, layer in enumerate(was) if position not in taken)
    return pairs


def _layer_change(was: LayerResult | None, now: LayerResult | None) -> LayerChange:
    if was is None or now is None:
        return LayerChange(was, now, frozenset(CELLS), ())
    fields = sorted(set(was.spec.fields) | set(now.spec.fields))
    differing = tuple(f for f in fields if was.spec.fields.get(f) != now.spec.fields.get(f))
    if was.spec.kind != now.spec.kind:
        differing = ("type", *differing)
    return LayerChange(was, now, _changed(_layer_cells(was), _layer_cells(now)), differing)


def _block_changes(was: NetworkReport, now: NetworkReport) -> tuple[BlockChange, ...]:
    old = {block.name: block for block in was.blocks}
    changes = []
    for block in now.blocks:
        before = old.pop(block.name, None)
        if before is None:
            changes.append(BlockChange(None, block, frozenset(CELLS)))
        else:
            changes.append(
                BlockChange(before, block, _changed(_block_cells(before), _block_cells(block)))
            )
    changes.extend(BlockChange(block, None, frozenset(CELLS)) for block in old.values())
    return tuple(changes)


def _totals(was: Totals | None, now: Totals | None) -> TotalsChange | None:
    if was is None or now is None:
        return None
    return TotalsChange(
        was,
        now,
        tuple(
            (
                name,
                Delta(
                    getattr(was, name),
                    getattr(now, name),
                    was_partial=name in was.partial,
                    now_partial=name in now.partial,
                ),
            )
            for name in QUANTITIES
        ),
        output_changed=was.outputs != now.outputs or was.output_shape != now.output_shape,
        receptive_field_changed=was.receptive_field != now.receptive_field,
    )


def _identity(diagnostic: Diagnostic) -> tuple[str, str | None, str]:
    return (diagnostic.code, diagnostic.layer, diagnostic.message)


def diff_reports(
    was: NetworkReport, now: NetworkReport, overrides: Sequence[str] = ()
) -> NetworkDiff:
    """Compare two reports of one network, before and after a change."""
    old_network, new_network = was.network, now.network
    input_changed = (
        old_network is not None
        and new_network is not None
        and old_network.input_shape != new_network.input_shape
    )
    old_ids = {_identity(d) for d in was.diagnostics}
    new_ids = {_identity(d) for d in now.diagnostics}
    return NetworkDiff(
        was=was,
        now=now,
        overrides=tuple(overrides),
        input_changed=input_changed,
        layers=tuple(_layer_change(old, new) for old, new in _pair(was.layers, now.layers)),
        blocks=_block_changes(was, now),
        totals=_totals(was.totals, now.totals),
        appeared=tuple(d for d in now.diagnostics if _identity(d) not in old_ids),
        disappeared=tuple(d for d in was.diagnostics if _identity(d) not in new_ids),
    )
