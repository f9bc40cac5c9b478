"""The structured fuzzer (tools/fuzz.py) at a size that fits CI: seeded, so every run feeds the
same inputs; the release check runs it at 100,000 structured and 20,000 mutated inputs."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def fuzzer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("convcalc_fuzz", ROOT / "tools/fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_the_fuzzer_finds_nothing(tmp_path: Path) -> None:
    module = fuzzer()
    figures = module.fuzz(structured=120, mutated=60, seed_value=2026, timeout=30.0)
    assert figures.failures == []
    assert sum(figures.counts.values()) == 180
    assert {"mutated-bytes", "mutated-tokens", "structured-check"} <= set(figures.counts)
