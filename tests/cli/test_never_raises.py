"""Whatever it is given, convcalc reports; it never raises and never prints a traceback.

Property tests (hypothesis) over random YAML-ish documents, random spec-shaped stacks and random
bytes, plus fixed cases with numbers far beyond any real network.
"""

from __future__ import annotations

# conftest.invoke fails a test on any exception, exit code other than 0, 1 or 2, or traceback:
# every run below is held to that contract.
from typing import Any

import pytest
import yaml
from conftest import invoke, property_examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convcalc.core.settings import CalculationSettings
from convcalc.engine.calculator import calculate_network
from convcalc.kinds import KINDS
from convcalc.load.files import load_text

KIND_SPELLINGS = sorted(
    {*KINDS, *(alias for kind in KINDS.values() for alias in kind.aliases)}
    | {"Conv2d", "Conv2D", "MaxPool2d", "Linear", "Dense", "BatchNorm2d", "nonsense"}
)
FIELD_NAMES = sorted(
    {field.name for kind in KINDS.values() for field in kind.fields}
    | {alias for kind in KINDS.values() for field in kind.fields for alias in field.aliases}
)
SPEC_WORDS = [
    "type", "name", "input", "layers", "layout", "blocks", "outputs", "from", "repeat", "args",
    "output", "first", "if",
]  # fmt: skip
VALUE_WORDS = [
    "hwc", "chw", "same", "valid", "full", "causal", "3x5", "227x227x3", "8x8x3", "0x0", "true",
]  # fmt: skip
VOCABULARY = sorted({*KIND_SPELLINGS, *FIELD_NAMES, *SPEC_WORDS, *VALUE_WORDS})

RUN_SETTINGS = settings(
    max_examples=property_examples(150),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def load_and_analyse(text: str, strict: bool) -> None:
    network, problems = load_text(text, "random.yaml")
    if network is None:
        assert problems, "a spec that does not load must say why"
        return
    calculate_network(network, CalculationSettings(strict=strict))


# --- (a) random YAML-ish documents ---------------------------------------------------------

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-5, max_value=300)
    | st.integers()
    | st.floats()
    | st.sampled_from(VOCABULARY)
    | st.text(max_size=8)
)
keys = st.sampled_from(VOCABULARY) | st.text(max_size=6) | st.integers(-2, 5)
documents = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5),
    max_leaves=30,
)
layer_like = st.builds(
    lambda kind, fields: {"type": kind, **fields},
    st.sampled_from(KIND_SPELLINGS),
    st.dictionaries(
        st.sampled_from(FIELD_NAMES + SPEC_WORDS), st.integers(1, 9) | documents, max_size=4
    ),
)
spec_like = st.fixed_dictionaries(
    {
        "input": documents | st.lists(st.integers(1, 40), min_size=1, max_size=4),
        "layers": st.lists(layer_like | documents, max_size=5),
    },
    optional={"layout": documents, "name": documents, "blocks": documents},
)
yaml_texts = (documents | spec_like).map(
    lambda doc: yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
)


@RUN_SETTINGS
@given(text=yaml_texts, strict=st.booleans())
def test_random_documents_load_and_analyse_without_raising(text: str, strict: bool) -> None:
    load_and_analyse(text, strict)


@RUN_SETTINGS
@given(text=yaml_texts, output_format=st.sampled_from(["table", "json"]))
def test_random_documents_through_the_cli_exit_cleanly(text: str, output_format: str) -> None:
    invoke("check", "--format", output_format, "-", stdin=text)


# --- (b) random spec-shaped stacks -----------------------------------------------------------

small = st.integers(min_value=1, max_value=5) | st.integers(min_value=-3, max_value=40)
dims = small | st.lists(small, min_size=1, max_size=3)
padding = (
    dims
    | st.sampled_from(["same", "valid", "full", "causal"])
    | st.lists(st.lists(small, min_size=2, max_size=2), min_size=1, max_size=3)
)


