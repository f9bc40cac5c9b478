"""`convcalc zoo`: the specs shipped with convcalc, listed with the engine's figures, or one
printed. No click: cli/main.py writes the lines these return."""

from __future__ import annotations

from convcalc.core.records import frozen
from convcalc.core.settings import CalculationSettings
from convcalc.engine.calculator import calculate_network
from convcalc.load.files import load_path
from convcalc.load.zoo import PREFIX, catalog, names, spec_bytes


@frozen
class ZooEntry:
    """One zoo spec as the engine computes it; a figure is None where it could not be computed."""

    name: str
    input: str | None
    params: int | None
    macs: int | None


def entry(name: str) -> ZooEntry:
    """The entry as the engine computes it now (what tools/write_zoo.py writes into the catalog)."""
    network, _ = load_path(PREFIX + name)
    if network is None:
        return ZooEntry(name, None, None, None)
    totals = calculate_network(network, CalculationSettings()).totals
    shown = "×".join(str(size) for size in network.input_written)
    if totals is None or not totals.complete:
        return ZooEntry(name, shown, None, None)
    return ZooEntry(name, shown, totals.params, totals.macs)


def _figure(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def listing() -> list[str]:
    """One line per entry: name, input, parameters, MACs, as the engine computed them when the
    zoo was written (the catalog; an entry missing from it is computed now)."""
    written = catalog()
    rows = [ZooEntry(name, **written[name]) if name in written else entry(name) for name in names()]
    table = [("name", "input", "params", "MACs")] + [
        (row.name, row.input or "—", _figure(row.params), _figure(row.macs)) for row in rows
    ]
    widths = [max(len(line[column]) for line in table) for column in range(4)]
    lines = [
        f"{name:<{widths[0]}}  {shape:<{widths[1]}}  {params:>{widths[2]}}  {macs:>{widths[3]}}"
        for name, shape, params, macs in table
    ]
    return [
        *lines,
        "",
        f"{len(rows)} specs: check one as zoo:NAME, print it with `convcalc zoo show NAME`",
    ]


def spec_text(name: str) -> str:
    """The entry's spec as shipped (a starting point to copy); ZooError for an unknown name."""
    return spec_bytes(name).decode("utf-8")
