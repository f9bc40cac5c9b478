"""A structured fuzzer for convcalc: specs built from the kind registry, mutated shipped specs, and
the command-line options, each run in-process under an oracle.

    python tools/fuzz.py --structured 100000 --mutated 20000      # the release check
    python tools/fuzz.py --structured 300 --mutated 100 --seed 7  # a quick look

Inputs come from hypothesis strategies (seeded, so a run can be repeated):

- structured: a spec built from KINDS (every kind, its fields and aliases) with valid-looking and
  broken values (huge, negative, Unicode digits, control characters, terminal escapes), `from:`
  references, `if:`, blocks with `$arguments`, `repeat` and `first`, written to a file and given
  to `check`, `sweep` or `calc`, with `--set`, `--vary`, limits and formats; and `solve` queries.
- mutated: every spec in specs/ (and the positive examples) changed at the byte level (flipped,
  inserted and deleted bytes, invalid UTF-8, NULs) or the token level (the YAML-aware mutation
  of tests/cli/test_hostile.py, and swapped, repeated or dropped words).

The oracle: the exit code is 0, 1 or 2; no exception escapes and no traceback is printed; each
case finishes within --timeout seconds of CPU time, and within --wall-timeout seconds on the clock
(so a blocked read is caught too; two watchdogs interrupt it: CPU time is what a case costs, the
clock alone would blame convcalc for a loaded machine) in a process whose address
space is capped at --memory MiB (so a runaway allocation is a MemoryError, counted as a
failure); no input file is changed and nothing is written next to it. The figures printed at the
end: inputs per category, time, peak memory, the slowest case and every failure (with the input
that caused it, also written to --failures when given). Exit code 1 when anything failed.
tests/test_fuzz.py runs the same fuzzer at a size that fits CI (marked slow).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for _path in (ROOT, ROOT / "tests"):  # the strategies of the property tests are reused
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import yaml  # noqa: E402
from cli.test_hostile import SEEDS, mutated_specs  # noqa: E402
from cli.test_hostile import values as hostile_values  # noqa: E402
from click.testing import CliRunner  # noqa: E402
from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from kinds.test_kinds_never_raise import layers as hostile_layers  # noqa: E402

from convcalc.cli.main import main  # noqa: E402
from convcalc.core.limits import LIMITS  # noqa: E402
from convcalc.kinds import KINDS  # noqa: E402
from convcalc.kinds.base import PADDING_KEYWORDS, Field  # noqa: E402

# ---------------------------------------------------------------------------- odd values

# Text that has broken convcalc before or might: Unicode digits and look-alikes, controls,
# terminal escapes, bidi overrides, a GitHub workflow command, long text, YAML specials.
ODD_TEXT = [
    "²", "٣", "３", "1²", "¹0", "Ⅻ", "𝟙", "0x10", "1_000", "1e3", "٣x٣", "3×3", "3x", "x3",
    "\x1b[31mred\x1b[0m", "\x1b]0;title\x07", "a\nb", "\r", "\t", "\x00", "\u202eevil", "\u200b",
    "\n::error file=evil.py,line=1::injected", "$", "$missing", "${x}", "&a", "*a", "!!python/none",
    "~", "null", "yes", "on", ".inf", "-.inf", ".nan", "[", "]", "{", "}", "'", '"', ":", ",",
    "x" * 300, "9" * 1001, "9" * 999, "1" * 5000, "-" + "9" * 30, "١٢٣", "١", "0" * 50 + "1",
]  # fmt: skip
HUGE = [10**30, 2**63, 2**64 + 1, 10**300, 10**999, -(10**30), 10**12, 1_000_000_007]


def _odd_number() -> st.SearchStrategy[Any]:
    return (
        st.integers(-3, 20)
        | st.sampled_from(HUGE)
        | st.floats(allow_nan=True, allow_infinity=True)
        | st.sampled_from([0.5, 1.5, 1e300, -1e300, 1e-300, 2.0, 1.0000001])
    )


def _odd_value() -> st.SearchStrategy[Any]:
    return (
        _odd_number()
        | st.sampled_from(ODD_TEXT)
        | st.booleans()
        | st.none()
        | st.lists(_odd_number(), max_size=5)
        | st.text(max_size=6)
        | hostile_values
    )


def _field_value(kind_field: Field) -> st.SearchStrategy[Any]:
    """A value that usually fits the field's type and sometimes does not."""
    small = st.integers(1, 9)
    by_type: dict[str, st.SearchStrategy[Any]] = {
        "int": small,
        "dims": small | st.lists(small, min_size=1, max_size=3) | st.sampled_from(["3x3", "2x5"]),
        "padding": st.integers(0, 4)
        | st.sampled_from(list(PADDING_KEYWORDS))
        | st.lists(st.lists(st.integers(0, 3), min_size=2, max_size=2), min_size=1, max_size=3),
        "pads": st.integers(0, 4) | st.lists(st.integers(0, 3), min_size=1, max_size=3),
        "bool": st.booleans(),
        "float": st.floats(0, 4) | st.sampled_from([0.5, 2.0]),
        "str": st.sampled_from(["x", "auto", "same"]),
    }
    fitting = by_type.get(kind_field.type)
    if fitting is None:  # choice
        fitting = st.sampled_from(list(kind_field.choices) or ["x"])
    if kind_field.keywords:
        fitting = fitting | st.sampled_from(list(kind_field.keywords))
    return st.one_of(fitting, fitting, fitting, _odd_value())