def layer(kind: str, required: dict[str, Any], optional: dict[str, Any]) -> Any:
    return st.fixed_dictionaries({"type": st.just(kind), **required}, optional=optional)


conv_kinds = st.sampled_from(["conv", "conv1d", "conv2d", "conv3d", "Conv2d"])
pool_kinds = st.sampled_from(["maxpool", "avgpool", "MaxPool2d", "maxpool1d", "avgpool3d"])
layers = st.one_of(
    conv_kinds.flatmap(
        lambda kind: layer(
            kind,
            {"filters": small, "kernel": dims},
            {
                "stride": dims,
                "padding": padding,
                "dilation": dims,
                "groups": small,
                "bias": st.booleans(),
                "in_channels": small,
            },
        )
    ),
    pool_kinds.flatmap(
        lambda kind: layer(
            kind, {"kernel": dims}, {"stride": dims, "padding": padding, "ceil_mode": st.booleans()}
        )
    ),
    layer("dense", {"units": small}, {"bias": st.booleans(), "in_features": small}),
    layer("batchnorm", {}, {"num_features": small, "affine": st.booleans()}),
    layer("dropout", {}, {"rate": st.floats(-1, 2, allow_nan=False)}),
    st.sampled_from(["flatten", "relu", "tanh", "softmax"]),
)
specs = st.fixed_dictionaries(
    {
        "input": st.lists(
            st.integers(min_value=8, max_value=64) | st.integers(min_value=-2, max_value=64),
            min_size=1,
            max_size=4,
        ),
        "layers": st.lists(layers, min_size=1, max_size=6),
    },
    optional={"layout": st.sampled_from(["hwc", "chw"])},
).map(lambda doc: yaml.safe_dump(doc, sort_keys=False))


@RUN_SETTINGS
@given(text=specs, strict=st.booleans())
def test_random_specs_analyse_without_raising(text: str, strict: bool) -> None:
    load_and_analyse(text, strict)


@RUN_SETTINGS
@given(text=specs, output_format=st.sampled_from(["table", "json"]), strict=st.booleans())
def test_random_specs_through_the_cli_exit_cleanly(
    text: str, output_format: str, strict: bool
) -> None:
    args = ["check", "--format", output_format, *(["--strict"] if strict else []), "-"]
    invoke(*args, stdin=text)


# --- (c) random bytes --------------------------------------------------------------------------

prefixes = st.sampled_from([b"", b"input: [8, 8, 3]\nlayers:\n  - ", b"\xef\xbb\xbf", b"- ", b"{"])
random_bytes = st.builds(lambda prefix, tail: prefix + tail, prefixes, st.binary(max_size=200))


@RUN_SETTINGS
@given(data=random_bytes)
def test_random_bytes_never_produce_a_traceback(data: bytes) -> None:
    invoke("check", "-", stdin=data)


# --- numbers far beyond any real network ---------------------------------------------------------


def test_input_beyond_float_range_with_a_remainder() -> None:
    # (10^400 − 3)/2 + 1 is not whole; the message must not go through a float
    big = "1" + "0" * 400
    invoke("calc", "--input", f"{big}x3", "conv1d:filters=1,kernel=3,stride=2", stdin="")


def test_input_with_more_digits_than_python_converts_by_default() -> None:
    big = "1" + "0" * 5000
    invoke("calc", "--input", f"{big}x3", "relu", stdin="")


def test_input_text_in_a_spec_with_more_digits_than_python_converts_by_default() -> None:
    big = "1" + "0" * 5000
    invoke("check", "-", stdin=f"input: {big}x3\nlayers: [relu]\n")


@pytest.mark.parametrize("output_format", ["table", "json"])
def test_flattened_size_with_more_digits_than_python_converts_by_default(
    output_format: str,
) -> None:
    # each side has 3,001 digits, so the flattened size has about 6,000
    big = "1" + "0" * 3000
    text = f"input: [{big}, {big}, 3]\nlayers: [flatten]\n"
    invoke("check", "--format", output_format, "-", stdin=text)
