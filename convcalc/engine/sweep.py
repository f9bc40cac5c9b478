"""What a sweep finds: its axes and one row per combination. Data only: `convcalc.commands.sweep`
evaluates the grid, handing each row to `convcalc.report.sweep_format` as it is made."""

from __future__ import annotations

from convcalc.core.diagnostics import Diagnostic
from convcalc.core.records import frozen
from convcalc.core.specs import NetworkSpec
from convcalc.engine.results import NetworkReport
from convcalc.load.overrides import Override


@frozen(slots=True)
class Axis:
    """One `--vary`: its path and one parsed override per value."""

    path: str
    values: tuple[Override, ...]


@frozen(slots=True)
class SweepRow:
    """One combination: its values (one per axis) and the network's report."""

    values: tuple[Override, ...]
    report: NetworkReport

    @property
    def worst(self) -> Diagnostic | None:
        """The most severe diagnostic; of equally severe ones, the first in the network."""
        worst: Diagnostic | None = None
        for diagnostic in self.report.diagnostics:
            if worst is None or diagnostic.severity > worst.severity:
                worst = diagnostic
        return worst


@frozen(slots=True)
class Sweep:
    """What a sweep's output starts with: the network as loaded (with `--set`), the axes and
    how many combinations follow, in grid order (the last axis changing fastest)."""

    network: NetworkSpec
    axes: tuple[Axis, ...]
    size: int