def _kind_layer(name: str) -> st.SearchStrategy[dict[str, Any]]:
    kind = KINDS[name]
    spellings = [kind.name, *kind.aliases]
    required = {f.name: _field_value(f) for f in kind.fields if f.required}
    optional: dict[str, st.SearchStrategy[Any]] = {
        f.name: _field_value(f) for f in kind.fields if not f.required
    }
    return st.fixed_dictionaries(
        {"type": st.sampled_from(spellings), **required}, optional=optional
    ).flatmap(
        lambda layer: st.fixed_dictionaries(
            {},
            optional={
                # a field under one of its aliases, or an unknown one
                **{alias: _field_value(f) for f in kind.fields[:2] for alias in f.aliases[:1]},
                "bogus_field": _odd_value(),
            },
        ).map(lambda extra: {**layer, **extra})
    )


registry_layers = st.one_of([_kind_layer(name) for name in KINDS]) | hostile_layers


def _fitting_layer(name: str) -> st.SearchStrategy[dict[str, Any]]:
    """A layer of the kind with small values of the right types only: most of these check."""
    kind = KINDS[name]
    small = st.integers(1, 3)
    by_type: dict[str, st.SearchStrategy[Any]] = {
        "int": small,
        "dims": small,
        "padding": st.integers(0, 1) | st.sampled_from(["same", "valid"]),
        "pads": st.integers(0, 1),
        "bool": st.booleans(),
        "float": st.sampled_from([1.0, 2.0]),
        "str": st.sampled_from(["same"]),
    }

    def value(kind_field: Field) -> st.SearchStrategy[Any]:
        if kind_field.type in by_type:
            return by_type[kind_field.type]
        return st.sampled_from(list(kind_field.choices) or ["x"])

    return st.fixed_dictionaries(
        {"type": st.just(kind.name), **{f.name: value(f) for f in kind.fields if f.required}},
        optional={f.name: value(f) for f in kind.fields if not f.required},
    )


fitting_layers = st.one_of([_fitting_layer(name) for name in KINDS])


@st.composite
def plausible_specs(draw: st.DrawFn) -> dict[str, Any]:
    """A spec that usually checks: an image input and layers with small fitting values, named
    so that `--set` and `--vary` paths find them; the deep paths (tables, totals, diffs) run."""
    layers = [
        {"name": f"l{index}", **draw(fitting_layers)} for index in range(draw(st.integers(1, 6)))
    ]
    side = draw(st.sampled_from([8, 16, 32, 64, 224]))
    return {"input": f"{side}x{side}x{draw(st.sampled_from([1, 3, 16]))}", "layers": layers}


