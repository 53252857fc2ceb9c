#!/usr/bin/env python3
"""Golden BatchNormalization values from Keras 3 for dropout4j.

Run from the repository root:

    ../V/bin/python tools/golden/make_batchnorm_goldens.py

Writes dropout4j-core/src/test/resources/golden/batchnorm.json: a BatchNormalization(momentum=0.9, epsilon=1e-3)
on 3 channels with fixed weights (gamma, beta, moving_mean, moving_variance in Keras order), one input
(batch 4, 2 steps, 3 channels), the inference output, one training-mode output and the moving statistics after
that training call. Tensors are {"shape", "data"} of exact float32 values, as in make_goldens.py.
"""
import os

from golden_env import F32, REPO, tensor as T  # noqa: E402  (first: it sets the TensorFlow environment)

import json  # noqa: E402

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

OUT = os.path.join(REPO, "dropout4j-core", "src", "test", "resources", "golden", "batchnorm.json")


def main():
    rng = np.random.default_rng(2026)
    x = (rng.standard_normal((4, 2, 3)) * 2 + 1).astype(F32)
    weights = [
        (rng.uniform(0.5, 1.5, 3)).astype(F32),   # gamma
        (rng.standard_normal(3) * 0.5).astype(F32),  # beta
        (rng.standard_normal(3) * 0.5).astype(F32),  # moving_mean
        (rng.uniform(0.5, 2.0, 3)).astype(F32),   # moving_variance
    ]
    layer = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-3)
    layer.build((None, 2, 3))
    names = [w.path.split("/")[-1] for w in layer.weights]
    layer.set_weights(weights)
    inference = np.asarray(layer(x, training=False))
    training = np.asarray(layer(x, training=True))
    after = [np.asarray(w) for w in layer.get_weights()]
    doc = {
        "generator": "tools/golden/make_batchnorm_goldens.py",
        "keras_version": keras.__version__,
        "tensorflow_version": tf.__version__,
        "backend": keras.backend.backend(),
        "dtype": "float32",
        "description": "BatchNormalization(momentum=0.9, epsilon=1e-3) on input (4,2,3): inference output with the "
                       "stored weights, then one training-mode call (batch statistics) and the weights after it.",
        "momentum": 0.9,
        "epsilon": 1e-3,
        "weight_names": names,
        "weights": [T(w) for w in weights],
        "input": T(x),
        "inference_output": T(inference),
        "training_output": T(training),
        "weights_after_training_call": [T(w) for w in after],
    }
    text = json.dumps(doc, indent=1, allow_nan=False)
    with open(OUT, "w") as fh:
        fh.write(text + "\n")
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
