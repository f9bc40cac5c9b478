"""Record TensorFlow's `same` and `valid` geometry as a test fixture (--framework tensorflow).

Run by hand with an environment that has TensorFlow (never a dependency of convcalc):

    python tools/record_tf_fixtures.py [--seed N] [--count N] [--out PATH]

For random (L, k, s, d, padding) combinations, two per case (the rows and the columns of one 2-D
layer), we build Keras Conv2D, MaxPool2D and AveragePooling2D layers on an all-ones
`1×H×W×1` input and record:
- the output size (H', W') of each, or the error Keras raises;
- for the convolution (all-ones kernel), the last input row/column that the first output unit
  reads and the first one the last output unit reads, measured forward with one-hot inputs: with
  the window of unit `i` starting at `i*s - p0`, these pin down the padding before (`p0`);
- the same two positions for average pooling (max pooling's shape only).
Cases with both stride and dilation above 1 are recorded too: Keras refuses them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import tensorflow as tf
from fixture_io import write_atomic

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = "tests/fixtures/tf_same_padding.json"
DEFAULT_SEED = 20261125
DEFAULT_COUNT = 240


def first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return (lines[0] if lines else type(exc).__name__)[:300]


def reach(layer: Any, h: int, w: int) -> dict[str, list[int]]:
    """Output size, the last input row/column the first output unit reads and the first one the
    last unit reads, measured forward: the layer runs on a batch of one-hot images, one per input
    pixel, so column `p` of the result is pixel `p`'s weight in each output unit. (TensorFlow's
    AvgPoolGrad on CPU disagrees with its own forward pass when the window is larger than the
    input, so gradients are not used.) Keras pooling returns an empty tensor, without an error,
    when a `valid` window does not fit: then only the size is recorded."""
    images = np.eye(h * w).reshape(h * w, h, w, 1)
    y = layer(tf.constant(images)).numpy()
    output = [int(v) for v in y.shape[1:3]]
    if 0 in output:
        return {"output": output}
    first = np.abs(y[:, 0, 0, 0]).reshape(h, w) > 0
    last = np.abs(y[:, -1, -1, 0]).reshape(h, w) > 0
    first_end = [int(np.nonzero(first.any(axis=1 - a))[0].max()) for a in (0, 1)]
    last_start = [int(np.nonzero(last.any(axis=1 - a))[0].min()) for a in (0, 1)]
    return {"output": output, "first_end": first_end, "last_start": last_start}


def draw(rng: random.Random) -> dict[str, Any]:
    size = [rng.randint(1, 24) for _ in range(2)]
    kernel = [rng.choice([1, 2, 3, 3, 4, 5, 7]) for _ in range(2)]
    stride = [rng.choice([1, 1, 2, 2, 3, 4]) for _ in range(2)]
    dilation = [1, 1]
    if rng.random() < 0.25:
        dilation = [rng.choice([1, 2, 3]) for _ in range(2)]
        if rng.random() < 0.8:
            stride = [1, 1]  # Keras refuses stride > 1 with dilation > 1: a few cases show it
    padding = rng.choice(["same", "same", "valid"])
    return {
        "input": size,
        "kernel": kernel,
        "stride": stride,
        "dilation": dilation,
        "padding": padding,
    }


def record(case: dict[str, Any]) -> dict[str, Any]:
    h, w = case["input"]
    x = tf.ones([1, h, w, 1], dtype=tf.float64)
    out: dict[str, Any] = {}
    try:
        conv = tf.keras.layers.Conv2D(
            1,
            case["kernel"],
            strides=case["stride"],
            dilation_rate=case["dilation"],
            padding=case["padding"],
            use_bias=False,
            kernel_initializer="ones",
            dtype="float64",
        )
        out["conv"] = reach(conv, h, w)
    except Exception as exc:  # Keras's refusal is what is recorded
        out["conv"] = {"error": first_line(exc)}
    if case["dilation"] == [1, 1]:
        pool_args = {"pool_size": case["kernel"], "strides": case["stride"]}
        pool_args["padding"] = case["padding"]
        try:
            shape = tf.keras.layers.MaxPool2D(**pool_args, dtype="float64")(x).shape
            out["maxpool"] = {"output": [int(v) for v in shape[1:3]]}
        except Exception as exc:
            out["maxpool"] = {"error": first_line(exc)}
        try:
            out["avgpool"] = reach(
                tf.keras.layers.AveragePooling2D(**pool_args, dtype="float64"), h, w
            )
        except Exception as exc:
            out["avgpool"] = {"error": first_line(exc)}
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT)
    parser.add_argument("--out", type=Path, default=Path(DEFAULT_OUT))
    args = parser.parse_args(argv)
    out: Path = args.out if args.out.is_absolute() else REPO_ROOT / args.out
    tf.random.set_seed(args.seed)
    rng = random.Random(args.seed)
    started = time.monotonic()
    cases = []
    for case_id in range(args.count):
        case = draw(rng)
        cases.append({"id": case_id, **case, **record(case)})
    document = {
        "generator": "tools/record_tf_fixtures.py",
        "tensorflow_version": tf.__version__,
        "seed": args.seed,
        "notes": __doc__,
        "cases": cases,
    }
    write_atomic(out, json.dumps(document, indent=1) + "\n")
    errors = sorted({c["conv"].get("error", "")[:90] for c in cases} - {""})
    sys.stderr.write(
        f"wrote {out} ({out.stat().st_size} bytes, {len(cases)} cases) in "
        f"{time.monotonic() - started:.1f}s\n  conv errors: {errors}\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
