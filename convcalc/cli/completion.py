"""Shell completion: file names, and override paths (`--set`, `--vary`) from the spec on the
command line; the shells' sides of click's protocol where click's own fall short.

Click calls `complete_path` while the user presses Tab: it reads the spec the command line names
so far (`check FILE`, `sweep SPEC`, `calc --input … LAYER…`) and offers `layer.` and then
`layer.field`. Nothing here may fail or print: any problem means no suggestions. The loaders,
the kind registry and click's completion module are imported only when Tab is pressed: every
command line imports this module (the options name `complete_path`), and start-up must not pay
for them.
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
        if path != "-" and (os.path.isfile(path) or path.startswith("zoo:")):
            network, _ = load_path(path)
            return network
    return None


def path_completions(network: NetworkSpec, incomplete: str) -> list[str]:
    """`con` -> `conv1.`, `conv2.`; `conv1.` or a single match -> `conv1.filters`, …"""
    # Imported here for start-up (see the module's docstring).
    from convcalc.kinds import KINDS
    from convcalc.load.overrides import find_layer

    if "=" in incomplete:
        return value_completions(network, incomplete)

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
    # A block use's arguments once its name is typed: `layer2.` lists `layer2.repeat`, …
    offered = [
        f"{use}.{argument}"
        for use, arguments in network.block_uses.items()
        if incomplete.startswith(use + ".")
        for argument in ("repeat", *arguments)
        if f"{use}.{argument}".startswith(incomplete)
    ]
    # One suggestion per next name segment, so `layer2.` lists `layer2.0.`, `layer2.1.`, …
    for layer in layers:
        cut = layer.name.find(".", len(incomplete))
        segment = layer.name[: cut + 1] if cut != -1 else layer.name + "."
        if segment not in offered:
            offered.append(segment)
    return [*inputs, *offered]


def value_completions(network: NetworkSpec, incomplete: str) -> list[str]:
    """`conv1.padding=` -> `conv1.padding=valid`, …: the words a field takes; numbers are the
    user's to type."""
    # Imported here for start-up (see the module's docstring).
    from convcalc.kinds import KINDS
    from convcalc.kinds.base import PADDING_KEYWORDS
    from convcalc.load.overrides import find_layer

    path, _, partial = incomplete.partition("=")
    found = find_layer(network, path)
    if found is None:
        return []
    layer, name = found
    for field in KINDS[layer.kind].fields:
        if name.lower() in (field.name, *field.aliases):
            words = [*field.choices, *field.keywords]
            if field.type == "padding":
                words = [*PADDING_KEYWORDS, *words]
            elif field.type == "bool":
                words = ["true", "false"]
            return [f"{path}={word}" for word in dict.fromkeys(words) if word.startswith(partial)]
    return []


