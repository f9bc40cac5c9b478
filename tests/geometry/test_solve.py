"""The solver against the textbook formula and brute-force enumeration done here, in the test.

Every answer is plugged back into `(W − F + P)/S + 1` as written below (P the total padding,
F the dilated kernel d·(k − 1) + 1); the search bounds (KERNEL_MAX and so on) are the solver's
documented search space, not expected values.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from conftest import property_examples
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from convcalc.geometry.arithmetic import Window
from convcalc.geometry.solve import (
    DILATION_MAX,
    KERNEL_MAX,
    STRIDE_MAX,
    Query,
    Setting,
    nearest_fixes,
    same_padding,
    solve,
)


def textbook(size: int, kernel: int, stride: int, dilation: int, padding: int) -> Fraction:
    """(W − F + P)/S + 1 with F = d·(k − 1) + 1, unrounded."""
    return Fraction(size - (dilation * (kernel - 1) + 1) + padding, stride) + 1


def whole(setting: Setting) -> bool:
    value = textbook(
        setting.input, setting.kernel, setting.stride, setting.dilation, setting.padding
    )
    return value.denominator == 1 and value >= 1 and value == setting.output


# --- the articles' examples ------------------------------------------------------------------


def test_alexnet_224_to_55_pads_3_as_1_before_2_after_or_takes_input_227() -> None:
    # (224 − 11 + P)/4 + 1 = 55  =>  P = 54·4 + 11 − 224 = 3: odd, so 1 before and 2 after.
    # With no padding: (W − 11)/4 + 1 = 55  =>  W = 227 (the Caffe AlexNet input).
    found = solve(Query(input=224, kernel=11, stride=4, dilation=1, output=55))
    first, second = found.settings[0], found.settings[1]
    assert (first.input, first.pad_before, first.pad_after, first.changed) == (224, 1, 2, ())
    assert not first.symmetric
    assert (second.input, second.padding, second.changed) == (227, 0, ("input",))
    assert all(whole(setting) for setting in found.settings)


def test_alexnet_227_with_no_padding_is_exact_as_given() -> None:
    # (227 − 11 + 0)/4 + 1 = 55
    found = solve(Query(input=227, kernel=11, stride=4, padding=(0, 0), dilation=1))
    assert found.settings[0] == Setting(227, 11, 4, 1, 0, 0, 55)


def test_resnet_stem_floor_padding_is_not_exact_but_2_plus_3_is() -> None:
    # ResNet's stem: (224 − 7 + 6)/2 + 1 = 112.5, floored to 112: not whole, so not offered.
    # Exact: (224 − 7 + P)/2 + 1 = 112  =>  P = 111·2 + 7 − 224 = 5 = 2 before + 3 after.
    found = solve(Query(input=224, kernel=7, dilation=1, output=112), limit=None)
    pads = {(s.stride, s.pad_before, s.pad_after) for s in found.settings if not s.changed}
    assert (2, 2, 3) in pads
    assert (2, 3, 3) not in pads
    assert textbook(224, 7, 2, 1, 6) == Fraction(225, 2)


def test_output_given_with_padding_fixed_changes_one_value() -> None:
    # Padding 0 is given, so (224 − 11)/4 + 1 = 54.25 cannot stay; one value moves:
    # input 227 (above), kernel 8: (224 − 8)/4 + 1 = 55, or padding 3: (224 − 11 + 3)/4 + 1 = 55.
    found = solve(Query(input=224, kernel=11, stride=4, padding=(0, 0), dilation=1, output=55))
    moves = {(s.changed, s.input, s.kernel, s.padding) for s in found.settings}
    assert moves == {
        (("input",), 227, 11, 0),
        (("kernel",), 224, 8, 0),
        (("padding",), 224, 11, 3),
    }


def test_huge_input_is_solved_exactly() -> None:
    big = 10**30
    found = solve(Query(input=big, kernel=11, stride=4, padding=(0, 0), dilation=1))
    assert found.settings
    assert all(whole(setting) for setting in found.settings)
    # 10^30 is a multiple of 4, so as for 224: 10^30 − 11 leaves 1 over 4; 10^30 + 3 and
    # 10^30 − 1 are the nearest inputs that leave none.
    inputs = {s.input for s in found.settings if s.changed == ("input",)}
    assert inputs == {big + 3, big - 1}


# --- brute force: every setting the bounds allow is found, and only those -----------------


def brute_keeping(query: Query) -> set[tuple[int, int | None, int, int, int, int]]:
    """(kernel, stride or None for 'any', dilation, before, after, output), every given kept."""
    found = set()
    kernels = [query.kernel] if query.kernel else range(1, KERNEL_MAX + 1)
    dilations = [query.dilation] if query.dilation else range(1, DILATION_MAX + 1)
    for kernel in kernels:
        for dilation in dilations:
            span_kernel = dilation * (kernel - 1) + 1
            if query.padding is not None:
                paddings = [sum(query.padding)]
            else:
                top = query.max_padding if query.max_padding is not None else span_kernel - 1
                paddings = list(range(0, top + 1))
            for padding in paddings:
                room = query.input + padding - span_kernel
                if room < 0:
                    continue
                if query.stride is not None:
                    strides: list[int | None] = [query.stride]
                elif room == 0:
                    strides = [None]  # one window fills the input: every stride
                elif query.output is not None:
                    strides = list(range(1, room + 1))
                else:
                    strides = list(range(1, STRIDE_MAX + 1))
                for stride in strides:
                    value = textbook(query.input, kernel, stride or 1, dilation, padding)
                    if value.denominator != 1 or value < 1:
                        continue
                    if query.output is not None and value != query.output:
                        continue
                    before, after = query.padding or (padding // 2, padding - padding // 2)
                    found.add((kernel, stride, dilation, before, after, int(value)))
    return found


queries = st.builds(
    Query,
    input=st.integers(1, 40),
    kernel=st.none() | st.integers(1, 9),
    stride=st.none() | st.integers(1, 5),
    padding=st.none() | st.tuples(st.integers(0, 3), st.integers(0, 3)),
    dilation=st.integers(1, 3) | st.none(),
    output=st.none() | st.integers(1, 45),
)


def _cost(query: Query) -> int:
    kernels = 1 if query.kernel else KERNEL_MAX
    dilations = 1 if query.dilation else DILATION_MAX
    strides = 1 if query.stride or query.output else STRIDE_MAX
    return kernels * dilations * strides


@settings(max_examples=property_examples(200), deadline=None)
@given(queries)
def test_keeping_the_givens_finds_exactly_the_brute_force_set(query: Query) -> None:
    assume(_cost(query) <= 512)
    found = solve(query, limit=None)
    kept = {
        (
            s.kernel,
            None if s.any_stride else s.stride,
            s.dilation,
            s.pad_before,
            s.pad_after,
            s.output,
        )
        for s in found.settings
        if not s.changed
    }
    assert kept == brute_keeping(query)
    assert found.found == len(found.settings)


@settings(max_examples=property_examples(200), deadline=None)
@given(queries)
def test_every_answer_is_whole_and_changes_at_most_one_given_value(query: Query) -> None:
    assume(_cost(query) <= 512)
    for setting in solve(query, limit=None).settings:
        assert whole(setting)
        if query.output is not None:
            assert setting.output == query.output
        assert len(setting.changed) <= 1
        kept = {
            "input": setting.input == query.input,
            "kernel": query.kernel is None or setting.kernel == query.kernel,
            "stride": query.stride is None or setting.any_stride or setting.stride == query.stride,
            "dilation": query.dilation is None or setting.dilation == query.dilation,
            "padding": query.padding is None
            or (setting.pad_before, setting.pad_after) == query.padding,
        }
        for name, same in kept.items():
            assert same or setting.changed == (name,), (name, setting)


@settings(max_examples=property_examples(200), deadline=None)
@given(queries)
def test_a_changed_input_is_the_nearest_that_works(query: Query) -> None:
    assume(query.kernel is not None and query.stride is not None)
    dilation = query.dilation or 1
    padding = sum(query.padding) if query.padding else 0

    def works(size: int) -> bool:
        value = textbook(size, query.kernel or 1, query.stride or 1, dilation, padding)
        return value.denominator == 1 and value >= 1 and (query.output in (None, value))

    for setting in solve(query, limit=None).settings:
        if setting.changed != ("input",):
            continue
        low, high = sorted((query.input, setting.input))
        assert not any(works(size) for size in range(max(low + 1, 1), high))


def test_simplest_first_orders_no_change_before_one_change() -> None:
    found = solve(Query(input=224, kernel=11, stride=4, dilation=1), limit=None)
    changes = [len(s.changed) for s in found.settings]
    assert changes == sorted(changes)


def test_open_dilation_other_than_1_comes_after_keeping_dilation_1() -> None:
    found = solve(Query(input=224, kernel=11, stride=4, output=55))
    assert found.settings[0].dilation == 1
    # (224 + P − 21)/4 + 1 = 55 => P = 13 with dilation 2: offered, but later.
    dilated = [s for s in found.settings if s.dilation == 2]
    assert dilated and dilated[0].padding == 13
    assert found.settings.index(dilated[0]) > 0


def test_limit_keeps_the_simplest_and_counts_all() -> None:
    everything = solve(Query(input=224, kernel=11, stride=4, dilation=1), limit=None)
    first = solve(Query(input=224, kernel=11, stride=4, dilation=1), limit=3)
    assert first.settings == everything.settings[:3]
    assert first.found == everything.found > 3


def test_bad_query_values_are_refused() -> None:
    with pytest.raises(ValueError):
        Query(input=0)
    with pytest.raises(ValueError):
        Query(input=5, padding=(-1, 0))


# --- the nearest fixes behind the CC103 and CC101 hints ---------------------------------------


def test_nearest_fixes_for_alexnet_conv1_on_224() -> None:
    # (224 − 11)/4 + 1 = 54.25. Inputs: (227 − 11)/4 + 1 = 55 and (223 − 11)/4 + 1 = 54.
    # Padding: (224 − 11 + 3)/4 + 1 = 55, split 1 before, 2 after.
    fixes = nearest_fixes(Window(224, 11, 4, 1, 0, 0))
    assert (fixes.larger_input, fixes.smaller_input) == (227, 223)
    assert (fixes.more_padding, fixes.extra_before, fixes.extra_after) == (3, 1, 2)
    # Kernels: (224 − 8)/4 + 1 = 55 and (224 − 12)/4 + 1 = 54.
    assert (fixes.smaller_kernel, fixes.larger_kernel) == (8, 12)


def test_nearest_fixes_for_a_kernel_larger_than_its_input() -> None:
    # Kernel 5 on 4: kernel 4 gives (4 − 4)/1 + 1 = 1, input 5 gives (5 − 5)/1 + 1 = 1, and one
    # more pixel of padding (4 − 5 + 1)/1 + 1 = 1.
    fixes = nearest_fixes(Window(4, 5, 1, 1, 0, 0))
    assert (fixes.smaller_kernel, fixes.larger_input, fixes.more_padding) == (4, 5, 1)
    assert fixes.smaller_input is None


windows = st.builds(
    Window,
    size=st.integers(1, 60),
    kernel=st.integers(1, 12),
    stride=st.integers(1, 6),
    dilation=st.integers(1, 3),
    pad_before=st.integers(0, 4),
    pad_after=st.integers(0, 4),
)


def _exact(size: int, kernel: int, stride: int, dilation: int, padding: int) -> bool:
    value = textbook(size, kernel, stride, dilation, padding)
    return value.denominator == 1 and value >= 1


@settings(max_examples=property_examples(300), deadline=None)
@given(windows)
def test_nearest_fixes_match_brute_force(window: Window) -> None:
    k, s, d = window.kernel, window.stride, window.dilation
    size, padding = window.size, window.pad_before + window.pad_after
    fixes = nearest_fixes(window)
    larger = next(n for n in range(size + 1, size + 10 * s + 10 * k) if _exact(n, k, s, d, padding))
    smaller = next((n for n in range(size - 1, 0, -1) if _exact(n, k, s, d, padding)), None)
    extra = next(e for e in range(1, 10 * s + 10 * k) if _exact(size, k, s, d, padding + e))
    kernel_down = next((j for j in range(k - 1, 0, -1) if _exact(size, j, s, d, padding)), None)
    assert fixes.larger_input == larger
    assert fixes.smaller_input == smaller
    assert fixes.more_padding == extra
    assert fixes.smaller_kernel == kernel_down


# --- same padding ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kernel", "before", "after"),
    [
        (3, 1, 1),  # total 3 − 1 = 2: one each side
        (4, 1, 2),  # total 3, odd: no symmetric padding keeps the size
        (7, 3, 3),
    ],
)
def test_same_padding_at_stride_1_keeps_the_size(kernel: int, before: int, after: int) -> None:
    found = same_padding(224, kernel)
    assert (found.pad_before, found.pad_after) == (before, after)
    assert found.symmetric == (before == after)
    assert textbook(224, kernel, 1, 1, before + after) == 224


def test_same_padding_with_dilation() -> None:
    # Dilation 2 on kernel 3 spans 5: total 4, 2 each side.
    found = same_padding(100, 3, 1, 2)
    assert (found.pad_before, found.pad_after) == (2, 2)


@settings(max_examples=property_examples(200), deadline=None)
@given(st.integers(1, 80), st.integers(1, 9), st.integers(2, 5), st.integers(1, 2))
def test_same_at_larger_strides_is_tensorflows_ceil_rule(
    size: int, kernel: int, stride: int, dilation: int
) -> None:
    found = same_padding(size, kernel, stride, dilation)
    wanted = -(-size // stride)  # ⌈size / stride⌉
    span_kernel = dilation * (kernel - 1) + 1

    def floor_output(padding: int) -> int:
        return (size + padding - span_kernel) // stride + 1

    assert floor_output(found.padding) == wanted == found.output
    assert found.rule == "tensorflow"
    # The least padding that reaches it (TensorFlow pads no more than it needs).
    if found.padding:
        assert floor_output(found.padding - 1) < wanted or size + found.padding - 1 < span_kernel


def test_nearest_fixes_with_huge_sizes_and_strides_stay_quick() -> None:
    # Input 10^20 + 5, kernel 10^20, stride 10^19 − 1: (5)/(10^19 − 1) + 1 is not whole. Every fix
    # is checked by the formula; a nearest input lies within one stride of the input.
    size, kernel, stride = 10**20 + 5, 10**20, 10**19 - 1
    fixes = nearest_fixes(Window(size, kernel, stride, 1, 0, 0))
    assert fixes.larger_input is not None and fixes.more_padding is not None
    assert _exact(fixes.larger_input, kernel, stride, 1, 0)
    assert 0 < fixes.larger_input - size <= stride
    assert fixes.smaller_input is not None and _exact(fixes.smaller_input, kernel, stride, 1, 0)
    assert _exact(size, kernel, stride, 1, fixes.more_padding)
    found = solve(Query(input=size, kernel=kernel, stride=stride, padding=(0, 0), dilation=1))
    assert found.settings and all(whole(setting) for setting in found.settings)
