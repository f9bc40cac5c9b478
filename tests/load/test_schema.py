"""`convcalc schema`: a valid draft 2020-12 schema in strict JSON, generated from the registry,
committed at the root, small, accepted by every example spec and refusing the malformed ones the
loader refuses, with kinds and fields as enums whose every value convcalc reads as named.
check-jsonschema checks it with its default (ECMA-262) regexes; test_schema_js.py checks it with
JavaScript tools.

The malformed examples carry their expected code (`# expect: CC…`); the schema must refuse those
whose problem is one of shape or type (the codes in SCHEMA_CODES). Geometry, duplicate keys or
names and YAML syntax are convcalc's to report, not a schema's.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result
from conftest import JS_TOOLS, install_js_tools, invoke
from jsonschema import Draft202012Validator

from convcalc.kinds import KINDS, lookup_field, lookup_kind
from convcalc.load.build import BLOCK_KEYS, BLOCK_USE_KEYS, LAYER_KEYS, TOP_LEVEL_KEYS
from convcalc.load.schema import spec_schema

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "convcalc.schema.json"
SPECS = sorted((ROOT / "specs").rglob("*.yaml"))
POSITIVE = sorted((ROOT / "tests/examples/positive").glob("*.yaml"))
ZOO = sorted((ROOT / "convcalc" / "zoo").glob("*.yaml"))  # shipped specs: `convcalc zoo`
NEGATIVE = sorted((ROOT / "tests/examples/negative").glob("*.yaml"))
# missing field, unknown field, wrong type, unknown kind, not a spec, value out of range, input
SCHEMA_CODES = {"CC002", "CC003", "CC004", "CC007", "CC008", "CC010", "CC012"}
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(?P<path>\S+)$")


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = spec_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def check(document: dict[str, Any]) -> Result:
    return invoke("check", "-", stdin=json.dumps(document))


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_schema_command_prints_the_generated_schema() -> None:
    result = invoke("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == spec_schema()
    assert json.loads(result.stdout)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_committed_schema_is_current() -> None:
    fresh = invoke("schema").stdout
    assert COMMITTED.read_text(encoding="utf-8") == fresh, (
        "run: convcalc schema > convcalc.schema.json"
    )


# The zoo's specs whose syntax the others do not add to (`flat:`, `names:` with and without a use
# name, `type: $argument`) run in the fast loop; validating a large spec takes seconds.
ZOO_FAST = {"vgg11_bn", "densenet121", "shufflenet_v2_x0_5", "mobilenet_v3_small"}


@pytest.mark.parametrize(
    "path",
    [
        *SPECS,
        *POSITIVE,
        *(
            path if path.stem in ZOO_FAST else pytest.param(path, marks=pytest.mark.slow)
            for path in ZOO
        ),
    ],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_every_example_spec_is_valid(path: Path, validator: Draft202012Validator) -> None:
    errors = list(validator.iter_errors(load(path)))
    assert not errors, [e.message for e in errors]


def expected_code(path: Path) -> str:
    match = re.match(r"#\s*expect:\s*(CC\d{3})", path.read_text(encoding="utf-8"))
    assert match, path
    return match.group(1)


REFUSED = [p for p in NEGATIVE if expected_code(p) in SCHEMA_CODES]


def test_the_refused_examples_cover_every_schema_code() -> None:
    assert {expected_code(p) for p in REFUSED} == SCHEMA_CODES


@pytest.mark.parametrize("path", REFUSED, ids=lambda p: p.name)
def test_malformed_examples_are_refused(path: Path, validator: Draft202012Validator) -> None:
    assert list(validator.iter_errors(load(path))), f"{path.name} passed the schema"


@pytest.mark.parametrize(
    "document",
    [
        {"input": [8, 8, 3], "layers": [{"type": "Conv2D", "out_channels": 4, "kernel_size": 3}]},
        {
            "input": "8x8x3",
            "layout": "HWC",
            "layers": ["ReLU", {"type": "MaxPooling2D", "pool_size": "2x2"}],
        },
        {
            "input": [8, 8, 3],
            "layers": [{"type": "conv", "filters": 4, "kernel": 3, "padding": "SAME"}],
        },
        {
            "input": [8, 3],
            "layers": [{"type": "conv1d", "filters": 2, "kernel": 3, "padding": [[1, 2]]}],
        },
        {
            "input": [8, 8, 3],
            "layers": [
                {"type": "upsample", "scale": 2.5},
                "Flatten",
                {"type": "Dense", "units": 2},
            ],
        },
        {
            "input": [8, 8, 3],
            "blocks": {
                "pair": {
                    "args": {"width": None},
                    "layers": [{"type": "conv", "filters": "$width", "kernel": 3}],
                }
            },
            "layers": [{"type": "pair", "width": 8, "repeat": 2}],
        },
    ],
)
def test_spellings_convcalc_accepts_are_valid(
    document: dict[str, Any], validator: Draft202012Validator
) -> None:
    result = check(document)
    assert result.exit_code == 0, result.output  # convcalc accepts it too
    assert not list(validator.iter_errors(document))


@pytest.mark.parametrize(
    "document",
    [
        {"input": [8, 8, 3], "layers": []},
        {"input": [8, 8, 3], "layers": [{"type": "conv", "filters": 4}]},
        {"input": [8, 8, 3], "layers": [{"type": "dropout", "rate": 1.5}]},
        {
            "input": [8, 8, 3],
            "layers": [{"type": "conv", "filters": 4, "kernel": 3, "padding": "half"}],
        },
        {"input": [8, 8, 3], "layers": ["pair"]},  # no blocks: an unknown kind
        {"input": [8, 8, 3], "layers": [{"type": "conv4d", "filters": 4, "kernel": 3}]},
        {"input": [8, 8, 3], "layers": [{"type": "dense", "units": 4, "activation": "rleu"}]},
        {"input": [8, 8, 3], "layers": ["relu"], "outptus": ["relu1"]},
        {"input": [8, 8, 3], "blocks": {"conv": {"layers": ["relu"]}}, "layers": ["conv"]},
    ],
)
def test_documents_convcalc_refuses_are_invalid(
    document: dict[str, Any], validator: Draft202012Validator
) -> None:
    assert check(document).exit_code == 1  # convcalc refuses it too
    assert list(validator.iter_errors(document))


def resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """A `{"$ref": "#/$defs/..."}` node's definition (the node itself when it has no $ref)."""
    while "$ref" in node and len(node) == 1:
        node = schema["$defs"][node["$ref"].removeprefix("#/$defs/")]
    return node


