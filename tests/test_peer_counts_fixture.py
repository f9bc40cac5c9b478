"""The recorded peer counts (tests/fixtures/peer_counts.json) are whole, add up, and mean what
their notes say.

`tools/record_peer_counts.py` ran PyTorch's FlopCounterMode, torchinfo, fvcore, ptflops and
torchscan on the torchvision nets convcalc ships specs for, on a probe net and on recorded random
nets. These checks guard the data: each peer's per-module counts add up to its totals where it
promises that, FlopCounterMode's total is twice the textbook MACs of the convolutions and Linears
computed from the recorded shapes, and each convention the fixture's notes state is what the
recorded numbers show, module by module. Issue 11 compares convcalc with these numbers.
"""

from __future__ import annotations

import functools
import gzip
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TORCHVISION_NETS = {
    f"torchvision/{name}"
    for name in ("alexnet", "efficientnet_b0", "mobilenet_v2", "resnet18", "resnet50", "vgg16")
}
PEERS = ("flop_counter", "torchinfo", "fvcore", "ptflops", "torchscan")
FLOAT_BYTES = 4
ACTIVATIONS_COUNTED_BY_PTFLOPS = {"ReLU", "ReLU6", "LeakyReLU", "ELU", "PReLU", "GELU"}


@functools.cache
def recorded() -> dict[str, Any]:
    plain = FIXTURES / "peer_counts.json"
    if plain.exists():
        text = plain.read_text(encoding="utf-8")
    else:
        text = gzip.decompress((FIXTURES / "peer_counts.json.gz").read_bytes()).decode("utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


NETS = sorted(recorded()["nets"])


def net(name: str) -> dict[str, Any]:
    found: dict[str, Any] = recorded()["nets"][name]
    return found


def peer(name: str, which: str) -> dict[str, Any]:
    counts: dict[str, Any] = net(name)["peers"][which]
    if "error" in counts:
        pytest.skip(f"{which} failed on {name}: {counts['error']}")
    return counts


def calls(name: str) -> Iterator[tuple[str, dict[str, Any], list[int], list[int]]]:
    """(leaf name, leaf entry, input shape, output shape) for every leaf call."""
    for leaf, entry in net(name)["modules"].items():
        for shape_in, shape_out in entry["calls"]:
            yield leaf, entry, shape_in, shape_out


def plain_macs(entry: dict[str, Any], shape_out: list[int]) -> int:
    """The textbook multiply-accumulates of one conv or Linear call, 0 for anything else:
    k_h·k_w·(C_in/groups)·C_out·H_out·W_out (times the batch), in·out per output position."""
    if "kernel_size" in entry:
        assert shape_out[1] == entry["out_channels"]
        assert entry["in_channels"] % entry["groups"] == 0
        per_position = math.prod(entry["kernel_size"]) * entry["in_channels"] // entry["groups"]
        return int(per_position * math.prod(shape_out))
    if "in_features" in entry:
        assert shape_out[-1] == entry["out_features"]
        return int(entry["in_features"] * math.prod(shape_out))
    return 0


def bias_adds(entry: dict[str, Any], shape_out: list[int]) -> int:
    """One addition per output element of a conv or Linear with a bias."""
    return math.prod(shape_out) if entry.get("bias") else 0


def per_module(name: str, count: Any) -> dict[str, int]:
    """A textbook count summed over the calls of each leaf."""
    totals: dict[str, int] = {}
    for leaf, entry, shape_in, shape_out in calls(name):
        totals[leaf] = totals.get(leaf, 0) + count(entry, shape_in, shape_out)
    return totals


def test_fixture_covers_the_nets_and_says_what_it_ran() -> None:
    document = recorded()
    assert document["generator"] == "tools/record_peer_counts.py"
    assert set(document["nets"]) >= TORCHVISION_NETS
    sources = [entry["source"] for entry in document["nets"].values()]
    assert sources.count("random") >= 100
    assert "probe/linear_on_map" in document["nets"]
    versions = document["versions"]
    for package in ("torch", "torchvision", "torchinfo", "fvcore", "ptflops", "torchscan"):
        assert versions[package], package
    assert document["peers_not_installed"] == {}
    for note in ("fixture", *PEERS, "torchvision"):
        assert document["notes"][note]
    # Every peer ran on every torchvision net.
    for name in TORCHVISION_NETS:
        assert all("error" not in net(name)["peers"][which] for which in PEERS), name


@pytest.mark.parametrize("name", NETS)
def test_every_leaf_call_has_shapes(name: str) -> None:
    record = net(name)
    assert record["modules"]
    first = True
    for _leaf, entry, shape_in, shape_out in calls(name):
        assert all(type(dim) is int and dim > 0 for dim in (*shape_in, *shape_out)), entry
        if first:
            # Batch and channels of the input (a padded conv's leaf reads the padded input).
            assert shape_in[:2] == record["input"][:2]
            first = False
    assert any(entry["calls"] for entry in record["modules"].values())


@pytest.mark.parametrize("name", NETS)
def test_flop_counter_is_twice_the_textbook_macs(name: str) -> None:
    counts = peer(name, "flop_counter")
    textbook = per_module(name, lambda entry, _i, out: plain_macs(entry, out))
    assert counts["total"] == 2 * sum(textbook.values())
    assert counts["by_module"] == {leaf: 2 * n for leaf, n in textbook.items() if n}
    assert sum(counts["by_operator"].values()) == counts["total"]


@pytest.mark.parametrize("name", NETS)
def test_torchinfo_totals_and_definitions(name: str) -> None:
    counts = peer(name, "torchinfo")
    modules = net(name)["modules"]
    by_module = counts["by_module"]
    assert counts["total_mult_adds"] == sum(sum(per_call) for per_call in by_module.values())
    for leaf, entry, _shape_in, shape_out in calls(name):
        mult_adds = sum(by_module.get(leaf, [0]))
        if "kernel_size" in entry:
            # Conv: (weight + bias) × output positions = plain MACs + one add per output.
            want = plain_macs(entry, shape_out) + bias_adds(entry, shape_out)
        else:
            # Anything else: the batch × its parameters (Linear on any rank, BatchNorm's 2·C).
            want = shape_out[0] * entry["params"]
        assert mult_adds == want * len(entry["calls"]), leaf
    # Forward/backward pass size: 2 × 4 bytes × output elements of the leaf calls of modules
    # with parameters, and of nothing else.
    pass_elements = sum(
        math.prod(shape_out) for _l, entry, _i, shape_out in calls(name) if entry["params"]
    )
    assert counts["pass_bytes"] == 2 * FLOAT_BYTES * pass_elements
    assert counts["param_bytes"] == FLOAT_BYTES * sum(e["params"] for e in modules.values())
    # The input size is the storage's bytes plus the Python object's own, a little over numel·4.
    input_bytes = FLOAT_BYTES * math.prod(net(name)["input"])
    assert input_bytes < counts["input_bytes"] < input_bytes + 200
    total = counts["input_bytes"] + counts["pass_bytes"] + counts["param_bytes"]
    assert counts["total_bytes"] == total
    printed = counts["printed"]
    for label, value in (
        ("Input size (MB)", counts["input_bytes"]),
        ("Forward/backward pass size (MB)", counts["pass_bytes"]),
        ("Params size (MB)", counts["param_bytes"]),
        ("Estimated Total Size (MB)", total),
    ):
        assert f"{label}: {value / 1e6:0.2f}" in printed


@pytest.mark.parametrize("name", NETS)
def test_fvcore_adds_up_and_counts_macs(name: str) -> None:
    counts = peer(name, "fvcore")
    assert sum(counts["by_operator"].values()) == counts["total"]
    assert counts["total"] == sum(counts["by_module"].values()) + counts["outside_leaves"]
    assert counts["outside_leaves"] >= 0
    for leaf, entry in net(name)["modules"].items():
        got = counts["by_module"].get(leaf, 0)
        outputs = [shape_out for _shape_in, shape_out in entry["calls"]]
        if "kernel_size" in entry and isinstance(entry["padding"], str):
            # padding='same'/'valid' runs as aten::_convolution_mode, which fvcore cannot count.
            assert got == 0, leaf
            assert "aten::_convolution_mode" in counts["unsupported_ops"]
        elif "kernel_size" in entry or "in_features" in entry:
            assert got == sum(plain_macs(entry, out) for out in outputs), leaf
        elif entry["type"].startswith("BatchNorm"):
            assert got == sum(2 * math.prod(out) for out in outputs), leaf


@pytest.mark.parametrize("name", NETS)
def test_ptflops_adds_up_and_counts_bias_and_elementwise_work(name: str) -> None:
    counts = peer(name, "ptflops")
    hooks, aten = counts["pytorch"], counts["aten"]
    assert hooks["total"] == sum(hooks["by_module"].values()) + hooks["functional"]
    assert hooks["functional"] >= 0
    conv_linear = per_module(
        name, lambda entry, _i, out: plain_macs(entry, out) + bias_adds(entry, out)
    )
    inputs = per_module(name, lambda _entry, shape_in, _o: math.prod(shape_in))
    outputs = per_module(name, lambda _entry, _i, shape_out: math.prod(shape_out))
    for leaf, entry in net(name)["modules"].items():
        got = hooks["by_module"].get(leaf, 0)
        kind = entry["type"]
        if "kernel_size" in entry or "in_features" in entry:
            assert got == conv_linear[leaf], leaf
        elif kind.startswith("BatchNorm"):
            assert got == 2 * inputs[leaf], leaf
        elif kind in ACTIVATIONS_COUNTED_BY_PTFLOPS:
            assert got == outputs[leaf], leaf
        elif "Pool" in kind:
            assert got == inputs[leaf], leaf
        elif kind in ("Flatten", "Dropout", "SiLU", "Sigmoid", "Tanh", "Hardswish"):
            assert got == 0, leaf
    # The aten backend: convolutions and matrix products only, bias additions included.
    assert sum(aten["by_operator"].values()) == aten["total"]
    assert sum(aten["by_top_level"].values()) == aten["total"]
    with_bias = sum(conv_linear.values())
    no_linear_bias = sum(
        bias_adds(entry, out)
        for _l, entry, _i, out in calls(name)
        if "in_features" in entry and len(out) > 2
    )
    # A Linear on a map runs as a matmul without its bias in aten's count.
    assert aten["total"] == with_bias - no_linear_bias


@pytest.mark.parametrize("name", NETS)
def test_torchscan_adds_up_and_counts_plain_macs_for_convs(name: str) -> None:
    counts = peer(name, "torchscan")
    by_module = counts["by_module"]
    for metric, key in (("module_flops", "flops"), ("macs", "macs"), ("dmas", "dmas")):
        values = [per_call[key] for entries in by_module.values() for per_call in entries]
        known = sum(value for value in values if value is not None)
        totals = counts["totals"][metric]
        assert totals["known_value"] == known, metric
        # A module type without a formula makes the total partial, and only then.
        complete = None not in values
        assert totals["status"] == ("complete" if complete else "partial"), metric
        assert totals["value"] == (known if complete else None), metric
    flop_counter = peer(name, "flop_counter")
    assert counts["totals"]["operator_flops"]["known_value"] == flop_counter["total"]
    for leaf, entry, _shape_in, shape_out in calls(name):
        if "kernel_size" in entry or "in_features" in entry:
            macs = sum(per_call["macs"] for per_call in by_module[leaf])
            assert macs == plain_macs(entry, shape_out) * len(entry["calls"]), leaf


@pytest.mark.parametrize("name", sorted(TORCHVISION_NETS))
def test_torchvision_publishes_giga_macs(name: str) -> None:
    record = net(name)
    macs = peer(name, "flop_counter")["total"] // 2
    assert record["published_gflops"] == round(macs / 1e9, 3)


# Module types whose forward calls a torch.nn.functional function that ptflops patches: ptflops
# counts them twice, once in the module's hook and once more (as 'functional') in the patch.
# (nn.ReLU6 calls F.hardtanh, which ptflops does not patch.)
PTFLOPS_TWICE_TYPES = {"ReLU", "ELU", "GELU"}
PTFLOPS_TWICE_PREFIXES = ("MaxPool", "AvgPool", "AdaptiveMaxPool", "AdaptiveAvgPool")


@pytest.mark.parametrize("name", NETS)
def test_ptflops_functional_part_is_double_counting(name: str) -> None:
    hooks = peer(name, "ptflops")["pytorch"]
    modules = net(name)["modules"]
    twice = sum(
        hooks["by_module"].get(leaf, 0)
        for leaf, entry in modules.items()
        if entry["type"] in PTFLOPS_TWICE_TYPES or entry["type"].startswith(PTFLOPS_TWICE_PREFIXES)
    )
    # nn.SiLU has no hook, but its F.silu call is patched: counted once, as functional.
    silu = per_module(name, lambda entry, _i, out: math.prod(out) if entry["type"] == "SiLU" else 0)
    functional_in_containers = 0
    if name == "torchvision/mobilenet_v2":
        # MobileNetV2.forward calls F.adaptive_avg_pool2d itself, on the last features' output.
        functional_in_containers = math.prod(modules["features.18.2"]["calls"][0][1])
    assert hooks["functional"] == twice + sum(silu.values()) + functional_in_containers


@pytest.mark.parametrize("name", NETS)
def test_torchscan_conventions(name: str) -> None:
    by_module = peer(name, "torchscan")["by_module"]
    for leaf, entry, shape_in, shape_out in calls(name):
        got = by_module[leaf][entry["calls"].index([shape_in, shape_out])]
        kind, outputs = entry["type"], math.prod(shape_out)
        if "kernel_size" in entry or "in_features" in entry:
            # FLOPs: one multiply per term, one add fewer than terms, one more for a bias.
            assert got["flops"] == 2 * plain_macs(entry, shape_out) - outputs + bias_adds(
                entry, shape_out
            ), leaf
        elif kind.startswith("BatchNorm"):
            assert got["macs"] == 2 * math.prod(shape_in), leaf
        elif "pool_kernel" in entry:
            # An int kernel_size (nn.MaxPool2d(3)) is taken as the window size, not squared.
            kernel = entry["pool_kernel"]
            window = kernel if isinstance(kernel, int) else math.prod(kernel)
            extra = len(shape_in) - 2 if kind.startswith("AvgPool") else 0
            assert got["macs"] == outputs * (window - 1 + extra), leaf
        elif kind in ("ReLU", "ReLU6", "LeakyReLU", "ELU", "Tanh", "Sigmoid", "Flatten"):
            assert got["macs"] == 0, leaf
