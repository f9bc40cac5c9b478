"""Shell completion of override paths (`--set`, `--vary`) from the spec on the command line.

Click calls `complete_path` while the user presses Tab: it reads the spec the command line names
so far (`check FILE`, `sweep SPEC`, `calc --input … LAYER…`) and offers `layer.` and then
`layer.field`. Nothing here may fail or print: any problem means no suggestions. The loaders
and the kind registry are imported only when Tab is pressed: every command line imports this
module (the options name `complete_path`), and start-up must not pay for them.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import click
    from click.shell_completion import CompletionItem

    from convcalc.core.specs import NetworkSpec

INPUT_PATHS = ("input", "input.size", "input.channels")


def _network(params: dict[str, Any], leftover: list[str]) -> NetworkSpec | None:
    """The spec the command line names. While an option waits for its value, click leaves the
    positional arguments unparsed: they are in `leftover` instead of `params`."""
    from convcalc.load.files import load_arguments, load_path  # start-up: see the docstring

    if params.get("input_text"):
        layers = tuple(params.get("layers") or leftover)
        network, _ = load_arguments(params["input_text"], layers, "hwc")
        return network
    paths = [*(params.get("files") or ()), *([params["spec"]] if params.get("spec") else [])]
    for path in paths or leftover:
        if path != "-" and os.path.isfile(path):
            network, _ = load_path(path)
            return network
    return None


def path_completions(network: NetworkSpec, incomplete: str) -> list[str]:
    """`con` -> `conv1.`, `conv2.`; `conv1.` or a single match -> `conv1.filters`, …"""
    # Imported here for start-up (see the module's docstring).
    from convcalc.kinds import KINDS
    from convcalc.load.overrides import find_layer

    if "=" in incomplete:
        return []  # a value: nothing to offer

    def fields_of(prefix: str, kind: str, partial: str = "") -> list[str]:
        return [
            f"{prefix}{field.name}"
            for field in KINDS[kind].fields
            if field.name.startswith(partial.lower())
        ]

    found = find_layer(network, incomplete)
    # `layers.1` is still being typed (layers.10, …): a field follows only after its dot.
    if found is not None and (found[1] or incomplete.endswith(".")):
        layer, partial = found
        return fields_of(incomplete[: len(incomplete) - len(partial)], layer.kind, partial)
    inputs = [path for path in INPUT_PATHS if path.startswith(incomplete)]
    layers = [layer for layer in network.layers if layer.name.startswith(incomplete)]
    if incomplete.startswith("layers."):
        layers = [
            layer for layer in network.layers if f"layers.{layer.index}.".startswith(incomplete)
        ]
        return [f"layers.{layer.index}." for layer in layers]
    if len(layers) == 1 and not inputs:
        return fields_of(layers[0].name + ".", layers[0].kind)
    # One suggestion per next name segment, so `layer2.` lists `layer2.0.`, `layer2.1.`, …
    offered: list[str] = []
    for layer in layers:
        cut = layer.name.find(".", len(incomplete))
        segment = layer.name[: cut + 1] if cut != -1 else layer.name + "."
        if segment not in offered:
            offered.append(segment)
    return [*inputs, *offered]


def complete_path(
    context: click.Context, parameter: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    from click.shell_completion import CompletionItem

    try:
        network = _network(context.params, list(context.args))
        if network is None:
            return []
        return [CompletionItem(text) for text in path_completions(network, incomplete)]
    except Exception:  # completion must never break the shell
        return []
