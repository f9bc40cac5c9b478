"""Completion in the real shells: bash, zsh and fish run the scripts that
`_CONVCALC_COMPLETE=<shell>_source convcalc` prints, as a user's shell does on Tab.

.ci/run installs zsh and fish; elsewhere a missing shell skips its tests (in CI it fails them).
"""

from __future__ import annotations

import os
import pty
import re
import select
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

# Real shells started per case (about 35 s in all): CI runs them, the fast loop does not.
pytestmark = pytest.mark.slow

SPEC = """\
input: [32, 32, 3]
layers:
  - {type: conv, name: conv1, filters: 8, kernel: 3, padding: 1}
  - {type: conv, name: conv2, filters: 8, kernel: 3, padding: 1}
  - {type: maxpool, name: pool, kernel: 2}
"""
BIN = Path(sys.executable).parent  # the environment's bin: convcalc is there
CAPTURE_ZSH = Path(__file__).with_name("shells") / "capture.zsh"
BASH_WORDBREAKS = " \t\n\"'><=;|&(:"  # bash's default, which the test must not change


def _shell(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        message = f"{name} is not installed (.ci/run installs it: apt-get install zsh fish)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A directory with a spec, a directory and a non-spec file; the shells run in it."""
    (tmp_path / "net.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "nets").mkdir()
    (tmp_path / "notes.txt").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _environment() -> dict[str, str]:
    assert (BIN / "convcalc").exists(), BIN
    environment = {k: v for k, v in os.environ.items() if not k.startswith("_CONVCALC")}
    environment["PATH"] = f"{BIN}{os.pathsep}{environment.get('PATH', '')}"
    return environment


def _bash_words(line: str) -> list[str]:
    """COMP_WORDS as bash's readline cuts the line: at blanks and at COMP_WORDBREAKS."""
    breaks = re.escape(BASH_WORDBREAKS.strip())
    words = re.findall(rf"[^\s{breaks}]+|[{breaks}]+", line)
    return [*words, ""] if not line or line[-1].isspace() else words


def bash(line: str) -> list[str]:
    """COMPREPLY after Tab at the end of `line`."""
    words = _bash_words(line)
    script = "\n".join(
        [
            'eval "$(_CONVCALC_COMPLETE=bash_source convcalc)"',
            f"COMP_LINE={shlex.quote(line)}",
            "COMP_POINT=${#COMP_LINE}",
            f"COMP_WORDS=({' '.join(shlex.quote(word) for word in words)})",
            f"COMP_CWORD={len(words) - 1}",
            'if [[ "$COMP_WORDBREAKS" != *:* ]]; then echo "no : in COMP_WORDBREAKS"; exit 3; fi',
            "_convcalc_completion convcalc",
            'printf "%s\\n" "${COMPREPLY[@]}"',
        ]
    )
    result = subprocess.run(
        [_shell("bash"), "--norc", "--noprofile", "-c", script],
        capture_output=True,
        text=True,
        env=_environment(),
        timeout=60,
    )
    assert result.returncode == 0 and not result.stderr, result
    return [value for value in result.stdout.splitlines() if value]


def _read_until(terminal: int, marker: bytes, seen: bytearray) -> None:
    deadline = time.monotonic() + 60
    while marker not in seen:
        assert time.monotonic() < deadline, bytes(seen)
        if select.select([terminal], [], [], 0.2)[0]:
            seen += os.read(terminal, 4096)


def bash_tab(line: str) -> str:
    """The line after one Tab in an interactive bash on a terminal: readline cuts the words."""
    terminal, shell_side = pty.openpty()
    environment = _environment() | {"TERM": "dumb"}
    shell = subprocess.Popen(
        [_shell("bash"), "--norc", "--noprofile", "-i"],
        stdin=shell_side,
        stdout=shell_side,
        stderr=shell_side,
        env=environment,
        start_new_session=True,
    )
    os.close(shell_side)
    seen = bytearray()
    try:
        os.write(terminal, b"PS1='$ '; eval \"$(_CONVCALC_COMPLETE=bash_source convcalc)\"\n")
        os.write(terminal, b"echo READY''MARK\n")  # the quotes: the typed text is not the mark
        _read_until(terminal, b"READYMARK", seen)
        # Tab; then Ctrl-A and `echo LINE:` make the completed line print itself.
        os.write(terminal, line.encode() + b"\t\x01echo LINE: \r")
        os.write(terminal, b"echo DONE''MARK\n")
        _read_until(terminal, b"DONEMARK", seen)
        os.write(terminal, b"exit\n")
        shell.wait(timeout=30)
    finally:
        shell.kill()
        os.close(terminal)
    printed = [text for text in seen.decode().splitlines() if text.startswith("LINE: ")]
    assert len(printed) == 1, bytes(seen)
    return printed[0].removeprefix("LINE: ")


def zsh(line: str) -> list[str]:
    """The matches an interactive zsh offers on Tab at the end of `line`."""
    capture = Path.cwd() / ".capture"
    capture.unlink(missing_ok=True)
    environment = _environment() | {"CAPTURE": str(capture)}
    subprocess.run(
        [_shell("zsh"), "-f", str(CAPTURE_ZSH), line], env=environment, timeout=90, check=True
    )
    lines = capture.read_text(encoding="utf-8").splitlines()
    capture.unlink()
    assert lines[-1:] == ["__END__"], lines
    return [value for value in lines[:-1] if value]


def fish(line: str) -> list[str]:
    """What fish completes for `line` (complete -C runs the completions as Tab does)."""
    script = (
        f"env _CONVCALC_COMPLETE=fish_source convcalc | source; complete -C {shlex.quote(line)}"
    )
    result = subprocess.run(
        [_shell("fish"), "--no-config", "-c", script],
        capture_output=True,
        text=True,
        env=_environment(),
        timeout=60,
    )
    assert result.returncode == 0 and not result.stderr, result
    return [value.split("\t")[0] for value in result.stdout.splitlines()]


SHELLS = {"bash": bash, "zsh": zsh, "fish": fish}


@pytest.mark.parametrize("shell", SHELLS)
def test_path_arguments_complete_files_and_directories(shell: str, folder: Path) -> None:
    complete = SHELLS[shell]
    for line in ["convcalc check ne", "convcalc sweep ne", "convcalc check --config ne"]:
        found = {value.rstrip("/") for value in complete(line)}
        assert found == {"net.yaml", "nets"}, (line, found)
    assert "notes.txt" in complete("convcalc check net.yaml no")


@pytest.mark.parametrize("shell", SHELLS)
def test_set_and_vary_complete_partial_words(shell: str, folder: Path) -> None:
    complete = SHELLS[shell]
    assert complete("convcalc check net.yaml --set con") == ["conv1.", "conv2."]
    assert complete("convcalc check net.yaml --set conv1.st") == ["conv1.stride"]
    assert complete("convcalc sweep net.yaml --vary conv2.fil") == ["conv2.filters"]
    assert "pool.kernel" in complete("convcalc check net.yaml --set pool.")


@pytest.mark.parametrize("shell", SHELLS)
def test_calc_layers_with_colons_and_equals(shell: str, folder: Path) -> None:
    """`conv:filters=8` is one argument, though bash's COMP_WORDS cut it in five."""
    line = "convcalc calc --input 32x32x3 conv:filters=8,kernel=3 relu --set conv1.ke"
    assert SHELLS[shell](line) == ["conv1.kernel"]


def test_bash_replaces_only_the_part_after_a_wordbreak(folder: Path) -> None:
    # Bash replaces `con`, the part after `=`; zsh and fish replace the whole word.
    assert bash("convcalc check net.yaml --set=con") == ["conv1.", "conv2."]
    assert fish("convcalc check net.yaml --set=con") == ["--set=conv1.", "--set=conv2."]
    assert zsh("convcalc check net.yaml --set=con") == ["--set=conv1.", "--set=conv2."]


@pytest.mark.parametrize("shell", SHELLS)
def test_values_after_the_equals_sign(shell: str, folder: Path) -> None:
    found = SHELLS[shell]("convcalc check net.yaml --set conv1.padding=s")
    # Bash replaces the part after `=`, which COMP_WORDBREAKS cuts off; the others the word.
    assert found == (["same"] if shell == "bash" else ["conv1.padding=same"])


@pytest.mark.parametrize(
    ("typed", "completed"),
    [
        ("convcalc check net.y", "convcalc check net.yaml"),
        (
            "convcalc calc --input 32x32x3 conv:filters=8,kernel=3 relu --set conv1.ke",
            "convcalc calc --input 32x32x3 conv:filters=8,kernel=3 relu --set conv1.kernel",
        ),
        ("convcalc check net.yaml --set=conv1.st", "convcalc check net.yaml --set=conv1.stride"),
        (
            "convcalc check net.yaml --set conv1.padding=ca",
            "convcalc check net.yaml --set conv1.padding=causal",
        ),
    ],
)
def test_tab_in_an_interactive_bash(typed: str, completed: str, folder: Path) -> None:
    assert bash_tab(typed) == completed
