#!/usr/bin/env python3
"""Golden Conv1D and 1-D pooling outputs from Keras 3 for dropout4j.

Run from the repository root:

    ../V/bin/python tools/golden/make_conv1d_goldens.py

Writes dropout4j-core/src/test/resources/golden/conv1d.json: one input (batch 2, 7 steps, 3 channels), one Conv1D
kernel (3, 3, 4) and bias (4) in Keras layout, and the inference outputs of Conv1D(4, 3) for several
padding/strides/dilation_rate settings, plus MaxPooling1D and AveragePooling1D (valid and same). Tensors are
{"shape", "data"} of exact float32 values, as in make_goldens.py.
"""
import os

from golden_env import F32, REPO, flat_tensor as T  # noqa: E402  (first: it sets the TensorFlow environment)

import json  # noqa: E402

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

OUT = os.path.join(REPO, "dropout4j-core", "src", "test", "resources", "golden", "conv1d.json")


def main():
    rng = np.random.default_rng(2026)
    x = rng.standard_normal((2, 7, 3)).astype(F32)
    kernel = (rng.standard_normal((3, 3, 4)) * 0.5).astype(F32)
    bias = (rng.standard_normal(4) * 0.5).astype(F32)
    convs = []
    for padding, strides, dilation in (("valid", 1, 1), ("valid", 2, 1), ("same", 2, 1), ("same", 1, 2),
                                       ("causal", 1, 1), ("causal", 2, 1), ("causal", 1, 2)):
        layer = keras.layers.Conv1D(4, 3, strides=strides, padding=padding, dilation_rate=dilation)
        layer.build((None, 7, 3))
        layer.set_weights([kernel, bias])
        convs.append({"padding": padding, "strides": strides, "dilation_rate": dilation,
                      "output": T(np.asarray(layer(x)))})
    pools = []
    for cls in ("MaxPooling1D", "AveragePooling1D"):
        for pool_size, strides, padding in ((2, None, "valid"), (3, 2, "same"), (2, 1, "same")):
            layer = getattr(keras.layers, cls)(pool_size, strides, padding=padding)
            pools.append({"class_name": cls, "pool_size": pool_size, "strides": strides, "padding": padding,
                          "output": T(np.asarray(layer(x)))})
    doc = {
        "generator": "tools/golden/make_conv1d_goldens.py",
        "keras_version": keras.__version__,
        "tensorflow_version": tf.__version__,
        "backend": keras.backend.backend(),
        "dtype": "float32",
        "description": "Conv1D(4, 3) with the stored kernel/bias and 1-D pooling on input (2,7,3); tensor data "
                       "flattened in row-major order.",
        "input": T(x),
        "kernel": T(kernel),
        "bias": T(bias),
        "conv1d": convs,
        "pooling": pools,
    }
    with open(OUT, "w") as fh:
        fh.write(json.dumps(doc, indent=1, allow_nan=False) + "\n")
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
