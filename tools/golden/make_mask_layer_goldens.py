#!/usr/bin/env python3
"""Golden values of Keras 3's mask handling in BatchNormalization and Softmax for dropout4j.

Run from the repository root with a Python that has keras 3 and tensorflow:

    python tools/golden/make_mask_layer_goldens.py

Writes dropout4j-core/src/test/resources/golden/mask_layers.json: one case per layer call with an explicit Keras
mask (the mask an upstream Embedding(mask_zero=True) or Masking attaches): the layer's config, its weights in Keras
order, the input, the mask, the output, and the gradients of sum(output * r) with respect to the input and each
trainable weight (tf.GradientTape). BatchNormalization cases run in training mode (batch statistics over the kept
positions) and also record the moving statistics after the call; Softmax cases run in inference mode.
Tensors are {"shape", "data"} with flat row-major float32 data.
"""
import json
import os

from golden_env import F32, REPO, flat_tensor as T  # noqa: E402  (first: it sets the TensorFlow environment)

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

OUT = os.path.join(REPO, "dropout4j-core", "src", "test", "resources", "golden", "mask_layers.json")


def case(rng, label, layer, x, mask, training):
    layer.build(x.shape)
    weights = []
    for w in layer.weights:
        value = rng.uniform(0.5, 1.5, w.shape) if "variance" in w.path else rng.standard_normal(w.shape)
        w.assign(value.astype(F32))
        weights.append(T(w.numpy()))
    xv = tf.Variable(x)
    r = rng.standard_normal(layer.compute_output_shape(x.shape)).astype(F32)
    with tf.GradientTape() as tape:
        y = layer(xv, mask=tf.constant(mask), training=training)
        total = tf.reduce_sum(y * r)
    grads = tape.gradient(total, [xv] + list(layer.trainable_weights))
    out = {"label": label, "class_name": type(layer).__name__, "config": layer.get_config(), "training": training,
           "weights": weights, "input": T(x), "mask": T(mask.astype(F32)), "output": T(y), "r": T(r),
           "input_grad": T(grads[0]), "weight_grads": [T(g) for g in grads[1:]]}
    if training:
        out["weights_after_call"] = [T(w.numpy()) for w in layer.weights]
    return out


def main():
    rng = np.random.default_rng(1515)
    seq_mask = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1], [0, 0, 1, 1, 0], [1, 0, 0, 0, 0]], dtype=bool)
    cases = [
        case(rng, "BatchNormalization masked sequence", keras.layers.BatchNormalization(momentum=0.9),
             rng.standard_normal((4, 5, 3)).astype(F32) * 2 + 1, seq_mask, True),
        case(rng, "BatchNormalization(axis=1) masked", keras.layers.BatchNormalization(axis=1, momentum=0.8,
                                                                                       epsilon=0.01),
             rng.standard_normal((4, 5, 3)).astype(F32), seq_mask, True),
        case(rng, "BatchNormalization(scale=False) 4-D masked", keras.layers.BatchNormalization(scale=False),
             rng.standard_normal((2, 3, 4, 2)).astype(F32), rng.random((2, 3, 4)) > 0.3, True),
        case(rng, "Softmax masked keys", keras.layers.Softmax(),
             rng.standard_normal((2, 3, 4)).astype(F32) * 3,
             np.array([[[1, 1, 0, 1]], [[0, 0, 0, 0]]], dtype=bool), False),
        case(rng, "Softmax(axis=1) masked", keras.layers.Softmax(axis=1),
             rng.standard_normal((2, 3, 4)).astype(F32),
             np.array([[1], [0], [1]], dtype=bool), False),
        case(rng, "Softmax full-shape mask", keras.layers.Softmax(axis=-1),
             rng.standard_normal((3, 4)).astype(F32), rng.random((3, 4)) > 0.4, False),
    ]
    doc = {"generator": "tools/golden/make_mask_layer_goldens.py", "keras_version": keras.__version__,
           "tensorflow_version": tf.__version__, "backend": keras.backend.backend(), "cases": cases}
    with open(OUT, "w") as f:
        json.dump(doc, f)
    print("wrote", OUT, len(cases), "cases")


if __name__ == "__main__":
    main()
