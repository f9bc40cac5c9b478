"""Comparing two reports of one network: cells, totals with exact percentages, diagnostics.

Expected numbers are worked by hand from (W − F + 2P)/S + 1 in the comments.
"""

from __future__ import annotations

from fractions import Fraction

from convcalc.core.settings import CalculationSettings
from convcalc.engine.calculator import calculate_network
from convcalc.engine.diff import Delta, diff_reports
from convcalc.engine.results import NetworkReport
from convcalc.load.files import load_text

CONV_POOL = """
input: [{size}, {size}, 3]
layers:
  - {{type: conv, name: {name}, filters: 96, kernel: 11, stride: 4}}
  - {{type: maxpool, name: pool, kernel: 3, stride: 2}}
"""


def report(size: int, name: str = "conv1") -> NetworkReport:
    network, problems = load_text(CONV_POOL.format(size=size, name=name), "net.yaml")
    assert network is not None, problems
    return calculate_network(network, CalculationSettings())


def test_input_224_to_227_changes_outputs_and_macs_not_params() -> None:
    # conv1: (224 − 11)/4 + 1 = 54.25 → 54, then (227 − 11)/4 + 1 = 55.
    # pool:  (54 − 3)/2 + 1 = 26.5 → 26, then (55 − 3)/2 + 1 = 27.
    diff = diff_reports(report(224), report(227), ("input.size=227",))
    assert diff.input_changed
    conv = diff.layer("conv1")
    assert conv is not None and conv.was is not None and conv.now is not None
    assert conv.was.output_shape is not None and conv.now.output_shape is not None
    assert (conv.was.output_shape.spatial, conv.now.output_shape.spatial) == ((54, 54), (55, 55))
    assert {"output", "macs", "status"} <= conv.changed
    assert "params" not in conv.changed  # 96·3·11·11 + 96 either way
    assert conv.fields == ()  # the layer itself was not respecified
    pool = diff.layer("pool")
    assert pool is not None and "output" in pool.changed


def test_totals_delta_and_exact_percentage() -> None:
    # MACs are conv1's: out² · 34,848 weights (96·3·121). 54² → 55² adds 109 · 34,848 = 3,798,432,
    # which is 109/2916 of the old value: 10,900/2,916 % = 2,725/729 %.
    diff = diff_reports(report(224), report(227))
    assert diff.totals is not None
    macs = diff.totals.delta("macs")
    assert (macs.was, macs.now) == (54 * 54 * 34_848, 55 * 55 * 34_848)
    assert macs.change == 3_798_432
    assert macs.percent == Fraction(2725, 729)
    params = diff.totals.delta("params")
    assert params.change == 0 and params.percent == 0
    assert diff.totals.output_changed


def test_percent_of_a_zero_is_none() -> None:
    assert Delta(0, 5).percent is None
    assert Delta(4, 5).percent == 25
    assert Delta(10**30, 2 * 10**30).percent == 100


def test_a_partial_total_has_no_change_or_percent() -> None:
    # A partial sum is a lower bound: 604,736 of a net that was 25,557,032 is not a −97.6% change.
    for delta in (
        Delta(25_557_032, 604_736, now_partial=True),
        Delta(604_736, 25_557_032, was_partial=True),
        Delta(5, 5, was_partial=True, now_partial=True),
    ):
        assert delta.change is None
        assert delta.percent is None
        assert not delta.comparable
    assert Delta(5, 5, now_partial=True).differs
    assert not Delta(5, 5).differs


def test_diagnostics_appeared_and_disappeared() -> None:
    # On 224 both layers leave input unread (CC103 twice); on 227 neither does.
    before, after = report(224), report(227)
    diff = diff_reports(before, after)
    assert [d.code for d in diff.disappeared] == ["CC103", "CC103"]
    assert diff.appeared == ()
    back = diff_reports(after, before)
    assert [d.layer for d in back.appeared] == ["conv1", "pool"]
    assert back.disappeared == ()


def test_same_report_has_no_changes() -> None:
    diff = diff_reports(report(227), report(227))
    assert not any(change.any for change in diff.layers)
    assert diff.appeared == diff.disappeared == ()
    assert not diff.input_changed


def test_layers_pair_by_name_then_by_position() -> None:
    # The first layer is renamed: it pairs with the old first layer by position.
    diff = diff_reports(report(227, "conv1"), report(227, "stem"))
    names = [
        (c.was.spec.name if c.was else None, c.now.spec.name if c.now else None)
        for c in diff.layers
    ]
    assert names == [("conv1", "stem"), ("pool", "pool")]