def test_every_kind_and_key_is_described() -> None:
    schema = spec_schema()
    definitions = schema["$defs"]
    for kind in KINDS.values():
        definition = definitions[f"kind-{kind.name}"]
        assert definition["description"]
        assert definitions[f"type-{kind.name}"]["description"] == kind.summary
        for field in kind.fields:
            for name in (field.name, *field.aliases):
                described = resolve(schema, definition["properties"][name])
                assert field.help in described["description"], (kind.name, name)
    for key in TOP_LEVEL_KEYS:
        assert schema["properties"][key], f"top-level key `{key}` has no schema"
    for key in LAYER_KEYS:
        assert definitions[f"layer-{key}"]["anyOf"][0], f"layer key `{key}` has no schema"
    for key in BLOCK_KEYS:
        assert definitions["block"]["properties"][key], f"block key `{key}` has no schema"
    for key in BLOCK_USE_KEYS:
        assert definitions["block-use"]["properties"][key]["anyOf"][0], key


def test_every_kind_spelling_offered_is_read_as_that_kind() -> None:
    definitions = spec_schema()["$defs"]
    for kind in KINDS.values():
        offered = definitions[f"type-{kind.name}"]["enum"]
        assert kind.name in offered and set(kind.aliases) <= set(offered)
        for spelling in offered:
            found = lookup_kind(spelling)
            assert found is not None and found[0] is kind, (kind.name, spelling)


