"""YAML text (and raw file bytes) into a located tree: syntax errors, encodings, binary content,
unsafe tags, alias bombs and deep nesting."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from convcalc.core.diagnostics import Diagnostic
from convcalc.load.files import load_path, load_text
from convcalc.load.raw import RawMap, RawScalar, RawSeq
from convcalc.load.yaml_source import parse_yaml

SOURCE = "net.yaml"


def only(text: str) -> Diagnostic:
    network, found = load_text(text, SOURCE)
    assert network is None
    (diagnostic,) = found
    return diagnostic


def place(diagnostic: Diagnostic) -> tuple[int | None, int | None]:
    assert diagnostic.location is not None
    return diagnostic.location.line, diagnostic.location.column


def only_from_file(tmp_path: Path, data: bytes) -> Diagnostic:
    path = tmp_path / "net.yaml"
    path.write_bytes(data)
    network, found = load_path(str(path))
    assert network is None
    (diagnostic,) = found
    return diagnostic


def alias_bomb(levels: int = 9, fan_out: int = 9) -> str:
    """Billion laughs: each level is a list of `fan_out` aliases of the level below."""
    lines = ["a0: &a0 [" + ", ".join(['"lol"'] * fan_out) + "]"]
    for level in range(1, levels):
        items = ", ".join([f"*a{level - 1}"] * fan_out)
        lines.append(f"a{level}: &a{level} [{items}]")
    return "\n".join(lines) + "\ninput: [8, 8, 3]\nlayers: [relu]\n"


# --- the located tree -----------------------------------------------------------------------


def test_keys_and_values_keep_1_based_lines_and_columns() -> None:
    root = parse_yaml("input: [8, 8, 3]\nlayers:\n  - relu\n", SOURCE)
    assert isinstance(root, RawMap)
    first, second = root.entries
    assert (first.key.location.line, first.key.location.column) == (1, 1)
    assert (first.value.location.line, first.value.location.column) == (1, 8)
    assert (second.key.location.line, second.key.location.column) == (2, 1)
    assert isinstance(second.value, RawSeq)
    (item,) = second.value.items
    assert isinstance(item, RawScalar)
    assert item.value == "relu"
    assert (item.location.line, item.location.column) == (3, 5)


def test_empty_text_is_no_document() -> None:
    assert parse_yaml("", SOURCE) is None


# --- syntax errors (CC001) ------------------------------------------------------------------


def test_syntax_error_points_at_the_offending_character() -> None:
    diagnostic = only("input: [8, 8, 3]\nlayers:\n  - type: conv: 3\n")
    assert diagnostic.code == "CC001"
    assert place(diagnostic) == (3, 15)  # the second `:` on "  - type: conv: 3"


def test_unclosed_flow_mapping_is_a_syntax_error_with_a_line() -> None:
    diagnostic = only("input: [8, 8, 3]\nlayers:\n  - {type: conv, filters: 8\n  - relu\n")
    assert diagnostic.code == "CC001"
    line, column = place(diagnostic)
    assert line is not None
    assert line >= 3
    assert column is not None
    assert column >= 1


def test_two_documents_are_a_syntax_error() -> None:
    diagnostic = only("input: [8]\nlayers: [relu]\n---\ninput: [8]\n")
    assert diagnostic.code == "CC001"
    assert place(diagnostic)[0] == 3


# --- bytes: encodings and binary -------------------------------------------------------------


def test_non_utf8_bytes_give_cc001_at_the_bad_byte(tmp_path: Path) -> None:
    diagnostic = only_from_file(tmp_path, b"input: [8, 8, 3]\nname: \xff\xfe\nlayers: [relu]\n")
    assert diagnostic.code == "CC001"
    assert place(diagnostic) == (2, 7)  # "name: " is 6 bytes
    assert diagnostic.hint is not None
    assert "UTF-8" in diagnostic.hint


def test_latin1_file_is_not_read_as_utf8(tmp_path: Path) -> None:
    data = "name: café\ninput: [8, 8, 3]\nlayers: [relu]\n".encode("latin-1")
    diagnostic = only_from_file(tmp_path, data)
    assert diagnostic.code == "CC001"
    assert place(diagnostic) == (1, 10)


def test_nul_bytes_mean_a_binary_file(tmp_path: Path) -> None:
    diagnostic = only_from_file(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert diagnostic.code == "CC008"
    assert "binary" in diagnostic.message


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "net.yaml"
    path.write_bytes("\ufeffinput: [8, 8, 3]\nlayers: [relu]\n".encode())
    network, found = load_path(str(path))
    assert found == []
    assert network is not None


def test_file_over_the_size_limit_is_not_a_spec(tmp_path: Path) -> None:
    data = b"input: [8, 8, 3]\nlayers: [relu]\n" + b"# padding\n" * 500_000  # about 5 MB
    diagnostic = only_from_file(tmp_path, data)
    assert diagnostic.code == "CC008"


# --- safety ---------------------------------------------------------------------------------


def test_python_tags_are_not_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = (
        f"name: !!python/object/apply:os.system ['touch {marker}']\n"
        "input: [8, 8, 3]\nlayers: [relu]\n"
    )
    diagnostic = only(text)
    assert diagnostic.code == "CC004"
    assert place(diagnostic) == (1, 7)
    assert not marker.exists()


def test_alias_bomb_stops_quickly_with_cc008() -> None:
    started = time.perf_counter()
    diagnostic = only(alias_bomb(levels=9, fan_out=9))  # 9**9 leaves if expanded
    elapsed = time.perf_counter() - started
    assert diagnostic.code == "CC008"
    assert elapsed < 5


def test_recursive_alias_is_reported_not_followed_forever() -> None:
    diagnostic = only("a: &a [*a]\ninput: [8, 8, 3]\nlayers: [relu]\n")
    assert diagnostic.code == "CC008"


def test_thousand_nested_lists_give_a_clean_nesting_message() -> None:
    diagnostic = only("input: " + "[" * 1000 + "]" * 1000 + "\nlayers: [relu]\n")
    assert diagnostic.code == "CC008"
    assert "nested" in diagnostic.message
    assert "Recursion" not in diagnostic.message
    assert place(diagnostic)[0] == 1


def test_thousand_nested_mappings_give_a_clean_nesting_message() -> None:
    diagnostic = only("{a: " * 1000 + "1" + "}" * 1000 + "\n")
    assert diagnostic.code == "CC008"
    assert "nested" in diagnostic.message


@pytest.mark.slow  # a process of its own; the thousand-level tests above run in the fast loop
def test_hundred_thousand_nested_lists_do_not_crash_the_process(tmp_path: Path) -> None:
    # A 200 kB file; run in a child process, as a C-stack overflow would kill pytest itself.
    path = tmp_path / "deep.yaml"
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "convcalc", "check", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 1, f"exit {completed.returncode}: {completed.stderr[-300:]}"
    assert '"CC008"' in completed.stdout


@pytest.mark.parametrize("text", ["&a [*a]\n", "&a {x: *a}\n"])
def test_recursive_document_is_not_a_spec(text: str) -> None:
    assert only(text).code == "CC008"


# Scalars as YAML 1.1 (PyYAML's SafeLoader, the truth here) reads them: the plain ones are
# read by convcalc's own path, the rest by PyYAML's constructor; both must agree with it.
SCALARS = (
    "0, 7, 224, 010, 0o17, 0x1F, 0b101, 1_000, -3, +4, 1:30, 00, 3.5, 1e3, .inf, -.Inf, .nan,"
    " 1.0e+3, yes, No, ON, off, true, False, ~, null, Null, '', text, '12', \"true\", !!str 5,"
    " !!int '12', !!float 3, 2001-12-14, ' x ', é, ²"
)


def test_scalars_are_read_as_pyyaml_reads_them() -> None:
    root = parse_yaml(f"[{SCALARS}]", SOURCE)
    expected = yaml.load(f"[{SCALARS}]", Loader=yaml.SafeLoader)
    assert isinstance(root, RawSeq)
    read = [item.value for item in root.items if isinstance(item, RawScalar)]
    assert len(read) == len(expected) == 38
    for value, truth in zip(read, expected, strict=True):
        assert type(value) is type(truth) and (value == truth or value != value), (value, truth)


# The tree is read from libyaml's parser events; PyYAML's composed nodes (their marks) and
# SafeLoader's values are the truth it is held to, on every spec shipped and every example.
SPEC_FILES = sorted(
    path
    for folder in ("specs", "tests/examples")
    for path in (Path(__file__).parents[2] / folder).rglob("*.yaml")
)


def _same_as_composed(raw: object, node: yaml.Node) -> None:
    assert isinstance(raw, (RawScalar, RawSeq, RawMap))
    assert (raw.location.line, raw.location.column) == (
        node.start_mark.line + 1,
        node.start_mark.column + 1,
    )
    if isinstance(node, yaml.MappingNode):
        assert isinstance(raw, RawMap) and len(raw.entries) == len(node.value)
        for entry, (key, item) in zip(raw.entries, node.value, strict=True):
            _same_as_composed(entry.key, key)
            _same_as_composed(entry.value, item)
    elif isinstance(node, yaml.SequenceNode):
        assert isinstance(raw, RawSeq) and len(raw.items) == len(node.value)
        for item, item_node in zip(raw.items, node.value, strict=True):
            _same_as_composed(item, item_node)
    else:
        value = yaml.constructor.SafeConstructor().construct_object(node, deep=True)
        assert isinstance(raw, RawScalar)
        assert type(raw.value) is type(value) and raw.value == value


def test_every_shipped_spec_reads_as_pyyaml_composes_it() -> None:
    assert len(SPEC_FILES) > 50
    for path in SPEC_FILES:
        text = path.read_text(encoding="utf-8")
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:  # a negative example: the syntax tests above hold its message
            continue
        _same_as_composed(parse_yaml(text, str(path)), node)


def test_a_text_written_twice_reads_as_the_same_value_each_time() -> None:
    root = parse_yaml("[16, '16', 16, yes, 'yes', yes, 1.5, 1.5]", SOURCE)
    assert isinstance(root, RawSeq)
    read = [item.value for item in root.items if isinstance(item, RawScalar)]
    assert read == yaml.load("[16, '16', 16, yes, 'yes', yes, 1.5, 1.5]", Loader=yaml.SafeLoader)
    assert [type(value) for value in read] == [int, str, int, bool, str, bool, float, float]
