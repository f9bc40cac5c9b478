"""Reading a YAML spec into a network: every malformed-spec case, aliases, input forms, names.

Locations are 1-based (line, column) and are worked out by hand from the test's own text.
"""

from __future__ import annotations

import pytest
import yaml

from convcalc.core.diagnostics import Diagnostic, Severity
from convcalc.core.shapes import Shape
from convcalc.core.specs import NetworkSpec
from convcalc.load.files import load_text

SOURCE = "net.yaml"


def problems(text: str) -> list[Diagnostic]:
    network, found = load_text(text, SOURCE)
    assert network is None, "the spec should not load"
    assert found, "a spec that does not load must say why"
    return found


def only(text: str) -> Diagnostic:
    (diagnostic,) = problems(text)
    return diagnostic


def with_code(text: str, code: str) -> Diagnostic:
    (diagnostic,) = [d for d in problems(text) if d.code == code]
    return diagnostic


def place(diagnostic: Diagnostic) -> tuple[int | None, int | None]:
    assert diagnostic.location is not None
    assert diagnostic.location.source == SOURCE
    return diagnostic.location.line, diagnostic.location.column


def network(text: str) -> NetworkSpec:
    loaded, found = load_text(text, SOURCE)
    assert loaded is not None, found
    assert found == []
    return loaded


# --- unknown kind (CC007) -------------------------------------------------------------------


def test_unknown_kind_points_at_the_type_value_and_suggests_the_closest() -> None:
    text = "input: [8, 8, 3]\nlayers:\n  - type: convv\n    filters: 8\n    kernel: 3\n"
    diagnostic = only(text)
    assert diagnostic.code == "CC007"
    assert diagnostic.severity == Severity.ERROR
    assert place(diagnostic) == (3, 11)  # "  - type: " is 10 characters
    assert diagnostic.hint is not None
    assert "did you mean `conv`" in diagnostic.hint


def test_unknown_kind_written_as_a_bare_string() -> None:
    diagnostic = only("input: [8, 8, 3]\nlayers:\n  - rleu\n")
    assert diagnostic.code == "CC007"
    assert place(diagnostic) == (3, 5)
    assert diagnostic.hint is not None
    assert "`relu`" in diagnostic.hint


# --- unknown field (CC003) ------------------------------------------------------------------


def test_unknown_field_points_at_the_key_and_suggests_stride() -> None:
    text = (
        "input: [8, 8, 3]\nlayers:\n  - type: conv\n    filters: 8\n    kernel: 3\n    strid: 2\n"
    )
    diagnostic = only(text)
    assert diagnostic.code == "CC003"
    assert place(diagnostic) == (6, 5)
    assert diagnostic.hint is not None
    assert "did you mean `stride`" in diagnostic.hint
    assert "strid" in diagnostic.message


def test_unknown_field_without_a_close_match_lists_the_known_fields() -> None:
    text = "input: [8, 8, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 3, zzz: 1}\n"
    diagnostic = only(text)
    assert diagnostic.code == "CC003"
    assert place(diagnostic) == (3, 41)
    assert diagnostic.hint is not None
    assert "kernel" in diagnostic.hint
    assert "filters" in diagnostic.hint


def test_unknown_top_level_key_suggests_layers() -> None:
    diagnostic = with_code("input: [8, 8, 3]\nlayer: [relu]\n", "CC003")
    assert place(diagnostic) == (2, 1)
    assert diagnostic.hint is not None
    assert "`layers`" in diagnostic.hint


# --- wrong type (CC004) ---------------------------------------------------------------------


def test_filters_written_as_a_word_is_a_wrong_type() -> None:
    text = "input: [8, 8, 3]\nlayers:\n  - type: conv\n    filters: eight\n    kernel: 3\n"
    diagnostic = only(text)
    assert diagnostic.code == "CC004"
    assert place(diagnostic) == (4, 14)  # "    filters: " is 13 characters
    assert "eight" in diagnostic.message


def test_kernel_list_with_a_letter_is_a_wrong_type() -> None:
    text = "input: [8, 8, 3]\nlayers:\n  - type: conv\n    filters: 8\n    kernel: [3, a]\n"
    diagnostic = only(text)
    assert diagnostic.code == "CC004"
    assert place(diagnostic)[0] == 5
    # the value starts at column 13 ("    kernel: "); its bad item `a` at column 17
    assert place(diagnostic)[1] in (13, 17)