NAMES = st.sampled_from(["a", "b", "c", "input", "a.b", "layer2.0", "x" * 300]) | st.sampled_from(
    ODD_TEXT
)


@st.composite
def structured_specs(draw: st.DrawFn) -> dict[str, Any]:
    """A spec document: layers from the registry, names and references among them, blocks."""
    count = draw(st.integers(1, 8))
    names: list[str] = []
    items: list[Any] = []
    block_names = draw(st.lists(st.sampled_from(["blk", "res", "down", "conv", "b2"]), max_size=2))
    for _ in range(count):
        if block_names and draw(st.integers(0, 3)) == 0:
            layer: dict[str, Any] = {"type": draw(st.sampled_from(block_names))}
            # Mostly small; the limits (and past them) now and then, as they cost seconds.
            layer["repeat"] = draw(
                st.integers(1, 3)
                if draw(st.integers(0, 9))
                else st.sampled_from([0, -1, 20_000, 20_001, 10**9, "x", 2.5, None])
            )
            if draw(st.booleans()):
                layer["k"] = draw(st.integers(1, 5) | _odd_value())
            if draw(st.integers(0, 4)) == 0:
                layer["first"] = {"k": draw(st.integers(1, 3))}
            if draw(st.integers(0, 4)) == 0:  # torchvision's instance names
                layer["names"] = draw(
                    st.sampled_from(["denselayer{n}", "block2-{i}", "{n}", "x", "{q}", "{n", 3])
                )
            if draw(st.integers(0, 4)) == 0:  # numbered into a flat Sequential
                layer["flat"] = draw(st.booleans() | _odd_value())
            if draw(st.integers(0, 20)) == 0:
                layer["k"] = f"{LONG_LIST}{draw(st.sampled_from([10, 2_000, 90_000]))}"
        else:
            drawn = draw(registry_layers)
            layer = dict(drawn) if isinstance(drawn, dict) else {"type": drawn}
        if draw(st.integers(0, 2)) == 0:
            layer["name"] = draw(NAMES | st.text(max_size=4))
            names.append(str(layer["name"]))
        if names and draw(st.integers(0, 3)) == 0:
            pool = st.sampled_from([*names, "input", "nowhere"])
            layer["from"] = draw(pool | st.lists(pool, min_size=1, max_size=3))
        if draw(st.integers(0, 6)) == 0:
            layer["if"] = draw(st.booleans() | _odd_value())
        items.append(layer)
    blocks: dict[str, Any] = {}
    for name in block_names:
        inner = draw(st.lists(registry_layers, min_size=1, max_size=3))
        inner = [dict(item) if isinstance(item, dict) else item for item in inner]
        for item in inner:
            if isinstance(item, dict) and draw(st.booleans()):
                item[draw(st.sampled_from(["kernel", "filters", "stride", "units"]))] = "$k"
            if isinstance(item, dict) and draw(st.integers(0, 4)) == 0:
                item["if"] = False
            if isinstance(item, dict) and draw(st.integers(0, 5)) == 0:
                item["type"] = draw(st.sampled_from(block_names))  # nesting, or a loop
        block: dict[str, Any] = {"layers": inner}
        if draw(st.booleans()):
            block["args"] = {"k": draw(st.none() | st.integers(1, 5))}
        if draw(st.integers(0, 4)) == 0:
            block["output"] = draw(st.sampled_from(["a", "nowhere"]))
        blocks[name] = block
    document: dict[str, Any] = {
        "input": draw(
            st.lists(st.integers(1, 64), min_size=1, max_size=4)
            | st.sampled_from(["32x32x3", "224x224x3", "100x16", "8x8x8x1", "²x²x3", "0x0"])
            | _odd_value()
        ),
        "layers": items,
    }
    if blocks:
        document["blocks"] = blocks
    if draw(st.integers(0, 5)) == 0:
        document["layout"] = draw(st.sampled_from(["hwc", "chw", "CHW", "xyz"]))
    if names and draw(st.integers(0, 5)) == 0:
        document["outputs"] = draw(st.lists(st.sampled_from([*names, "nowhere"]), max_size=2))
    if draw(st.integers(0, 12)) == 0:  # the whole document replaced by something odd
        return {"odd": draw(hostile_values)}
    return document


