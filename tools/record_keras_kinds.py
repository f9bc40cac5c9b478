"""Record Keras ground truth for the layer spellings and shape rules of issue 10 that are Keras'
own: activation names, Conv*DTranspose's keyword padding (deconv_output_length), Cropping1D/2D/3D.

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    cases = activation_cases()
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