def test_unknown_padding_keyword_is_a_wrong_type_that_lists_the_keywords() -> None:
    text = (
        "input: [8, 8, 3]\nlayers:\n  - type: conv\n    filters: 8\n    kernel: 3\n"
        "    padding: sideways\n"
    )
    diagnostic = only(text)
    assert diagnostic.code == "CC004"
    assert place(diagnostic) == (6, 14)
    assert "sideways" in diagnostic.message
    for keyword in ("valid", "same", "full", "causal"):
        assert keyword in diagnostic.message


def test_boolean_field_written_as_text_is_a_wrong_type() -> None:
    text = "input: [8, 8, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 3, bias: maybe}\n"
    diagnostic = only(text)
    assert diagnostic.code == "CC004"
    assert place(diagnostic) == (3, 47)


def test_layer_that_is_neither_a_name_nor_a_mapping_is_a_wrong_type() -> None:
    diagnostic = only("input: [8, 8, 3]\nlayers:\n  - [conv]\n")
    assert diagnostic.code == "CC004"
    assert place(diagnostic) == (3, 5)


def test_layers_that_are_not_a_list_is_a_wrong_type() -> None:
    diagnostic = only("input: [8, 8, 3]\nlayers: conv\n")
    assert diagnostic.code == "CC004"
    assert place(diagnostic) == (2, 9)


def test_empty_layer_list_is_a_wrong_type() -> None:
    diagnostic = only("input: [8, 8, 3]\nlayers: []\n")
    assert diagnostic.code == "CC004"
    assert place(diagnostic) == (2, 9)


def test_unknown_layout_is_a_wrong_type() -> None:
    diagnostic = only("input: [8, 8, 3]\nlayout: sideways\nlayers: [relu]\n")
    assert diagnostic.code == "CC004"
    assert place(diagnostic) == (2, 9)


@pytest.mark.parametrize(
    "value",
    ["[227, 227, 3, 1, 1]", "big", "[true, 3]", "[8, eight, 3]", "{h: 8}", "8.5x8x3"],
)
def test_malformed_input_is_a_wrong_type(value: str) -> None:
    diagnostic = only(f"input: {value}\nlayers: [relu]\n")
    assert diagnostic.code == "CC004"
    assert place(diagnostic) == (1, 8)


# --- missing fields (CC002) -----------------------------------------------------------------


def test_conv_without_filters_is_a_missing_field_at_the_layer() -> None:
    diagnostic = only("input: [8, 8, 3]\nlayers:\n  - type: conv\n    kernel: 3\n")
    assert diagnostic.code == "CC002"
    assert place(diagnostic) == (3, 5)
    assert "`filters`" in diagnostic.message


def test_dense_without_units_is_a_missing_field() -> None:
    diagnostic = only("input: [10]\nlayers:\n  - {type: dense}\n")
    assert diagnostic.code == "CC002"
    assert place(diagnostic) == (3, 5)
    assert "`units`" in diagnostic.message


def test_layer_mapping_without_type_is_a_missing_field_with_a_hint() -> None:
    diagnostic = only("input: [8, 8, 3]\nlayers:\n  - filters: 8\n    kernel: 3\n")
    assert diagnostic.code == "CC002"
    assert place(diagnostic) == (3, 5)
    assert "`type`" in diagnostic.message
    assert diagnostic.hint is not None
    assert "type:" in diagnostic.hint


def test_spec_without_input_is_a_missing_field() -> None:
    diagnostic = only("layers:\n  - relu\n")
    assert diagnostic.code == "CC002"
    assert place(diagnostic) == (1, 1)
    assert "`input`" in diagnostic.message


def test_spec_without_layers_is_a_missing_field() -> None:
    diagnostic = only("name: net\ninput: [8, 8, 3]\n")
    assert diagnostic.code == "CC002"
    assert place(diagnostic) == (1, 1)
    assert "`layers`" in diagnostic.message


# --- duplicate keys (CC005) and names (CC006) -----------------------------------------------

DUPLICATE_KERNEL = (
    "input: [8, 8, 3]\nlayers:\n  - type: conv\n    filters: 8\n    kernel: 3\n    kernel: 5\n"
)


def test_plain_pyyaml_would_keep_the_last_duplicate_silently() -> None:
    # Why convcalc must look for duplicates itself: safe_load raises nothing.
    assert yaml.safe_load(DUPLICATE_KERNEL)["layers"][0]["kernel"] == 5