# libyaml's emitter: the pure-Python one spends most of a case on the long lists some specs carry.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


LONG_LIST = "long-list-of-"  # written as a flow list of that many numbers by _dump
_LONG_LIST = re.compile(LONG_LIST + r"(\d+)")


def _dump(document: Any) -> str:
    text = yaml.dump(document, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=10**6)
    # Long lists are spliced in as text: representing 90,000 numbers one by one took most of a case.
    return _LONG_LIST.sub(lambda m: "[" + ", ".join(map(str, range(int(m[1])))) + "]", text)


# ---------------------------------------------------------------------------- command lines

PATH_TAILS = [
    "filters",
    "kernel",
    "stride",
    "filters",
    "padding",
    "units",
    "scale",
    "²",
    "",
    "nope",
]
SET_VALUES = st.sampled_from(
    ["1", "2", "3x3", "same", "[1, 2]", "-1", "0", "10**3", "1:9", "true", "x", "", "9" * 1001]
) | st.sampled_from(ODD_TEXT)
VARY_VALUES = st.sampled_from(
    ["1,2,3", "1:4", "1:1000:x2", "1:100000", "0:3", "4:1", "1:2:+0", "2:64:x1", "1:" + "9" * 999]
) | st.sampled_from(ODD_TEXT)
UNDECODABLE = ["\udcff", "a\udcfeb", "\udc80\udc81"]  # what Python makes of non-UTF-8 argv bytes


def _path(draw: st.DrawFn, document: dict[str, Any]) -> str:
    names = [str(item.get("name")) for item in document.get("layers", []) if isinstance(item, dict)]
    head = draw(
        st.sampled_from(
            ["l0", "l1", "l2", "layers.0", "layers.1", "layers.²", "layers.٣", "layers.-1", "input"]
        )
        | st.sampled_from([n for n in names if n != "None"] or ["conv1"])
        | st.sampled_from(["input.size", "input.channels", "conv1", "layers", "", "."])
        | st.sampled_from(UNDECODABLE)
    )
    tail = draw(st.sampled_from(PATH_TAILS))
    return f"{head}.{tail}" if tail and not head.startswith("input") else head


def _limit_options(draw: st.DrawFn) -> list[str]:
    options: list[str] = []
    for _ in range(draw(st.integers(0, 2) if draw(st.integers(0, 5)) == 0 else st.just(0))):
        limit = draw(st.sampled_from(LIMITS))
        options += [limit.option, str(draw(st.sampled_from([1, 2, 10, 1000, 0, -1])))]
    return options