def test_every_field_name_offered_is_read_as_that_field() -> None:
    schema = spec_schema()
    for kind in KINDS.values():
        properties = schema["$defs"][f"kind-{kind.name}"]["properties"]
        for name in properties.keys() - set(LAYER_KEYS):
            assert lookup_field(kind, name) is not None, (kind.name, name)
        assert set(properties) == set(LAYER_KEYS) | {
            name for field in kind.fields for name in (field.name, *field.aliases)
        }


# Names as PyTorch (torch.nn), Keras (keras.layers) and ONNX write them: an editor must offer
# these and a validator accept them.
FRAMEWORK_SPELLINGS = {
    "conv": ["Conv2d", "Conv1D", "Convolution2D", "Conv"],
    "conv_transpose": ["ConvTranspose2d", "Conv2DTranspose", "ConvTranspose"],
    "separable_conv": ["SeparableConv2D"],
    "maxpool": ["MaxPool2d", "MaxPooling2D", "MaxPool2D", "MaxPool"],
    "avgpool": ["AvgPool2d", "AveragePooling2D", "AveragePool"],
    "global_avgpool": ["GlobalAveragePooling2D", "GlobalAveragePool"],
    "adaptive_avgpool": ["AdaptiveAvgPool2d"],
    "upsample": ["Upsample", "UpSampling2D", "Resize"],
    "zeropad": ["ZeroPad2d", "ZeroPadding2D", "ConstantPad2d"],
    "reflection_pad": ["ReflectionPad2d"],
    "dense": ["Linear", "Dense", "InnerProduct"],
    "dropout": ["Dropout", "Dropout2d", "SpatialDropout2D"],
    "batchnorm": ["BatchNorm2d", "BatchNormalization"],
    "layernorm": ["LayerNorm", "LayerNormalization"],
    "instancenorm": ["InstanceNorm2d", "InstanceNormalization"],
    "relu": ["ReLU", "Relu"],
    "leaky_relu": ["LeakyReLU", "LeakyRelu"],
    "prelu": ["PReLU", "PRelu"],
    "concat": ["Concatenate", "Concat"],
}


def test_framework_spellings_are_offered() -> None:
    definitions = spec_schema()["$defs"]
    for kind, spellings in FRAMEWORK_SPELLINGS.items():
        offered = definitions[f"type-{kind}"]["enum"]
        assert set(spellings) <= set(offered), (kind, set(spellings) - set(offered))


def test_the_schema_is_strict_json_and_small() -> None:
    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    json.dumps(spec_schema(), allow_nan=False)
    text = COMMITTED.read_text(encoding="utf-8")
    json.loads(text, parse_constant=refuse)
    # It was 357 KB of case-insensitive regexes; enums and shared $defs keep it in tens of KB, and
    # one definition a line (not one enum item a line) under 100 KB. Every value is still there:
    # test_schema_command_prints_it compares the whole document with spec_schema().
    assert len(text.encode()) < 100_000
    # The longest line is the by-kind dispatch: about 100 bytes per kind.
    assert all(len(line) < 150 * len(KINDS) for line in text.splitlines())


