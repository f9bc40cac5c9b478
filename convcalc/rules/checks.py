"""Every check, in the table's order: what the calculator runs. The rules the loader reports
(stage load) have none."""

from __future__ import annotations

from convcalc.rules import (
    ceil_mode_tensorflow,
    dense_needs_flat,
    empty_output,
    groupnorm_groups,
    groupnorm_single_value,
    groups_mismatch,
    in_channels_mismatch,
    in_features_mismatch,
    input_channel_order,
    instancenorm_single_position,
    invalid_input,
    join_mismatch,
    kernel_exceeds_input,
    layernorm_shape_mismatch,
    misaligned_branches,
    needs_spatial_input,
    output_padding_too_large,
    output_too_small,
    pad_too_large,
    padding_remainder,
    partial_window,
    pool_kernel_exceeds_input,
    pool_padding_too_large,
    prelu_parameters,
    rank_mismatch,
    same_padding_stride,
    scale_or_size,
    strided_dilation_tensorflow,
    unread_input,
    upsample_mode,
    value_out_of_range,
)
from convcalc.rules.base import LayerCheck, NetworkCheck
from convcalc.rules.table import RULES

_ORDER = {code: position for position, code in enumerate(RULES)}

LAYER_CHECKS: tuple[LayerCheck, ...] = tuple(
    sorted(
        (
            ceil_mode_tensorflow.CHECK,
            dense_needs_flat.CHECK,
            empty_output.CHECK,
            groupnorm_groups.CHECK,
            groupnorm_single_value.CHECK,
            groups_mismatch.CHECK,
            in_channels_mismatch.CHECK,
            in_features_mismatch.CHECK,
            instancenorm_single_position.CHECK,
            join_mismatch.CHECK,
            kernel_exceeds_input.CHECK,
            layernorm_shape_mismatch.CHECK,
            misaligned_branches.CHECK,
            needs_spatial_input.CHECK,
            output_padding_too_large.CHECK,
            output_too_small.CHECK,
            pad_too_large.CHECK,
            padding_remainder.CHECK,
            partial_window.CHECK,
            pool_kernel_exceeds_input.CHECK,
            pool_padding_too_large.CHECK,
            prelu_parameters.CHECK,
            rank_mismatch.CHECK,
            same_padding_stride.CHECK,
            scale_or_size.CHECK,
            strided_dilation_tensorflow.CHECK,
            unread_input.CHECK,
            upsample_mode.CHECK,
            value_out_of_range.CHECK,
        ),
        key=lambda found: _ORDER[found.rule.id],
    )
)

NETWORK_CHECKS: tuple[NetworkCheck, ...] = tuple(
    sorted(
        (
            input_channel_order.CHECK,
            invalid_input.CHECK,
        ),
        key=lambda found: _ORDER[found.rule.id],
    )
)
