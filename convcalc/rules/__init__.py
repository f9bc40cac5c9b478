"""The registry of diagnostics. The core walks it and knows no rule by name."""

from __future__ import annotations

from convcalc.rules import (
    bad_block,
    bad_reference,
    dense_needs_flat,
    duplicate_key,
    duplicate_name,
    groups_mismatch,
    in_channels_mismatch,
    in_features_mismatch,
    input_count,
    invalid_input,
    join_mismatch,
    kernel_exceeds_input,
    misaligned_branches,
    missing_field,
    needs_spatial_input,
    not_a_spec,
    output_too_small,
    padding_remainder,
    partial_window,
    pool_kernel_exceeds_input,
    pool_padding,
    rank_mismatch,
    same_padding_stride,
    unknown_field,
    unknown_kind,
    unread_input,
    unused_suppression,
    value_range,
    wrong_type,
    yaml_syntax,
)
from convcalc.rules.base import LayerContext, NetworkContext, Rule

RULES: dict[str, Rule] = {
    module.RULE.id: module.RULE
    for module in (
        yaml_syntax,
        missing_field,
        unknown_field,
        wrong_type,
        duplicate_key,
        duplicate_name,
        unknown_kind,
        not_a_spec,
        input_count,
        bad_reference,
        bad_block,
        value_range,
        rank_mismatch,
        invalid_input,
        needs_spatial_input,
        same_padding_stride,
        kernel_exceeds_input,
        output_too_small,
        unread_input,
        padding_remainder,
        partial_window,
        pool_padding,
        pool_kernel_exceeds_input,
        groups_mismatch,
        in_channels_mismatch,
        in_features_mismatch,
        dense_needs_flat,
        join_mismatch,
        misaligned_branches,
        unused_suppression,
    )
}

__all__ = ["RULES", "LayerContext", "NetworkContext", "Rule"]
