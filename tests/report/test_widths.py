"""The table at any terminal width: columns drop in the documented order, at 70 columns and below
the rows stack, and no screen cuts a number, shape or name with `…` or runs past the width.

The fast variant draws on a rich terminal of each width in-process; the slow one runs convcalc in
a real terminal (tmux) and compares the captured screen with the goldens in
tests/fixtures/screens/ (re-record with CONVCALC_RECORD_SCREENS=1 after an intended change)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import invoke
from rich.console import Console

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ROOT / "tests" / "fixtures" / "screens"
WIDTHS = (200, 100, 80, 70, 50)
DONE = ("0 errors", "1 error", "2 errors")  # the summary line: convcalc has finished
RESNET50 = "specs/torchvision/resnet50.yaml"
SPECS = ("specs/alexnet.yaml", "specs/inception_block.yaml", "specs/torchvision/resnet50.yaml")


def _on_terminal(monkeypatch: pytest.MonkeyPatch, width: int, color: bool) -> None:
    """The table's console is a terminal `width` columns wide, writing to standard output."""

    def console_for(_: str) -> Console:
        return Console(
            file=sys.stdout,
            force_terminal=True,
            color_system="standard" if color else None,
            highlight=False,
            width=width,
        )

    for module in ("table", "sweep_format", "solve_format"):
        monkeypatch.setattr(f"convcalc.report.{module}.console_for", console_for)


def _plain(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


# Colour changes no width: the fast loop draws each screen once without it and once with it at
# 80 columns; CI (slow) draws every combination.
SCREEN_CASES = [
    pytest.param(spec, width, color, marks=() if not color or width == 80 else pytest.mark.slow)
    for spec in SPECS
    for width in WIDTHS
    for color in (False, True)
    if spec != RESNET50 or width in (100, 50) or color
]


@pytest.mark.parametrize(("spec", "width", "color"), SCREEN_CASES)
def test_no_screen_cuts_or_overflows(
    monkeypatch: pytest.MonkeyPatch, spec: str, width: int, color: bool
) -> None:
    _on_terminal(monkeypatch, width, color)
    screen = _plain(invoke("check", "--format", "table", str(ROOT / spec)).stdout)
    assert "…" not in screen
    assert all(len(line) <= width for line in screen.splitlines()), screen
    assert "total" in screen and "0 errors" in screen


OTHER_VIEWS = {
    "sweep": (
        "sweep",
        "specs/alexnet.yaml",
        "--vary",
        "input.size=223:227",
        "--vary",
        "conv1.padding=0,1",
    ),
    "solve": ("solve", "--input", "224", "--kernel", "11", "--stride", "4"),
    "diff": ("check", "--format", "table", "specs/alexnet.yaml", "--set", "conv1.stride=2"),
}


@pytest.mark.parametrize(
    ("view", "width", "color"),
    [
        pytest.param(view, width, color, marks=() if not color else pytest.mark.slow)
        for view in sorted(OTHER_VIEWS)
        for width in WIDTHS
        for color in (False, True)
    ],
)
def test_sweep_solve_and_the_set_view_fit_too(
    monkeypatch: pytest.MonkeyPatch, view: str, width: int, color: bool
) -> None:
    _on_terminal(monkeypatch, width, color)
    monkeypatch.chdir(ROOT)
    screen = _plain(invoke(*OTHER_VIEWS[view]).stdout)
    assert "…" not in screen
    assert all(len(line) <= width for line in screen.splitlines()), screen
    assert screen.count("\n") > 3


def test_resnet50_with_macs_fits_100_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    _on_terminal(monkeypatch, 100, False)
    screen = invoke("check", "--format", "table", str(ROOT / "specs/torchvision/resnet50.yaml"))
    lines = screen.stdout.splitlines()
    assert "MACs" in lines[1] and "not shown" not in screen.stdout
    assert any("4.09 G" in line for line in lines) and "97.5 MiB" in screen.stdout


def test_columns_drop_in_order_and_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    _on_terminal(monkeypatch, 100, False)
    screen = invoke(
        "check", "--format", "table", "--wide", str(ROOT / "specs/torchvision/resnet50.yaml")
    ).stdout
    note = next(line for line in screen.splitlines() if line.startswith("not shown at 100"))
    dropped = note.split(": ", 1)[1].split(" (")[0].split(", ")
    assert dropped[:3] == ["im2col bytes", "im2col", "param bytes"]


def test_stacked_at_50(monkeypatch: pytest.MonkeyPatch) -> None:
    _on_terminal(monkeypatch, 50, False)
    screen = invoke("check", "--format", "table", str(ROOT / "specs/alexnet.yaml")).stdout
    assert "  output: 55×55×96" in screen


def test_columns_option_picks_and_orders() -> None:
    result = invoke(
        "calc", "--input", "227x227x3", "conv:filters=96,kernel=11,stride=4",
        "--columns", "output_size,mult_adds,name,im2col",
    )  # fmt: skip
    header = result.stdout.splitlines()[1].split()
    assert header == ["output", "MACs", "name", "im2col"]
    assert "363×3,025" in result.stdout


def test_unknown_column_is_a_usage_error() -> None:
    result = invoke("calc", "--input", "8x8x3", "relu", "--columns", "name,nope")
    assert result.exit_code == 2
    assert "no column nope" in result.stderr


# ---------------------------------------------------------------------------- a real terminal


def _tmux_screen(command: list[str], width: int, color: bool) -> str:
    tmux = shutil.which("tmux") or "/usr/bin/tmux"
    socket = f"convcalc-test-{os.getpid()}-{width}-{int(color)}-{time.monotonic_ns()}"
    environment = {**os.environ, "TERM": "xterm-256color"}
    environment.pop("NO_COLOR", None)
    environment.pop("COLUMNS", None)
    if not color:
        environment["NO_COLOR"] = "1"
    shell = " ".join(command) + "; sleep 30"
    base = [tmux, "-L", socket, "-f", "/dev/null"]
    subprocess.run(
        [*base, "new-session", "-d", "-x", str(width), "-y", "400", shell],
        check=True,
        env=environment,
    )
    try:
        screen = ""
        for _ in range(100):
            time.sleep(0.1)
            screen = subprocess.run(
                [*base, "capture-pane", "-p", "-S", "0", "-E", "399"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            if any(line.startswith(DONE) for line in screen.splitlines()):
                break
        return "\n".join(line.rstrip() for line in screen.rstrip().splitlines()) + "\n"
    finally:
        subprocess.run([*base, "kill-server"], check=False)


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("tmux"), reason="no tmux")
@pytest.mark.parametrize("color", [False, True])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("spec", ("specs/alexnet.yaml", "specs/inception_block.yaml"))
def test_real_terminal_screens(spec: str, width: int, color: bool, **_: Any) -> None:
    command = [str(Path(sys.executable).parent / "convcalc"), "check", spec]
    screen = _tmux_screen(command, width, color)
    assert "…" not in screen
    assert all(len(line) <= width for line in screen.splitlines())
    golden = SCREENS / f"{Path(spec).stem}-{width}.txt"
    if os.environ.get("CONVCALC_RECORD_SCREENS"):
        golden.write_text(screen, encoding="utf-8")
    assert screen == golden.read_text(encoding="utf-8")