@st.composite
def command_lines(draw: st.DrawFn) -> tuple[list[str], str]:
    """A command line over a structured spec; the spec's text is written to SPEC."""
    document = draw(plausible_specs() if draw(st.integers(0, 2)) == 0 else structured_specs())
    text = _dump(document)
    command = draw(st.sampled_from(["check", "check", "check", "sweep", "calc", "solve"]))
    extra = _limit_options(draw)
    if command == "check":
        args = ["check", "SPEC"]
        args += [
            "--format",
            draw(
                st.sampled_from(
                    [
                        "concise",
                        "table",
                        "json",
                        "github",
                        "sarif",
                        "junit",
                        "csv",
                        "markdown",
                        "gitlab",
                    ]
                )
            ),
        ]
        for _ in range(draw(st.integers(0, 2))):
            args += ["--set", f"{_path(draw, document)}={draw(SET_VALUES)}"]
        if draw(st.booleans()):
            args += ["--strict"]
        if draw(st.booleans()):
            args += ["--framework", "tensorflow"]
        return args + extra, text
    if command == "sweep":
        args = ["sweep", "SPEC"]
        for _ in range(draw(st.integers(1, 3))):
            args += ["--vary", f"{_path(draw, document)}={draw(VARY_VALUES)}"]
        if draw(st.integers(0, 3)) == 0:
            args += ["--set", f"{_path(draw, document)}={draw(SET_VALUES)}"]
        args += ["--format", draw(st.sampled_from(["table", "json", "csv"]))]
        return args + extra, text
    if command == "calc":
        shape = document.get("input")
        shape_text = (
            "x".join(str(v) for v in shape) if isinstance(shape, list) else str(shape)
        ) + draw(st.sampled_from(["", "", "\udcff", "x²"]))
        args = ["calc", "--input", shape_text]
        for item in document.get("layers", [])[:6]:
            if not isinstance(item, dict):
                args.append(str(item))
                continue
            fields = [
                f"{key}={json.dumps(value) if not isinstance(value, str) else value}"
                for key, value in item.items()
                if key not in ("type", "name", "from", "if")
            ]
            argument = str(item.get("type")) + (":" + ",".join(fields) if fields else "")
            if draw(st.integers(0, 8)) == 0:
                argument += draw(st.sampled_from(UNDECODABLE))
            args.append(argument)
        return args + extra, text
    args = ["solve", "--input", str(draw(st.integers(1, 300) | st.sampled_from(HUGE[:4])))]
    for option in ("--kernel", "--stride", "--dilation", "--padding", "--output"):
        if draw(st.booleans()):
            args += [option, draw(st.sampled_from(["any", "1", "3", "0", "2,1", "x", "9" * 40]))]
    if draw(st.integers(0, 3)) == 0:
        args += ["--max-padding", draw(st.sampled_from(["10", "100000", str(10**20)]))]
    if draw(st.integers(0, 3)) == 0:
        args += ["--limit", draw(st.sampled_from(["0", "1", "5"]))]
    if draw(st.integers(0, 5)) == 0:
        args += ["--same"]
    if draw(st.integers(0, 5)) == 0:
        args += ["--max-solve-settings", draw(st.sampled_from(["1", "1000", "0"]))]
    args += ["--format", draw(st.sampled_from(["table", "json"]))]
    return args, text


# ---------------------------------------------------------------------------- mutation

SEED_TEXTS = [path.read_bytes() for path in SEEDS]
WORDS = sorted(
    {*KINDS, "type", "name", "from", "if", "repeat", "blocks", "layers", "input", "args", "first"}
    | {"names", "flat"}
    | {f.name for kind in KINDS.values() for f in kind.fields}
)


@st.composite
def byte_mutations(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEED_TEXTS)))
    for _ in range(draw(st.integers(1, 8))):
        where = draw(st.integers(0, max(len(data) - 1, 0)))
        how = draw(st.sampled_from(["flip", "insert", "delete", "replace", "splice"]))
        if how == "flip" and data:
            data[where] ^= 1 << draw(st.integers(0, 7))
        elif how == "insert":
            data[where:where] = draw(
                st.sampled_from(
                    [
                        b"\xff",
                        b"\xc3",
                        b"\x00",
                        b"\xed\xa0\x80",
                        b"\x1b[2J",
                        b"\t",
                        b"{",
                        b"[",
                        b"&a ",
                        b"*a",
                        b"\n  ",
                        b"9" * 1200,
                        b"\r",
                    ]
                )
                | st.binary(max_size=4)
            )
        elif how == "delete":
            del data[where : where + draw(st.integers(1, 40))]
        elif how == "replace" and data:
            data[where] = draw(st.integers(0, 255))
        elif how == "splice":
            other = draw(st.sampled_from(SEED_TEXTS))
            start = draw(st.integers(0, max(len(other) - 1, 0)))
            data[where:where] = other[start : start + draw(st.integers(1, 200))]
    return bytes(data)


@st.composite
def token_mutations(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):
        return draw(mutated_specs()).encode("utf-8")  # YAML-aware, from tests/cli/test_hostile.py
    tokens = draw(st.sampled_from(SEED_TEXTS)).decode("utf-8").split(" ")
    for _ in range(draw(st.integers(1, 6))):
        where = draw(st.integers(0, len(tokens) - 1))
        how = draw(st.sampled_from(["swap", "repeat", "drop", "word", "odd"]))
        if how == "swap":
            other = draw(st.integers(0, len(tokens) - 1))
            tokens[where], tokens[other] = tokens[other], tokens[where]
        elif how == "repeat":
            tokens[where:where] = [tokens[where]] * draw(st.integers(1, 5))
        elif how == "drop" and len(tokens) > 1:
            del tokens[where]
        elif how == "word":
            tokens[where] = draw(st.sampled_from(WORDS))
        else:
            tokens[where] = draw(st.sampled_from(ODD_TEXT))
    return " ".join(tokens).encode("utf-8", "surrogateescape")