def check_jsonschema(*paths: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema with its default regex variant (ECMA-262, as JavaScript reads them)."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--schemafile",
            str(COMMITTED),
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow  # a real client in its own process (CI runs it)
def test_check_jsonschema_accepts_every_example_spec() -> None:
    result = check_jsonschema(*SPECS, *POSITIVE)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow  # a real client in its own process (CI runs it)
def test_check_jsonschema_refuses_the_malformed_examples() -> None:
    result = check_jsonschema(*REFUSED)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "schemafile was not valid" not in result.stdout + result.stderr
    for path in REFUSED:
        assert f"{path}::" in result.stdout, f"{path.name} passed check-jsonschema"


@pytest.mark.parametrize("path", SPECS, ids=lambda p: str(p.relative_to(ROOT)))
def test_specs_point_editors_at_the_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = MODELINE.match(first)
    assert match, f"{path}: first line must be `# yaml-language-server: $schema=…`"
    target = (path.parent / match["path"]).resolve()
    assert target == COMMITTED.resolve()
    assert match["path"] == os.path.relpath(COMMITTED, path.parent).replace(os.sep, "/")


# The JavaScript side: ajv (strict) and yaml-language-server, as editors run it (install_js_tools).
UNKNOWN_KIND = "input: [8, 8, 3]\nlayers:\n  - {type: conv4d, filters: 4, kernel: 3}\n"


@pytest.fixture(scope="module")
def js_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    modules = install_js_tools()
    examples = [*SPECS, *POSITIVE]
    cases = {
        "documents": {
            **{f"good {p.name}": load(p) for p in examples},
            **{f"bad {p.name}": load(p) for p in REFUSED},
        },
        "editor": {
            **{f"good {p.name}": p.read_text(encoding="utf-8") for p in examples},
            **{f"bad {p.name}": p.read_text(encoding="utf-8") for p in REFUSED},
            "unknown kind": UNKNOWN_KIND,
        },
        "completion": {
            "kind": "input: [8, 8, 3]\nlayers:\n  - type: |\n",
            "kind with blocks": "input: [8, 8, 3]\nblocks:\n  b: {layers: [relu]}\n"
            "layers:\n  - type: |\n",
            "field": "input: [8, 8, 3]\nlayers:\n  - type: conv\n    |\n",
            "padding": "input: [8, 8, 3]\nlayers:\n  - type: conv\n    padding: |\n",
        },
    }
    path = tmp_path_factory.mktemp("js") / "cases.json"
    path.write_text(json.dumps(cases), encoding="utf-8")
    result = subprocess.run(
        ["node", str(JS_TOOLS / "check.js"), str(COMMITTED), str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NODE_PATH": str(modules)},
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


@pytest.mark.slow  # a real client in its own process (CI runs it)
def test_ajv_compiles_the_schema_in_strict_mode(js_report: dict[str, Any]) -> None:
    assert js_report["warnings"] == []


@pytest.mark.slow  # a real client in its own process (CI runs it)
def test_ajv_accepts_the_examples_and_refuses_the_malformed(js_report: dict[str, Any]) -> None:
    for name, errors in js_report["documents"].items():
        assert bool(errors) == name.startswith("bad "), (name, errors)


@pytest.mark.slow  # a real client in its own process (CI runs it)
def test_the_editor_reports_nothing_on_the_examples(js_report: dict[str, Any]) -> None:
    for name, diagnostics in js_report["editor"].items():
        if name.startswith("good "):
            assert diagnostics == [], name
        elif name.startswith("bad "):
            assert diagnostics, f"{name}: the editor reports nothing"


@pytest.mark.slow  # a real client in its own process (CI runs it)
def test_the_editor_names_the_kinds_for_an_unknown_one(js_report: dict[str, Any]) -> None:
    (message,) = js_report["editor"]["unknown kind"]
    # The kinds' names first, then their other spellings; no regex (it used to be kilobytes).
    names = ", ".join(f'"{name}"' for name in KINDS)
    assert message.startswith(f"Value is not accepted. Valid values: {names}, "), message
    assert "[" not in message and "\\" not in message


@pytest.mark.slow  # a real client in its own process (CI runs it)
def test_the_editor_completes_kinds_fields_and_words(js_report: dict[str, Any]) -> None:
    completion = js_report["completion"]
    for key in ("kind", "kind with blocks"):
        assert {"conv", "Conv2d", "MaxPooling2D", "BatchNorm2d", "relu"} <= set(completion[key])
    assert {"filters", "kernel_size", "padding", "name", "from"} <= set(completion["field"])
    assert {"same", "valid", "SAME"} <= set(completion["padding"])
