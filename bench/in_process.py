"""Where a check's time goes, in one process: imports, reading, building, calculating, encoding.

    python bench/in_process.py SPEC [--runs N]     # one spec: its stages, CPU ms
    python bench/in_process.py DIR [--runs N]      # every *.yaml below DIR: per file and per layer

A whole-process script (startup.py, many_files.py) says how long a check takes; this one says
which stage takes it, for A/B comparisons of a change. It imports the convcalc found first on
sys.path: run it with `PYTHONPATH=TREE` to measure the tree TREE (as a script, its own directory
comes first on sys.path, and an editable install would otherwise win whatever the current
directory). For a spec: the CPU ms of importing convcalc's command line, then the check's own
modules, then of reading, building and calculating the spec the first time (the kinds' and rules'
modules load then) and the minimum over --runs of doing it again, and of encoding its JSON report.
For a directory (e.g. the specs `many_files.py --keep DIR` writes): the minimum over --runs of
libyaml's C loader alone, convcalc's reading (parse), reading and building (load), and
calculating, per file, and the calculation per layer. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def cpu_ms(action: Callable[[], object]) -> float:
    start = time.process_time()
    action()
    return (time.process_time() - start) * 1000


def best_ms(action: Callable[[], object], runs: int) -> float:
    return min(cpu_ms(action) for _ in range(runs))


def one_spec(path: Path, runs: int) -> None:
    figures: dict[str, float] = {}
    figures["import yaml, click"] = cpu_ms(lambda: __import__("click") and __import__("yaml"))
    figures["import convcalc.cli.main"] = cpu_ms(lambda: __import__("convcalc.cli.main"))

    def check_modules() -> None:
        for name in ("convcalc.commands.check", "convcalc.report.json_format"):
            __import__(name)

    figures["import check, engine, JSON report"] = cpu_ms(check_modules)
    from convcalc.core.settings import CalculationSettings
    from convcalc.engine.calculator import calculate_network
    from convcalc.load.files import load_text
    from convcalc.report.json_format import report_dict
    from convcalc.report.json_writer import json_text

    text = path.read_text(encoding="utf-8")
    loaded: list[Any] = []
    figures["load, first"] = cpu_ms(lambda: loaded.append(load_text(text, str(path))[0]))
    network = loaded[0]
    if network is None:
        raise SystemExit(f"{path}: does not load")
    settings = CalculationSettings()
    reports: list[Any] = []
    figures["calculate, first"] = cpu_ms(
        lambda: reports.append(calculate_network(network, settings))
    )
    figures[f"load, min of {runs}"] = best_ms(lambda: load_text(text, str(path)), runs)
    figures[f"calculate, min of {runs}"] = best_ms(
        lambda: calculate_network(network, settings),
        runs,
    )
    report = reports[0]
    figures[f"JSON report, min of {runs}"] = best_ms(
        lambda: json_text(report_dict(report, network.layout)),
        runs,
    )
    print(f"{path}: {len(network.layers):,} layers")
    width = max(map(len, figures))
    for name, value in figures.items():
        print(f"  {name.ljust(width)}  {value:8.1f} CPU ms")


def directory(path: Path, runs: int) -> None:
    import yaml

    from convcalc.core.settings import CalculationSettings
    from convcalc.engine.calculator import calculate_network
    from convcalc.load.files import load_text
    from convcalc.load.yaml_source import parse_yaml

    texts = [(p.read_text(encoding="utf-8"), str(p)) for p in sorted(path.rglob("*.yaml"))]
    if not texts:
        raise SystemExit(f"{path}: no *.yaml below it")
    networks = [load_text(text, source)[0] for text, source in texts]
    loaded = [network for network in networks if network is not None]
    layers = sum(len(network.layers) for network in loaded)
    settings = CalculationSettings()
    figures = {
        "libyaml's C loader": best_ms(
            lambda: [yaml.load(text, Loader=yaml.CSafeLoader) for text, _ in texts], runs
        ),
        "parse": best_ms(lambda: [parse_yaml(text, source) for text, source in texts], runs),
        "load (parse and build)": best_ms(
            lambda: [load_text(text, source) for text, source in texts], runs
        ),
        "calculate": best_ms(
            lambda: [calculate_network(network, settings) for network in loaded], runs
        ),
    }
    print(f"{path}: {len(texts):,} files ({len(loaded):,} load), {layers:,} layers")
    width = max(map(len, figures))
    for name, value in figures.items():
        print(f"  {name.ljust(width)}  {value / len(texts):8.2f} CPU ms per file")
    per_layer = figures["calculate"] * 1000 / layers
    print(f"  {'calculate'.ljust(width)}  {per_layer:8.1f} CPU µs per layer")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="a spec, or a directory of specs")
    parser.add_argument("--runs", type=int, default=5, help="repetitions; the minimum is shown")
    options = parser.parse_args()
    if options.runs < 1:
        parser.error("--runs must be at least 1")
    if options.path.is_dir():
        directory(options.path, options.runs)
    elif options.path.is_file():
        one_spec(options.path, options.runs)
    else:
        parser.error(f"no such file or directory: {options.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