# ---------------------------------------------------------------------------- the oracle


class Hang(Exception):
    """Raised by the watchdog in the case that ran too long."""


def _watchdog(signum: int, frame: FrameType | None) -> None:
    raise Hang


@dataclass
class Figures:
    counts: Counter[str] = field(default_factory=Counter)
    exits: Counter[str] = field(default_factory=Counter)
    seconds: Counter[str] = field(default_factory=Counter)
    failures: list[dict[str, Any]] = field(default_factory=list)
    slowest: tuple[float, str, list[str]] = (0.0, "", [])


class Oracle:
    """Runs one case in-process and records whether it kept the contract."""

    def __init__(
        self, timeout: float, workdir: Path, progress: int = 0, wall_timeout: float = 0.0
    ) -> None:
        self.timeout = timeout
        self.wall_timeout = wall_timeout or 10 * timeout
        self.progress = progress  # print the figures every so many inputs (0: at the end only)
        self.start = time.perf_counter()
        self.workdir = workdir
        self.runner = CliRunner()
        self.figures = Figures()

    def run(self, category: str, args: list[str], spec: bytes | None) -> None:
        case = self.workdir / "case"
        if case.exists():
            shutil.rmtree(case)
        case.mkdir()
        path = case / "spec.yaml"
        if spec is not None:
            path.write_bytes(spec)
        args = [str(path) if arg == "SPEC" else arg for arg in args]
        before = sorted(case.iterdir())
        signal.setitimer(signal.ITIMER_PROF, self.timeout)
        signal.setitimer(signal.ITIMER_REAL, self.wall_timeout)
        start = time.perf_counter()
        try:
            result = self.runner.invoke(
                main, args, env={"COLUMNS": "120", "NO_COLOR": "1"}, catch_exceptions=True
            )
        except Hang:  # raised outside the command (CliRunner's own code): still a hang
            result = None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.setitimer(signal.ITIMER_PROF, 0)
        took = time.perf_counter() - start
        figures = self.figures
        figures.counts[category] += 1
        figures.seconds[category] += took
        if took > figures.slowest[0]:
            figures.slowest = (took, category, args)
        problem: str | None = None
        if result is None or isinstance(result.exception, Hang):
            problem = f"no answer within {self.timeout:g} s of CPU time or {self.wall_timeout:g} s"
        elif result.exception is not None and not isinstance(result.exception, SystemExit):
            error = result.exception
            problem = f"{type(error).__name__}: {str(error)[:300]}"
        elif result.exit_code not in (0, 1, 2):
            problem = f"exit code {result.exit_code}"
        elif "Traceback" in result.output:
            problem = "a traceback in the output"
        else:
            figures.exits[f"{category}:{result.exit_code}"] += 1
        if spec is not None and (path.read_bytes() != spec or sorted(case.iterdir()) != before):
            problem = (problem + "; " if problem else "") + "an input file was changed or added"
        if self.progress and sum(figures.counts.values()) % self.progress == 0:
            for line in report(figures, time.perf_counter() - self.start):
                print(line, flush=True)
        if problem is not None:
            figures.failures.append(
                {
                    "category": category,
                    "problem": problem,
                    "args": [ascii(arg)[:300] for arg in args],
                    "spec": ascii(spec)[:2000] if spec is not None else None,
                }
            )


# ---------------------------------------------------------------------------- running


def _hypothesis_settings(count: int, seed_value: int) -> Callable[[Any], Any]:
    chosen = settings(
        max_examples=count,
        deadline=None,
        database=None,
        phases=[Phase.generate],  # failures are recorded, not raised: nothing to shrink
        suppress_health_check=list(HealthCheck),
    )

    def decorate(test: Any) -> Any:
        return seed(seed_value)(chosen(test))

    return decorate