def complete_files(
    context: click.Context, parameter: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """File and directory names: the shell's own completion of them (what click.Path offers,
    for arguments that click must not check)."""
    from click.shell_completion import CompletionItem  # start-up: see the docstring

    if incomplete.startswith("zoo:"):
        return [CompletionItem(f"zoo:{name}") for name in _zoo_names(incomplete[4:])]
    return [CompletionItem(incomplete, type="file")]


def _zoo_names(start: str) -> list[str]:
    from convcalc.load.zoo import names  # start-up: see the docstring

    return [name for name in names() if name.startswith(start)]


def complete_zoo(
    context: click.Context, parameter: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The zoo's entries (`convcalc zoo show NAME`)."""
    from click.shell_completion import CompletionItem  # start-up: see the docstring

    try:
        return [CompletionItem(name) for name in _zoo_names(incomplete)]
    except Exception:  # completion must never break the shell
        return []


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


def complete_layer(
    context: click.Context, parameter: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The layer names of the spec on the command line (`draw --rf`, explain's LAYER,
    calc's --explain)."""
    from click.shell_completion import CompletionItem

    try:
        network = _network(context.params, list(context.args))
        if network is None:
            return []
        return [
            CompletionItem(layer.name)
            for layer in network.layers
            if layer.name.startswith(incomplete)
        ]
    except Exception:  # completion must never break the shell
        return []


# --- the shells' side ------------------------------------------------------------------------

# Bash splits the word being completed at these characters (its default COMP_WORDBREAKS) and
# replaces only the part after the last one: `conv:filters=16` is five of bash's words.
BASH_WORDBREAKS = " \t\n\"'><=;|&(:"

# click's bash script, changed in three ways: it sends the line as typed (COMP_LINE) rather
# than bash's words, which COMP_WORDBREAKS has cut at `:` and `=`; it sends COMP_WORDBREAKS so
# that the answers replace only what bash replaces; files and directories are listed with
# compgen into COMPREPLY (as bash-completion's _filedir does), not left to readline's default.
_BASH_SOURCE = """\
%(complete_func)s() {
    local IFS=$'\\n'
    local response type value
    local cur="${COMP_WORDS[COMP_CWORD]}"

    response=$(env COMP_LINE="${COMP_LINE:0:COMP_POINT}" COMP_WORDBREAKS="$COMP_WORDBREAKS" \\
%(complete_var)s=bash_complete $1)

    COMPREPLY=()
    for completion in $response; do
        IFS=',' read -r type value <<< "$completion"

        if [[ $type == 'dir' ]]; then
            COMPREPLY+=($(compgen -d -- "$cur"))
            compopt -o filenames 2>/dev/null
        elif [[ $type == 'file' ]]; then
            COMPREPLY+=($(compgen -f -- "$cur"))
            compopt -o filenames 2>/dev/null
        elif [[ $type == 'plain' ]]; then
            COMPREPLY+=("$value")
            # A path that goes on (`conv1.`): no space after it.
            [[ $value == *. ]] && compopt -o nospace 2>/dev/null
        fi
    done

    return 0
}

%(complete_func)s_setup() {
    complete -o nosort -F %(complete_func)s %(prog_name)s
}

%(complete_func)s_setup;
"""


def use_convcalc_shells() -> None:
    """Register the shell classes below under click's names, before click answers a Tab."""
    from click import shell_completion as shells  # start-up: see the docstring

    class WholeWords(shells.ShellComplete):
        """`--set=con` is one word to zsh and fish: their answers must repeat `--set=`, which
        click drops (it completes only the part after the `=`)."""

        def get_completions(self, args: list[str], incomplete: str) -> list[shells.CompletionItem]:
            items = super().get_completions(args, incomplete)
            if not (incomplete.startswith("-") and "=" in incomplete):
                return items
            head = incomplete.partition("=")[0] + "="
            return [
                shells.CompletionItem(head + item.value, type=item.type, help=item.help)
                if item.type == "plain"
                else item
                for item in items
            ]

    class Bash(WholeWords, shells.BashComplete):
        source_template = _BASH_SOURCE
        breaks_before = ""  # the start of the word that bash does not replace

        def get_completion_args(self) -> tuple[list[str], str]:
            line = os.environ.get("COMP_LINE")
            if line is None:  # click's own script, written out by an older convcalc
                return super().get_completion_args()
            words = shells.split_arg_string(line)
            if not line or line[-1].isspace():
                words.append("")
            incomplete = words[-1]
            wordbreaks = os.environ.get("COMP_WORDBREAKS", BASH_WORDBREAKS)
            cut = max(incomplete.rfind(char) for char in wordbreaks) if wordbreaks else -1
            self.breaks_before = incomplete[: cut + 1]
            return words[1:-1], incomplete

        def get_completions(self, args: list[str], incomplete: str) -> list[shells.CompletionItem]:
            items = super().get_completions(args, incomplete)
            if not self.breaks_before:
                return items
            cut = len(self.breaks_before)
            return [
                shells.CompletionItem(item.value[cut:], type=item.type, help=item.help)
                if item.type == "plain"
                else item
                for item in items
                # What does not begin as the word does cannot replace bash's part of it.
                if item.type != "plain" or item.value.startswith(self.breaks_before)
            ]

    class Zsh(WholeWords, shells.ZshComplete):
        pass

    class Fish(WholeWords, shells.FishComplete):
        pass

    for shell in (Bash, Zsh, Fish):
        shells.add_completion_class(shell)
