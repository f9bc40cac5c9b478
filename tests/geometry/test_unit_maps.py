"""Receptive fields through transposed convolution, upsampling and adaptive pooling, derived by
hand: output unit o reads the input units its unit map names (convcalc/geometry/unit_maps.py),
and the reported size is the largest extent over a period of units."""

from __future__ import annotations

from fractions import Fraction

from convcalc.core.settings import CalculationSettings
from convcalc.engine.calculator import calculate_network
from convcalc.engine.results import NetworkReport
from convcalc.geometry.receptive_field import ReceptiveField
from convcalc.geometry.unit_maps import bins_map, resample_map, transposed_map
from convcalc.load.files import load_text


def calculate(text: str) -> NetworkReport:
    network, problems = load_text(text, "net.yaml")
    assert network is not None, [p.message for p in problems]
    return calculate_network(network, CalculationSettings())


def field(text: str, index: int = -1) -> ReceptiveField:
    found = calculate(text).layers[index].receptive_field
    assert found is not None
    return found


def triple(f: ReceptiveField) -> tuple[object, object, object]:
    return (f.size[0], f.jump[0], f.padding[0])


def test_transposed_map_phases() -> None:
    # k 3, s 2, p0 1: unit o is fed by input i through tap t when 2i + t = o + 1.
    # o even (o = 0): t = 1, i = 0 → one input;  o odd (o = 1): t ∈ {0, 2}, i ∈ {1, 0} → two.
    unit_map = transposed_map(3, 2, 1, 1)
    assert unit_map is not None
    assert (unit_map.up, unit_map.down) == (2, 1)
    assert unit_map.reads == ((0, 1, 1), (0, 1, 2))


def test_transposed_map_with_gaps() -> None:
    # k 1, s 2: odd outputs are fed by no input at all (only the bias).
    unit_map = transposed_map(1, 2, 1, 0)
    assert unit_map is not None
    assert unit_map.reads == ((0, 1, 1), (0, 1, 0))


def test_transposed_map_with_dilation() -> None:
    # k 3, s 2, d 2, p0 0: 2i + 2t = o. o odd: never. o = 2m: i = m − t, t ∈ {0, 1, 2}:
    # inputs m−2 … m, one apart (d/g = 2/2).
    unit_map = transposed_map(3, 2, 2, 0)
    assert unit_map is not None
    assert unit_map.reads == ((-2, 1, 3), (0, 1, 0))


def test_resample_and_bins_maps() -> None:
    # Bilinear ×2: x = (o + ½)/2 − ½: o = 0 → −¼ (inputs −1, 0); o = 1 → ¼ (inputs 0, 1).
    assert resample_map(Fraction(1, 2), "bilinear") == resample_map(Fraction(1, 2), "linear")
    bilinear = resample_map(Fraction(1, 2), "bilinear")
    assert bilinear is not None and bilinear.reads == ((-1, 1, 2), (0, 1, 2))
    # Bilinear ×3: x = (o − 1)/3: o = 1 lands on input 0 exactly → one input.
    tripled = resample_map(Fraction(1, 3), "bilinear")
    assert tripled is not None and tripled.reads == ((-1, 1, 2), (0, 1, 1), (0, 1, 2))
    # Adaptive 5 → 3: bins [0, 2), [1, 4), [3, 5).
    bins = bins_map(5, 3)
    assert bins is not None and (bins.up, bins.down) == (3, 5)
    assert bins.reads == ((0, 1, 2), (1, 1, 3), (3, 1, 2))


def test_field_through_transposed_convolution() -> None:
    f = field(
        "input: [8, 1]\nlayers: "
        "[{type: conv_transpose, filters: 1, kernel: 3, stride: 2, padding: 1}]"
    )
    assert triple(f) == (2, Fraction(1, 2), 0)


