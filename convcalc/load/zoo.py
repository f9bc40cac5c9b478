"""The zoo: specs of torchvision's CNNs shipped inside the package (convcalc/zoo/*.yaml).

`zoo:NAME` stands for a file wherever a spec path is read (check, calc's --set, sweep, solve,
completion): `read_bytes` in load/files.py comes here for it. The specs are package data, read
with importlib.resources so they are found in a wheel or a zip as in a checkout.
"""

from __future__ import annotations

import difflib
import json
from importlib import resources
from typing import Any

from convcalc.core.printable import printable

PREFIX = "zoo:"
SUFFIX = ".yaml"
# Each entry's input, parameters and MACs as the engine computes them, written beside the specs by
# tools/write_zoo.py (and checked against the engine by tests/cli/test_zoo.py), so that listing
# the zoo does not compute 74 networks.
CATALOG = "catalog.json"


class ZooError(Exception):
    """No zoo entry of that name (a usage error: exit code 2)."""


def is_zoo(path: str) -> bool:
    return path.startswith(PREFIX)


def catalog() -> dict[str, dict[str, Any]]:
    """The written figures per entry: `input` (as written), `params` and `macs` (None where the
    engine could not compute them)."""
    text = resources.files("convcalc").joinpath("zoo").joinpath(CATALOG).read_text("utf-8")
    entries: dict[str, dict[str, Any]] = json.loads(text)
    return entries


def names() -> list[str]:
    """Every zoo entry, sorted."""
    return sorted(
        entry.name[: -len(SUFFIX)]
        for entry in resources.files("convcalc").joinpath("zoo").iterdir()
        if entry.name.endswith(SUFFIX) and entry.is_file()
    )


def close_matches(name: str) -> list[str]:
    """Entries spelled like `name` (a typo, or a size left out: `resnet` → resnet18 … 152)."""
    known = names()
    lowered = name.lower()
    starting = [entry for entry in known if lowered and entry.startswith(lowered)]
    similar = difflib.get_close_matches(lowered, known, n=5, cutoff=0.6)
    return list(dict.fromkeys([*similar, *starting]))[:8]


def unknown(name: str) -> ZooError:
    matches = close_matches(name)
    hint = (
        "did you mean " + ", ".join(f"zoo:{match}" for match in matches) + "?"
        if matches
        else "`convcalc zoo` lists them"
    )
    return ZooError(f"zoo:{printable(name)}: no such zoo entry; {hint}")


def spec_bytes(path: str) -> bytes:
    """The spec text of `zoo:NAME` (or of a bare NAME); ZooError for an unknown name."""
    name = path[len(PREFIX) :] if is_zoo(path) else path
    if name not in names():  # also refuses `../x` and any other name that is not an entry
        raise unknown(name)
    return resources.files("convcalc").joinpath("zoo").joinpath(name + SUFFIX).read_bytes()