def test_duplicate_key_is_reported_at_the_second_one() -> None:
    diagnostic = only(DUPLICATE_KERNEL)
    assert diagnostic.code == "CC005"
    assert place(diagnostic) == (6, 5)
    assert "line 5" in diagnostic.message
    assert diagnostic.hint


def test_duplicate_top_level_key_is_reported() -> None:
    diagnostic = only("input: [8, 8, 3]\ninput: [8, 8, 3]\nlayers: [relu]\n")
    assert diagnostic.code == "CC005"
    assert place(diagnostic) == (2, 1)


def test_field_and_its_alias_together_are_a_duplicate() -> None:
    text = (
        "input: [8, 8, 3]\nlayers:\n  - type: conv\n    filters: 8\n    kernel: 3\n"
        "    kernel_size: 5\n"
    )
    diagnostic = only(text)
    assert diagnostic.code == "CC005"
    assert place(diagnostic) == (6, 5)
    assert "`kernel`" in diagnostic.message
    assert "`kernel_size`" in diagnostic.message
    assert diagnostic.hint


def test_duplicate_layer_name_is_reported_at_the_second_layer() -> None:
    text = (
        "input: [8, 8, 3]\nlayers:\n"
        "  - {type: conv, name: stem, filters: 8, kernel: 3}\n"
        "  - {type: conv, name: stem, filters: 8, kernel: 3}\n"
    )
    diagnostic = only(text)
    assert diagnostic.code == "CC006"
    assert place(diagnostic) == (4, 5)
    assert "stem" in diagnostic.message
    assert diagnostic.hint


# --- not a spec (CC008) ---------------------------------------------------------------------


def test_empty_document_is_not_a_spec() -> None:
    diagnostic = only("")
    assert diagnostic.code == "CC008"
    assert "empty" in diagnostic.message


def test_comment_only_document_is_not_a_spec() -> None:
    assert only("# nothing here\n").code == "CC008"


def test_list_document_is_not_a_spec() -> None:
    diagnostic = only("- conv\n- relu\n")
    assert diagnostic.code == "CC008"
    assert place(diagnostic) == (1, 1)
    assert "list" in diagnostic.message


@pytest.mark.parametrize("text", ["42\n", "hello\n", "true\n"])
def test_scalar_document_is_not_a_spec(text: str) -> None:
    diagnostic = only(text)
    assert diagnostic.code == "CC008"
    assert place(diagnostic) == (1, 1)


# --- reading goes on past a bad layer ---------------------------------------------------------


def test_every_bad_layer_is_reported_in_one_run() -> None:
    text = (
        "input: [8, 8, 3]\nlayers:\n"
        "  - {type: conv, filters: eight, kernel: 3}\n"
        "  - {type: qqqqq}\n"
        "  - {type: dense}\n"
    )
    found = [(d.code, place(d)[0]) for d in problems(text)]
    assert found == [("CC004", 3), ("CC007", 4), ("CC002", 5)]


# --- aliases ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "fields", "kind"),
    [
        ("Conv2d", "filters: 4, kernel: 3", "conv"),
        ("Conv2D", "filters: 4, kernel: 3", "conv"),
        ("MaxPool2d", "kernel: 2", "maxpool"),
        ("BatchNorm2d", "", "batchnorm"),
        ("Linear", "units: 4", "dense"),
        ("Dense", "units: 4", "dense"),
    ],
)
def test_framework_spellings_of_kinds(written: str, fields: str, kind: str) -> None:
    layer = f"{{type: {written}, {fields}}}" if fields else f"{{type: {written}}}"
    loaded = network(f"input: [8, 8, 3]\nlayers:\n  - {layer}\n")
    assert loaded.layers[0].kind == kind


@pytest.mark.parametrize(
    ("layer", "field", "value"),
    [
        ("{type: conv, out_channels: 7, kernel: 3}", "filters", 7),
        ("{type: conv, filters: 4, kernel_size: 5}", "kernel", 5),
        ("{type: conv, filters: 4, kernel: 3, strides: 2}", "stride", 2),
        ("{type: dense, out_features: 9}", "units", 9),
    ],
)
def test_framework_spellings_of_fields(layer: str, field: str, value: int) -> None:
    loaded = network(f"input: [8, 8, 3]\nlayers:\n  - {layer}\n")
    assert loaded.layers[0].fields[field] == value