def test_field_after_a_conv_on_the_finer_grid() -> None:
    # After the transposed conv above, a 3-tap conv (padding 1): unit o reads units o−1 … o+1.
    # o = 2m: units 2m−1 (inputs m−1, m), 2m (m), 2m+1 (m, m+1) → m−1 … m+1: 3 pixels.
    # o = 2m+1: units 2m (m), 2m+1 (m, m+1), 2m+2 (m+1) → m … m+1: 2 pixels. Largest: 3.
    # Unit 0 starts at input −1: padding 0·½ − (−1) = 1. (The Araujo recurrence would say
    # 2 + 2·½ = 3 here too, but 2.5 after a 2-tap conv, which no unit has.)
    text = (
        "input: [8, 1]\nlayers:\n"
        "  - {type: conv_transpose, filters: 1, kernel: 3, stride: 2, padding: 1}\n"
        "  - {type: conv, filters: 1, kernel: 3, padding: 1}\n"
        "  - {type: conv, filters: 1, kernel: 2}\n"
    )
    assert triple(field(text, 1)) == (3, Fraction(1, 2), 1)
    # Then 2 taps: o reads units o, o+1 of the previous: o = 2m → m−1 … m+1 and m … m+1 → 3;
    # o = 2m+1 → m … m+1 and m … m+2 → m … m+2: 3. Largest 3, not 3.5.
    assert triple(field(text, 2)) == (3, Fraction(1, 2), 1)


def test_nearest_then_stride_returns_to_a_whole_grid() -> None:
    # Nearest ×2 then a 1×1 conv at stride 2: unit o reads upsampled unit 2o = input o.
    text = (
        "input: [8, 1]\nlayers:\n"
        "  - {type: upsample, scale: 2}\n"
        "  - {type: conv, filters: 1, kernel: 1, stride: 2}\n"
    )
    assert triple(field(text, 0)) == (1, Fraction(1, 2), 0)
    last = field(text, 1)
    assert triple(last) == (1, 1, 0)
    assert last.phases == ()  # back on a whole grid: plain numbers again


def test_global_pooling_sees_everything() -> None:
    # After a 3-tap conv (r 3, j 1), global pooling over L = 6: r + (L − 1)·j = 3 + 5 = 8.
    text = "input: [8, 1]\nlayers: [{type: conv, filters: 1, kernel: 3}, global_avgpool]"
    assert triple(field(text)) == (8, 6, 0)
    huge = 10**30
    assert field(f"input: [{huge}, 1]\nlayers: [global_maxpool]").size == (huge,)


def test_adaptive_pooling_largest_bin() -> None:
    # 5 → 3: bins of 2, 3, 2 positions: largest 3; jump 5/3.
    assert triple(field("input: [5, 1]\nlayers: [{type: adaptive_avgpool, output_size: 3}]")) == (
        3,
        Fraction(5, 3),
        0,
    )


def test_join_of_fractional_branches_is_the_union_per_unit() -> None:
    # a: bilinear ×2 (o = 2m reads m−1, m; o = 2m+1 reads m, m+1); b: transposed k2 s2 (o = 2m
    # and 2m+1 both read m). The union per unit is a's: largest 2, unit 0 from −1.
    text = (
        "input: [8, 1]\nlayers:\n"
        "  - {type: upsample, name: a, scale: 2, mode: linear}\n"
        "  - {type: conv_transpose, name: b, from: input, filters: 1, kernel: 2, stride: 2}\n"
        "  - {type: add, from: [a, b]}\n"
    )
    assert triple(field(text)) == (2, Fraction(1, 2), 1)


def test_no_field_past_the_tabulated_period_says_why() -> None:
    report = calculate(
        "input: [3, 1]\nlayers: [{type: conv_transpose, filters: 1, kernel: 3, stride: 1000}]"
    )
    assert report.layers[0].output_shape is not None
    assert report.layers[0].receptive_field is None
    absence = report.layers[0].receptive_field_absence
    assert absence is not None and "longer than 512 units" in absence.reason
