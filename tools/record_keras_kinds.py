"""Record Keras ground truth for the layer spellings and shape rules of issue 10 that are Keras'
own: activation names, Conv*DTranspose's keyword padding (compute_conv_transpose_output_shape,
once deconv_output_length), Cropping1D/2D/3D.

Run by hand in an environment that has Keras 3 (never a dependency of convcalc), any backend:

    KERAS_BACKEND=jax python tools/record_keras_kinds.py [--seed N] [--out PATH]

Each case is a Keras layer's class name and config as a user copies them into a spec, built on
a random array of batch 1 (shape channels-last, batch left out, as convcalc's spec writes it) and
run eagerly, so the function itself runs (a symbolic call only asks the layer's own shape rule);
we record the output shape and `count_params()`, or the message Keras refuses it with.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

import keras
import numpy
from fixture_io import write_atomic
from keras import layers
from keras.src.activations import ALL_OBJECTS_DICT

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = "tests/fixtures/keras_kinds.json"
DEFAULT_SEED = 20261127


def record(
    name: str, input_shape: list[int], layer_type: str, config: dict[str, Any]
) -> dict[str, Any]:
    """One layer on an input: its output shape and parameter count, or Keras' refusal."""
    case: dict[str, Any] = {
        "name": name,
        "input": input_shape,
        "layers": [{"type": layer_type, **config}],
    }
    try:
        layer = getattr(layers, layer_type)(**config)
        output = layer(numpy.random.default_rng(0).random((1, *input_shape), dtype="float32"))
        case["result"] = {"shape": list(output.shape[1:]), "params": layer.count_params()}
    except (ValueError, TypeError) as error:
        case["result"] = {"error": str(error).splitlines()[0][:300]}
    return case


def activation_cases() -> list[dict[str, Any]]:
    """Every name keras.activations.get knows, as a Dense's and a Conv2D's `activation`, and as
    an Activation layer; and the activation layers Keras has as classes."""
    cases = []
    for name in sorted(ALL_OBJECTS_DICT):
        cases.append(record(f"dense_{name}", [5], "Dense", {"units": 4, "activation": name}))
        cases.append(
            record(
                f"conv_{name}",
                [6, 7, 2],
                "Conv2D",
                {"filters": 3, "kernel_size": 3, "activation": name},
            )
        )
        cases.append(record(f"layer_{name}", [6, 7, 2], "Activation", {"activation": name}))
    for layer_type, config in [
        ("ReLU", {"max_value": 6.0, "negative_slope": 0.1, "threshold": 0.5}),
        ("LeakyReLU", {"negative_slope": 0.2}),
        ("ELU", {"alpha": 0.5}),
        ("Softmax", {"axis": -1}),
    ]:
        cases.append(record(f"class_{layer_type}", [6, 7, 2], layer_type, config))
    return cases


def transpose_cases(rng: random.Random) -> list[dict[str, Any]]:
    """Conv1D/2D/3DTranspose with keyword padding, output_padding given or left to Keras, the
    issue's Conv2DTranspose(kernel 7, strides 16, 'valid') on 14×14, and `full`, which Keras 3
    refuses (convcalc follows Keras 2's deconv_output_length for it: not recorded here)."""
    cases = [
        record(
            "deconv_issue",
            [14, 14, 3],
            "Conv2DTranspose",
            {"filters": 4, "kernel_size": 7, "strides": 16, "padding": "valid"},
        ),
    ]
    for index in range(60):
        rank = rng.choice([1, 2, 2, 3])
        sizes = [rng.randint(1, 9) for _ in range(rank)]
        kernel = rng.choice([1, 2, 3, 4, 5, 7])
        stride = rng.choice([1, 2, 3, 4, 16])
        config: dict[str, Any] = {
            "filters": rng.choice([2, 3]),
            "kernel_size": kernel,
            "strides": stride,
            "padding": rng.choice(["valid", "same"]),
        }
        if rng.random() < 0.4:
            config["output_padding"] = rng.randint(0, stride)  # stride itself is refused
        if stride == 1 and rng.random() < 0.3:
            config["dilation_rate"] = 2
        layer_type = f"Conv{rank}DTranspose"
        cases.append(record(f"deconv{index}", [*sizes, 2], layer_type, config))
    return cases


def cropping_cases(rng: random.Random) -> list[dict[str, Any]]:
    """Cropping1D/2D/3D with one number, one per dimension or (before, after) pairs; some crop
    everything. A Cropping1D's (before, after) is written `[[before, after]]`, as convcalc's
    pairs per dimension (its spec's convention, the same as zeropad's)."""
    cases = []
    for index in range(36):
        rank = rng.choice([1, 2, 3])
        sizes = [rng.randint(2, 9) for _ in range(rank)]
        form = rng.choice(["int", "dims", "pairs"])
        pairs = [(rng.randint(0, 3), rng.randint(0, 3)) for _ in range(rank)]
        if form == "int" or (rank == 1 and form == "dims"):
            keras: Any = pairs[0][0]
            written: Any = keras
        elif form == "dims":
            keras = tuple(before for before, _ in pairs)
            written = list(keras)
        else:
            keras = pairs[0] if rank == 1 else tuple(pairs)
            written = [list(pair) for pair in pairs]
        case = record(f"crop{index}", [*sizes, 3], f"Cropping{rank}D", {"cropping": keras})
        case["layers"] = [{"type": f"Cropping{rank}D", "cropping": written}]
        cases.append(case)
    return cases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    cases = [*activation_cases(), *transpose_cases(rng), *cropping_cases(rng)]
    document = {
        "generator": "tools/record_keras_kinds.py",
        "seed": args.seed,
        "keras": keras.__version__,
        "backend": keras.backend.backend(),
        "cases": cases,
    }
    write_atomic(REPO_ROOT / args.out, json.dumps(document, indent=1) + "\n")
    print(f"{len(cases)} cases -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
