#!/usr/bin/env python3
"""Keras 3's mask contract for the convolution, pooling and shape layers, for dropout4j: which layers pass a mask
(a (batch, steps) Keras mask, as Embedding(mask_zero=True) or Masking attach) on to their output, which drop it,
and which use it (global pooling, RNNs).

Run from the repository root with a Python that has keras 3 and tensorflow:

    python tools/golden/make_mask_contract_goldens.py

Writes dropout4j-core/src/test/resources/golden/mask_contract.json: one case per layer, with the layer's Keras config
(`layer.get_config()`), its weights (random), the input and its mask, the output of `layer(x, mask=m)` and the mask
Keras attaches to that output (`keras_mask`: `backend.get_keras_mask(y)` after a call on an input carrying the mask,
null where Keras drops it). Tensors are {"shape", "data"} with flat row-major float32 data.
"""
import json
import warnings
import os

from golden_env import F32, REPO, flat_tensor as T  # noqa: E402  (first: it sets the TensorFlow environment)

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402
from keras.src import backend  # noqa: E402

L = keras.layers
OUT = os.path.join(REPO, "dropout4j-core", "src", "test", "resources", "golden", "mask_contract.json")
MASK = np.array([[1, 1, 1, 1, 0, 0], [0, 0, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1]], dtype=bool)  # (3, 6)


def case(rng, layer, shape=(3, 6, 4), mask=MASK):
    x = tf.constant(rng.standard_normal(shape).astype(F32))
    m = tf.constant(mask)
    layer.build(tuple(x.shape))
    for w in layer.weights:
        w.assign((rng.standard_normal(w.shape) * 0.5).astype(F32))
    backend.set_keras_mask(x, m)  # as Embedding(mask_zero=True) or Masking upstream attaches it
    y = layer(x)
    out_mask = backend.get_keras_mask(y)
    return {"class_name": type(layer).__name__, "config": layer.get_config(),
            "weights": [T(w.numpy()) for w in layer.weights], "input": T(x), "mask": T(mask.astype(F32)),
            "output": T(y), "keras_mask": None if out_mask is None else T(np.asarray(out_mask).astype(F32))}


def main():
    warnings.filterwarnings("ignore", message=".*does not support masking.*")  # the drops this file records
    rng = np.random.default_rng(1616)
    cases = [
        # drop the mask: their output steps are not the input's (Keras' supports_masking=False)
        case(rng, L.Conv1D(3, 3)),
        case(rng, L.Conv1D(3, 3, padding="same")),
        case(rng, L.SeparableConv1D(3, 3, padding="same")),
        case(rng, L.MaxPooling1D(2)),
        case(rng, L.AveragePooling1D(2, padding="same")),
        case(rng, L.Flatten()),
        case(rng, L.Reshape((4, 6))),
        case(rng, L.Cropping1D((1, 2))),
        case(rng, L.UpSampling1D(2)),
        case(rng, L.ZeroPadding1D(1)),
        case(rng, L.Permute((2, 1))),
        # use the mask and drop it: masked steps are left out of the pooling
        case(rng, L.GlobalAveragePooling1D()),
        case(rng, L.GlobalMaxPooling1D()),
        case(rng, L.LSTM(3)),
        # pass the mask on: they work on each step alone
        case(rng, L.Dense(3)),
        case(rng, L.Activation("tanh")),
        case(rng, L.Dropout(0.5)),
        case(rng, L.LayerNormalization()),
        case(rng, L.LSTM(3, return_sequences=True)),
        case(rng, L.Masking(0.0)),
        # RepeatVector on (batch, features) with a (batch,) mask: Keras drops it
        case(rng, L.RepeatVector(3), shape=(3, 4), mask=np.array([True, False, True])),
    ]
    doc = {"generator": "tools/golden/make_mask_contract_goldens.py", "keras_version": keras.__version__,
           "tensorflow_version": tf.__version__, "backend": keras.backend.backend(), "dtype": "float32",
           "description": "which layers pass a (batch, steps) Keras mask on, drop it or use it: layer(x) "
                          "on an input carrying m, and the mask Keras attaches to its output (null: dropped)", "cases": cases}
    with open(OUT, "w") as f:
        f.write(json.dumps(doc) + "\n")
    for c in cases:
        print(c["class_name"], "passes" if c["keras_mask"] else "drops")


if __name__ == "__main__":
    main()
