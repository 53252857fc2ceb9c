#!/usr/bin/env python3
"""Golden losses of regularized convolutions from Keras 3 for dropout4j: Conv3D, Conv2DTranspose, SeparableConv1D,
SeparableConv2D and DepthwiseConv2D with kernel (depthwise/pointwise), bias and activity regularizers and
constraints, compiled with SGD and mse.

Run from the repository root with a Python that has keras 3 and tensorflow:

    python tools/golden/make_conv_regularizer_goldens.py

Writes dropout4j-io/src/test/resources/keras/conv_regularizers/:
  <name>.keras                  the compiled model (SGD(learning_rate=0.05), mse), weights random normal * 0.3
  <name>.x.npy, <name>.y.npy    inputs and targets (float32, 6 samples)
  <name>.json                   the weight penalties Keras adds (sum of model.losses after a call on x[:3], whose
                                activity penalty is part of it), model.evaluate(x, y, batch_size=3) (the loss
                                with the weight penalties and each batch's activity penalty), and the weights after
                                one fit epoch (batch_size=3, shuffle=False: two SGD steps, the constraints applied)
"""
import json
import os

from golden_env import F32, REPO, flat_tensor  # noqa: E402  (first: it sets the TensorFlow environment)

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

tf.config.experimental.enable_op_determinism()
L = keras.layers
R = keras.regularizers
OUT = os.path.join(REPO, "dropout4j-io", "src", "test", "resources", "keras", "conv_regularizers")


def models():
    seq = keras.Sequential
    return {
        "conv3d": seq([keras.Input((4, 5, 5, 2)), L.Conv3D(
            3, 2, activation="tanh", kernel_regularizer=R.L1L2(l1=0.01, l2=0.02), bias_regularizer=R.L2(0.05),
            activity_regularizer=R.L1(0.003), kernel_constraint=keras.constraints.MaxNorm(0.9)),
            L.Flatten(), L.Dense(2)]),
        "conv2d_transpose": seq([keras.Input((3, 3, 2)), L.Conv2DTranspose(
            2, 3, strides=2, padding="same", kernel_regularizer=R.L2(0.03), bias_regularizer=R.L1(0.02),
            activity_regularizer=R.L2(0.01), bias_constraint=keras.constraints.MaxNorm(0.5, axis=0)), L.Flatten(),
            L.Dense(2)]),
        "separable_conv1d": seq([keras.Input((7, 3)), L.SeparableConv1D(
            4, 3, depth_multiplier=2, activation="relu", depthwise_regularizer=R.L1(0.02),
            pointwise_regularizer=R.L2(0.04), bias_regularizer=R.L1L2(l1=0.01, l2=0.01),
            activity_regularizer=R.L1L2(l1=0.001, l2=0.002), pointwise_constraint=keras.constraints.MaxNorm(0.8)),
            L.GlobalAveragePooling1D(), L.Dense(2)]),
        "separable_conv2d": seq([keras.Input((5, 5, 2)), L.SeparableConv2D(
            3, 2, depthwise_regularizer=R.L2(0.02), pointwise_regularizer=R.L1(0.01), activity_regularizer=R.L2(0.01),
            depthwise_constraint=keras.constraints.MaxNorm(1.0)), L.Flatten(), L.Dense(2)]),
        "depthwise_conv2d": seq([keras.Input((5, 5, 3)), L.DepthwiseConv2D(
            2, depth_multiplier=2, depthwise_regularizer=R.L1L2(l1=0.02, l2=0.01), bias_regularizer=R.L2(0.1),
            activity_regularizer=R.L1(0.002)), L.Flatten(), L.Dense(2)]),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(303)
    keras.utils.set_random_seed(303)
    for name, m in models().items():
        m.set_weights([(rng.standard_normal(w.shape) * 0.3).astype(F32) for w in m.get_weights()])
        m.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05), loss="mse")
        x = rng.uniform(-1, 1, (6,) + tuple(m.inputs[0].shape[1:])).astype(F32)
        y = rng.uniform(-1, 1, (6, 2)).astype(F32)
        m(x[:3])
        penalties = float(sum(float(v) for v in m.losses))
        evaluated = float(m.evaluate(x, y, batch_size=3, verbose=0))
        m.save(os.path.join(OUT, name + ".keras"))
        np.save(os.path.join(OUT, name + ".x.npy"), x)
        np.save(os.path.join(OUT, name + ".y.npy"), y)
        history = m.fit(x, y, batch_size=3, epochs=1, shuffle=False, verbose=0)
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump({"generator": "tools/golden/make_conv_regularizer_goldens.py",
                       "keras_version": keras.__version__, "tensorflow_version": tf.__version__,
                       "backend": keras.backend.backend(), "penalties_after_call_on_x0_3": penalties,
                       "evaluate_loss": evaluated, "fit_loss": float(history.history["loss"][0]),
                       "weights_after_fit": [flat_tensor(w) for w in m.get_weights()]}, f)
        print(name, penalties, evaluated, history.history["loss"])


if __name__ == "__main__":
    main()