def fuzz(
    structured: int,
    mutated: int,
    seed_value: int = 0,
    timeout: float = 20.0,
    progress: int = 0,
    wall_timeout: float = 0.0,
) -> Figures:
    """Run the cases (structured: command lines over specs from the registry; mutated: the
    shipped specs mutated, given to `check`) and return the figures."""
    workdir = Path(tempfile.mkdtemp(prefix="convcalc-fuzz-"))
    oracle = Oracle(timeout, workdir, progress, wall_timeout)
    previous = signal.signal(signal.SIGALRM, _watchdog)
    previous_prof = signal.signal(signal.SIGPROF, _watchdog)
    try:
        if mutated:
            rng = random.Random(seed_value)
            formats = ["concise", "json", "table", "sarif", "junit"]

            @_hypothesis_settings(mutated, seed_value + 1)
            @given(
                case=st.tuples(st.just("mutated-bytes"), byte_mutations())
                | st.tuples(st.just("mutated-tokens"), token_mutations())
            )
            def mutated_cases(case: tuple[str, bytes]) -> None:
                category, data = case
                oracle.run(category, ["check", "SPEC", "--format", rng.choice(formats)], data)

            mutated_cases()
        if structured:

            @_hypothesis_settings(structured, seed_value)
            @given(case=command_lines())
            def structured_cases(case: tuple[list[str], str]) -> None:
                args, text = case
                category = "structured-" + args[0]
                spec = text.encode("utf-8", "surrogateescape") if "SPEC" in args else None
                oracle.run(category, args, spec)

            structured_cases()
    finally:
        signal.signal(signal.SIGALRM, previous)
        signal.signal(signal.SIGPROF, previous_prof)
        shutil.rmtree(workdir, ignore_errors=True)
    return oracle.figures


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(figures: Figures, seconds: float) -> Iterator[str]:
    total = sum(figures.counts.values())
    yield f"inputs: {total:,} in {seconds:,.0f} s; peak memory {_peak_mib():,.0f} MiB"
    for category in sorted(figures.counts):
        count = figures.counts[category]
        exits = ", ".join(
            f"exit {key.split(':')[1]}: {value:,}"
            for key, value in sorted(figures.exits.items())
            if key.startswith(category + ":")
        )
        mean = figures.seconds[category] / count * 1000
        yield f"  {category:<20} {count:>8,} inputs, {mean:6.1f} ms each ({exits})"
    took, category, args = figures.slowest
    yield f"slowest: {took:.2f} s ({category}: {' '.join(ascii(a)[:80] for a in args)[:300]})"
    yield f"failures: {len(figures.failures)}"
    for failure in figures.failures[:20]:
        yield f"  [{failure['category']}] {failure['problem']}: {failure['args']}"


def main_(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--structured", type=int, default=1000, help="structured inputs")
    parser.add_argument("--mutated", type=int, default=200, help="mutated spec files")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=20.0, help="CPU seconds per case")
    parser.add_argument(
        "--wall-timeout", type=float, default=0.0, help="clock seconds per case (10 × --timeout)"
    )
    parser.add_argument("--memory", type=int, default=4096, help="address space cap, MiB")
    parser.add_argument("--failures", type=Path, help="write the failures here as JSON")
    parser.add_argument("--progress", type=int, default=0, help="figures every N inputs")
    options = parser.parse_args(argv)
    cap = options.memory * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, resource.getrlimit(resource.RLIMIT_AS)[1]))
    start = time.perf_counter()
    figures = fuzz(
        options.structured,
        options.mutated,
        options.seed,
        options.timeout,
        options.progress,
        options.wall_timeout,
    )
    for line in report(figures, time.perf_counter() - start):
        print(line, flush=True)
    if options.failures is not None:
        options.failures.write_text(json.dumps(figures.failures, indent=2), encoding="utf-8")
    return 1 if figures.failures else 0


if __name__ == "__main__":
    os.environ.setdefault("COLUMNS", "120")
    sys.exit(main_())
