"""Whatever a repository holds, `convcalc check` answers with a message and exit code 1 or 2:
no traceback, bounded time and memory, and no file changed (issue 4, §5).

Every case goes through the command line. Expected exit codes come from the policy (1: a spec
problem, 2: a usage or I/O problem); expected sizes from the textbook formula.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result
from conftest import invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convcalc.kinds import KINDS
from convcalc.report import REPORTERS

ROOT = Path(__file__).resolve().parents[2]
# The specs the project ships, and the test examples (the mutation test's seeds).
SEEDS = sorted((ROOT / "specs").rglob("*.yaml")) + sorted(
    (ROOT / "tests/examples/positive").glob("*.yaml")
)


def concise(path: str) -> Result:
    return invoke("check", "--format", "concise", path)


BILLION_LAUGHS = "\n".join(
    ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    + ["input: [8, 8, 3]", "layers: *a9"]
)


# Slow (about 3 s) because tracemalloc watches every allocation; the fast loop keeps the time bound
# and the CC008 (tests/load/test_yaml_source.py, tests/load/test_flags.py).
@pytest.mark.slow
def test_alias_bomb_stops_in_bounded_time_and_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    tracemalloc.start()
    started = time.perf_counter()
    result = concise(str(path))
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.exit_code == 1
    assert " CC008 error " in result.stdout and "after expanding aliases" in result.stdout
    assert elapsed < 20  # 10^9 strings if it expanded them all
    assert peak < 200 * 1024 * 1024


@pytest.mark.parametrize(
    "text",
    [
        "[" * 1000 + "]" * 1000,
        "".join(f"{' ' * (2 * i)}k{i}:\n" for i in range(1000)) + " " * 2000 + "x: 1\n",
        "input: [8, 8, 3]\nlayers:\n  - " + "{a: " * 1000 + "1" + "}" * 1000 + "\n",
    ],
    ids=["flow-lists", "block-mappings", "inside-a-layer"],
)
def test_thousand_deep_nesting(tmp_path: Path, text: str) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    result = concise(str(path))
    # The contract, whichever layer refuses it (convcalc's own depth limit, or the nesting limit
    # that PyYAML 6.0.4 and later enforce itself): exit 1, one error at a line and column of this
    # file that says the document nests too deeply.
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2, result.stdout
    pattern = rf"{re.escape(str(path))}:\d+:\d+: CC\d{{3}} error .*nest.*"
    assert re.fullmatch(pattern, lines[0]), lines


def test_a_20_mb_spec(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    layer = "  - {type: conv, filters: 8, kernel: 3, padding: 1}\n"
    with open(path, "w", encoding="utf-8") as stream:
        stream.write("input: [8, 8, 3]\nlayers:\n")
        stream.write(layer * (20 * 1024 * 1024 // len(layer) + 1))
    assert path.stat().st_size > 20 * 1024 * 1024
    result = concise(str(path))
    assert result.exit_code == 1
    assert " CC008 error file is larger than 4 MiB" in result.stdout
    # standard input is read with the same limit
    piped = invoke("check", "--format", "concise", "-", stdin=path.read_bytes())
    assert piped.exit_code == 1 and "larger than 4 MiB" in piped.stdout


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ("input: [8, 8, 3]\nname: caf\xe9\n".encode("latin-1"), "CC001"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "CC008"),
        (b"", "CC008"),
        (b"- conv\n- relu\n", "CC008"),
        (b"just a scalar\n", "CC008"),
        (b"42\n", "CC008"),
    ],
    ids=["latin-1", "binary", "empty", "list", "text-scalar", "number-scalar"],
)
def test_files_that_are_not_specs_when_named(tmp_path: Path, data: bytes, code: str) -> None:
    path = tmp_path / "spec.yaml"
    path.write_bytes(data)
    result = concise(str(path))
    assert result.exit_code == 1
    assert f" {code} error " in result.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_named_as_a_spec_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    # A subprocess with a timeout: if convcalc opened the FIFO it would wait for a writer forever.
    result = subprocess.run(
        [sys.executable, "-m", "convcalc", "check", str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "not a regular file" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_directory_named_as_a_spec_is_searched(tmp_path: Path) -> None:
    (tmp_path / "net.yaml").write_text("input: [8, 8, 3]\nlayers: [relu]\n", encoding="utf-8")
    assert concise(str(tmp_path)).exit_code == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    result = concise(str(empty))
    assert result.exit_code == 2
    assert "no *.yaml or *.yml files" in result.stderr


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root reads a chmod 000 file anyway; the code path is tested by the next test",
)
def test_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text("input: [8, 8, 3]\nlayers: [relu]\n", encoding="utf-8")
    path.chmod(0)
    try:
        result = concise(str(path))
    finally:
        path.chmod(0o600)
    assert result.exit_code == 2
    assert "Permission denied" in result.stderr


def test_an_unreadable_file_through_a_refused_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text("input: [8, 8, 3]\nlayers: [relu]\n", encoding="utf-8")
    real_open = os.open

    def refusing_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    result = concise(str(path))
    assert result.exit_code == 2
    assert f"{path}: Permission denied" in result.stderr


GOOGOL = 10**100


def test_sizes_of_ten_to_the_hundred(tmp_path: Path) -> None:
    path = tmp_path / "googol.yaml"
    path.write_text(
        f"input: [{GOOGOL}, {GOOGOL}, 3]\nlayers:\n  - {{type: conv, filters: 8, kernel: 3}}\n",
        encoding="utf-8",
    )
    (report,) = json.loads(invoke("check", "--format", "json", str(path)).stdout)
    (layer,) = report["layers"]
    # (10^100 − 3)/1 + 1 = 10^100 − 2 per side; 3·3·3·8 = 216 weights, one MAC each per output
    assert layer["output"] == [GOOGOL - 2, GOOGOL - 2, 8]
    assert layer["weights"] == 216
    assert layer["macs"] == (GOOGOL - 2) ** 2 * 216
    table = invoke("check", "--format", "table", str(path)).stdout
    assert "1e100×1e100×3" in table  # the input, exactly 10^100: no ≈
    assert "≈1e100×≈1e100×8" in table  # 10^100 − 2, rounded for reading
    assert str(GOOGOL - 2) not in table


@pytest.mark.parametrize(
    "layers",
    [
        "  - {type: conv, name: a, from: b, filters: 8, kernel: 1}\n"
        "  - {type: conv, name: b, from: a, filters: 8, kernel: 1}\n",
        "  - {type: conv, name: a, from: a, filters: 8, kernel: 1}\n",
    ],
    ids=["two-layer-cycle", "self-reference"],
)
def test_cycles_in_from_cannot_be_written(tmp_path: Path, layers: str) -> None:
    path = tmp_path / "cycle.yaml"
    path.write_text("input: [8, 8, 3]\nlayers:\n" + layers, encoding="utf-8")
    result = concise(str(path))
    assert result.exit_code == 1
    assert " CC015 error " in result.stdout


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(path): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.mark.slow
def test_no_file_is_changed(tmp_path: Path) -> None:
    files = {
        "bomb.yaml": BILLION_LAUGHS.encode(),
        "deep.yaml": ("[" * 1000 + "]" * 1000).encode(),
        "latin.yaml": "layers: caf\xe9\n".encode("latin-1"),
        "binary.yaml": b"layers:\x00\x01",
        "empty.yaml": b"",
        "list.yaml": b"- layers: 1\n",
        "ok.yaml": b"input: [8, 8, 3]\nlayers: [relu]  # convcalc: ignore[CC103]\n",
        ".convcalc.yaml": b"fail-on: info\n",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    before = snapshot(tmp_path)
    for output_format in sorted(REPORTERS):
        result = invoke("check", "--format", output_format, str(tmp_path))
        assert result.exit_code == 1
    assert snapshot(tmp_path) == before


# --- property tests: mutated specs and random bytes ------------------------------------------

WORDS = sorted(
    {"type", "name", "input", "layers", "layout", "blocks", "outputs", "from", "if", "repeat"}
    | set(KINDS)
    | {field.name for kind in KINDS.values() for field in kind.fields}
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-3, 300)
    | st.integers(min_value=10**20, max_value=10**120)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from([*WORDS, "3x5", "$arg", "same", "chw", "", "input"])
    | st.text(max_size=6)
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(WORDS), children, max_size=3)
    ),
    max_leaves=8,
)


def _containers(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if isinstance(node, (dict, list)) and node else []
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, child in children:
        found += _containers(child, (*path, key))
    return found


def _at(node: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        node = node[key]
    return node


@st.composite
def mutated_specs(draw: st.DrawFn) -> str:
    seed = draw(st.sampled_from(SEEDS))
    text = seed.read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["drop", "retype", "rename", "duplicate", "random", "line"]))
        if how == "line":  # textual: a duplicated key, a lost line, broken indentation
            lines = text.splitlines()
            index = draw(st.integers(0, max(len(lines) - 1, 0)))
            action = draw(st.sampled_from(["duplicate", "delete", "indent"]))
            if lines and action == "duplicate":
                lines.insert(index, lines[index])
            elif lines and action == "delete":
                del lines[index]
            elif lines:
                lines[index] = " " + lines[index]
            text = "\n".join(lines) + "\n"
            continue
        try:
            document = yaml.safe_load(text)
        except yaml.YAMLError:  # an earlier line mutation broke the YAML: that is the case
            break
        targets = _containers(document)
        if not targets:
            text = yaml.safe_dump(draw(values))
            continue
        container = _at(document, draw(st.sampled_from(targets)))
        keys = list(container) if isinstance(container, dict) else list(range(len(container)))
        key = draw(st.sampled_from(keys))
        if how == "drop":
            del container[key]
        elif how in ("retype", "random"):
            container[key] = draw(values)
        elif how == "rename" and isinstance(container, dict):
            container[draw(st.sampled_from(WORDS) | st.text(max_size=5))] = container.pop(key)
        elif how == "duplicate" and isinstance(container, list):
            container.insert(key, container[key])
        text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    return text


PROPERTY = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FORMATS = st.sampled_from(sorted(REPORTERS))


@pytest.mark.slow
@PROPERTY
@given(text=mutated_specs(), output_format=FORMATS, strict=st.booleans())
def test_mutated_specs_never_escape(text: str, output_format: str, strict: bool) -> None:
    args = ["check", "--format", output_format, *(["--strict"] if strict else []), "-"]
    invoke(*args, stdin=text)


@PROPERTY
@given(
    data=st.binary(max_size=300)
    | st.builds(
        lambda seed, cut, noise: seed.read_bytes()[:cut] + noise,
        st.sampled_from(SEEDS),
        st.integers(0, 400),
        st.binary(max_size=40),
    ),
    output_format=FORMATS,
)
def test_random_bytes_never_escape(data: bytes, output_format: str) -> None:
    invoke("check", "--format", output_format, "-", stdin=data)