def test_kind_names_are_case_insensitive() -> None:
    loaded = network(
        "input: [8, 8, 3]\nlayers:\n  - {type: CONV, filters: 4, kernel: 3}\n  - ReLU\n"
    )
    assert [layer.kind for layer in loaded.layers] == ["conv", "relu"]


# --- input forms ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        "input: [227, 227, 3]",
        "input: 227x227x3",
        "input: 227×227×3",
        "layout: hwc\ninput: [227, 227, 3]",
        "layout: chw\ninput: [3, 227, 227]",
        "layout: chw\ninput: 3x227x227",
    ],
)
def test_input_forms_read_as_227_by_227_with_3_channels(head: str) -> None:
    loaded = network(f"{head}\nlayers: [relu]\n")
    assert loaded.input_shape == Shape((227, 227), 3)


def test_single_number_input_is_a_flat_vector() -> None:
    assert network("input: [784]\nlayers: [relu]\n").input_shape == Shape((), 784)


# --- names --------------------------------------------------------------------------------------


def test_unnamed_layers_are_numbered_per_kind() -> None:
    text = (
        "input: [8, 8, 3]\nlayers:\n"
        "  - {type: conv, filters: 4, kernel: 3}\n  - relu\n"
        "  - {type: conv, filters: 4, kernel: 3}\n  - relu\n"
    )
    assert [layer.name for layer in network(text).layers] == ["conv1", "relu1", "conv2", "relu2"]


def test_automatic_names_never_collide_with_explicit_ones() -> None:
    text = (
        "input: [8, 8, 3]\nlayers:\n"
        "  - {type: conv, filters: 4, kernel: 1}\n"
        "  - {type: conv, filters: 4, kernel: 1}\n"
        "  - {type: conv, name: conv2, filters: 4, kernel: 1}\n"
    )
    names = [layer.name for layer in network(text).layers]
    assert names[2] == "conv2"
    assert len(set(names)) == 3


def test_explicit_name_is_kept() -> None:
    loaded = network("input: [8, 8, 3]\nlayers:\n  - {type: relu, name: act}\n")
    assert loaded.layers[0].name == "act"


# --- defaults and locations -------------------------------------------------------------------


def test_conv_defaults_are_filled_in() -> None:
    (layer,) = network(
        "input: [8, 8, 3]\nlayers:\n  - {type: conv, filters: 4, kernel: 3}\n"
    ).layers
    assert (layer.fields["stride"], layer.fields["padding"], layer.fields["dilation"]) == (1, 0, 1)
    assert layer.fields["groups"] == 1
    assert layer.fields["bias"] is True


def test_layer_location_is_where_the_layer_starts() -> None:
    text = "input: [8, 8, 3]\nlayers:\n  - relu\n  - type: conv\n    filters: 4\n    kernel: 3\n"
    relu, conv = network(text).layers
    assert (relu.location.line, relu.location.column) == (3, 5)
    assert (conv.location.line, conv.location.column) == (4, 5)


def test_per_dimension_values_are_read() -> None:
    text = (
        "input: [8, 8, 3]\nlayers:\n"
        "  - {type: conv, filters: 4, kernel: 3x5, stride: [1, 2], padding: [[1, 2], [0, 1]]}\n"
    )
    (layer,) = network(text).layers
    assert layer.fields["kernel"] == (3, 5)
    assert layer.fields["stride"] == (1, 2)
    assert layer.fields["padding"] == ((1, 2), (0, 1))


def test_layers_with_values_equal_in_python_keep_what_each_wrote() -> None:
    # Layers' equal field values are shared; 1 and 1.0 (and True) are equal in Python but YAML
    # (PyYAML's SafeLoader, the truth here) reads them as an int and a float.
    text = (
        "input: [8, 8, 3]\nlayers:\n"
        "  - {type: relu, max_value: 1}\n  - {type: relu, max_value: 1.0}\n"
        "  - {type: relu, max_value: 1}\n  - {type: relu}\n  - {type: relu}\n"
    )
    network, found = load_text(text, "net.yaml")
    assert network is not None and found == []
    written = [layer.get("max_value") for layer in yaml.safe_load(text)["layers"]]
    read = [layer.fields["max_value"] for layer in network.layers]
    assert [(type(value), value) for value in read[:3]] == [
        (type(value), value) for value in written[:3]
    ]
    assert read[3] is None and read[4] is None
    assert network.layers[3].given == frozenset() and network.layers[0].given == {"max_value"}
