#!/usr/bin/env python3
"""A Keras 3 functional model that calls Softmax with an explicit mask tensor, for dropout4j's import tests.

Run from the repository root with a Python that has keras 3 and tensorflow:

    python tools/golden/make_softmax_mask_fixture.py

Writes dropout4j-io/src/test/resources/functional/softmax_mask.keras, .h5 and .json (the inputs and Keras'
`model.predict` outputs, {"shape", "data"} float32 flattened row-major). The model: scores (4, 5) from a Dense, a
boolean `allowed` input (4, 5) passed as `Softmax()(scores, mask=allowed)` (one row allows nothing: Keras outputs
zeros there), and a float `keep` input (4, 1) passed as `Softmax(axis=1)(scores, mask=keep)` (a mask that broadcasts
over the last axis; Keras keeps values > 0.5).
"""
import json
import os

from golden_env import F32, REPO, flat_tensor as T  # noqa: E402  (first: it sets the TensorFlow environment)

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

L = keras.layers
OUT = os.path.join(REPO, "dropout4j-io", "src", "test", "resources", "functional")


def main():
    keras.utils.set_random_seed(11)
    x = keras.Input((4, 3), name="x")
    allowed = keras.Input((4, 5), dtype="bool", name="allowed")
    keep = keras.Input((4, 1), name="keep")
    scores = L.Dense(5, name="scores")(x)
    rows = L.Softmax(name="masked_rows")(scores, mask=allowed)
    cols = L.Softmax(axis=1, name="masked_steps")(scores, mask=keep)
    model = keras.Model([x, allowed, keep], [rows, cols], name="softmax_mask")
    rng = np.random.default_rng(12)
    for w in model.weights:
        w.assign(rng.standard_normal(w.shape).astype(F32))
    a = rng.uniform(size=(3, 4, 5)) < 0.6
    a[1, 2, :] = False
    k = (rng.uniform(size=(3, 4, 1)) < 0.7).astype(F32) * 0.9
    inputs = [rng.standard_normal((3, 4, 3)).astype(F32), a, k]
    outputs = model.predict(inputs, verbose=0)
    model.save(os.path.join(OUT, "softmax_mask.keras"))
    model.save(os.path.join(OUT, "softmax_mask.h5"))
    with open(os.path.join(OUT, "softmax_mask.json"), "w") as f:
        json.dump({"generator": "tools/golden/make_softmax_mask_fixture.py", "keras_version": keras.__version__,
                   "tensorflow_version": tf.__version__, "inputs": [T(v) for v in inputs],
                   "outputs": [T(v) for v in outputs]}, f)
    print("wrote softmax_mask", [o.shape for o in outputs])


if __name__ == "__main__":
    main()
