#!/usr/bin/env python3
"""Golden forward passes of Keras 3's activation functions and the layers of issue 14 for dropout4j.

Run from the repository root (see README.md for the virtualenv):

    python tools/golden/make_layer_goldens.py

Writes dropout4j-core/src/test/resources/golden/layers.json:
* "activations": each activation function by name on one fixed vector x (covering every branch of the
  piecewise ones), plus gelu(approximate=True);
* "layers": per case (activation, recurrent, wrapper, convolution and normalization layers) the Keras class and constructor arguments, the weights in Keras layout (random normal * 0.5,
  so biases matter), one input and the inference output.
Tensors are {"shape", "data"} of exact float32 values, as in make_goldens.py. (Conv1D channels_first has no case
here: TensorFlow's CPU convolution refuses NCHW; the DL4J fixture conv1d_k2_s1_d1_cf_valid covers it.)
"""
import os

from golden_env import F32, REPO, tensor as T, write_json  # noqa: E402  (first: it sets the TensorFlow environment)


import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

OUT = os.path.join(REPO, "dropout4j-core", "src", "test", "resources", "golden", "layers.json")
ACTIVATIONS = ["relu", "relu6", "sigmoid", "tanh", "elu", "selu", "softplus", "softsign", "silu", "swish", "gelu",
               "mish", "exponential", "hard_sigmoid", "hard_silu", "hard_swish", "leaky_relu", "linear"]


def layer_cases(rng):
    L = keras.layers
    return [
        ("ReLU", {"max_value": 1.4, "negative_slope": 0.2, "threshold": 0.2}, L.ReLU(1.4, 0.2, 0.2), (2, 7)),
        ("ReLU", {"max_value": 6.0}, L.ReLU(max_value=6.0), (2, 7)),
        ("LeakyReLU", {}, L.LeakyReLU(), (2, 7)),
        ("LeakyReLU", {"negative_slope": 0.05}, L.LeakyReLU(negative_slope=0.05), (2, 7)),
        ("ELU", {"alpha": 0.7}, L.ELU(alpha=0.7), (2, 7)),
        ("PReLU", {"shared_axes": [1]}, L.PReLU(shared_axes=[1]), (2, 3, 4)),
        ("Softmax", {"axis": 1}, L.Softmax(axis=1), (2, 3, 4)),
        ("Softmax", {}, L.Softmax(), (2, 3, 4)),
        ("LSTM", {"units": 3, "recurrent_activation": "hard_sigmoid", "activation": "softsign",
                  "return_sequences": True}, L.LSTM(3, recurrent_activation="hard_sigmoid", activation="softsign",
                                                    return_sequences=True), (2, 4, 3)),
        ("GRU", {"units": 3, "recurrent_activation": "hard_sigmoid", "activation": "gelu", "go_backwards": True},
         L.GRU(3, recurrent_activation="hard_sigmoid", activation="gelu", go_backwards=True), (2, 4, 3)),
        ("GRU", {"units": 3, "reset_after": False, "recurrent_activation": "silu", "activation": "mish"},
         L.GRU(3, reset_after=False, recurrent_activation="silu", activation="mish"), (2, 4, 3)),
        ("SimpleRNN", {"units": 3, "activation": "hard_silu", "return_sequences": True},
         L.SimpleRNN(3, activation="hard_silu", return_sequences=True), (2, 4, 3)),
        ("TimeDistributed(Dense)", {"units": 3, "activation": "relu"},
         L.TimeDistributed(L.Dense(3, activation="relu")), (2, 4, 5)),
        ("Bidirectional(LSTM)", {"units": 2, "merge_mode": "concat", "return_sequences": True},
         L.Bidirectional(L.LSTM(2, return_sequences=True), merge_mode="concat"), (2, 4, 3)),
        ("Bidirectional(GRU)", {"units": 2, "merge_mode": "sum"},
         L.Bidirectional(L.GRU(2), merge_mode="sum"), (2, 4, 3)),
        ("Bidirectional(SimpleRNN)", {"units": 2, "merge_mode": "mul", "return_sequences": True},
         L.Bidirectional(L.SimpleRNN(2, return_sequences=True), merge_mode="mul"), (2, 4, 3)),
        ("Bidirectional(LSTM)", {"units": 2, "merge_mode": "ave"},
         L.Bidirectional(L.LSTM(2), merge_mode="ave"), (2, 4, 3)),
        ("DepthwiseConv2D", {"kernel_size": 3, "depth_multiplier": 2, "strides": 2, "padding": "same"},
         L.DepthwiseConv2D(3, depth_multiplier=2, strides=2, padding="same"), (2, 6, 6, 3)),
        ("SeparableConv2D", {"filters": 4, "kernel_size": 2, "depth_multiplier": 2, "activation": "relu"},
         L.SeparableConv2D(4, 2, depth_multiplier=2, activation="relu"), (2, 5, 5, 3)),
        ("LayerNormalization", {}, L.LayerNormalization(), (2, 3, 5)),
        ("LayerNormalization", {"epsilon": 0.1, "center": False}, L.LayerNormalization(epsilon=0.1, center=False),
         (2, 6)),
        ("UnitNormalization", {}, L.UnitNormalization(), (2, 3, 5)),
    ]


def main():
    rng = np.random.default_rng(14)
    keras.utils.set_random_seed(14)
    x = np.array([-7, -3.5, -3, -2.6, -1.5, -1, -0.4, -0.1, 0, 0.1, 0.5, 1, 1.7, 2.6, 3, 3.3, 5, 6.5], dtype=F32)
    doc = {
        "generator": "tools/golden/make_layer_goldens.py",
        "keras_version": keras.__version__,
        "tensorflow_version": tf.__version__,
        "numpy_version": np.__version__,
        "backend": keras.backend.backend(),
        "dtype": "float32",
        "description": "Keras 3 activation functions on x, and inference outputs of activation, recurrent, "
                       "wrapper and convolution layers with stored random weights.",
        "x": T(x),
        "activations": {},
        "layers": [],
    }
    for name in ACTIVATIONS:
        doc["activations"][name] = T(keras.activations.get(name)(x))
    doc["activations"]["gelu_approximate"] = T(keras.activations.gelu(x, approximate=True))
    doc["activations"]["log_softmax"] = T(keras.activations.log_softmax(x.reshape(2, 9)))
    for cls, args, layer, shape in layer_cases(rng):
        inp = (rng.standard_normal(shape) * 1.5).astype(F32)
        layer.build(shape)
        weights = [(rng.standard_normal(w.shape) * 0.5).astype(F32) for w in layer.get_weights()]
        if cls == "PReLU":
            weights = [w + 0.3 for w in weights]
        layer.set_weights(weights)
        out = layer(inp, training=False)
        doc["layers"].append({"class_name": cls, "args": args,
                              "weight_names": [w.path for w in layer.weights],
                              "weights": [T(w) for w in weights], "input": T(inp), "output": T(np.asarray(out))})
    write_json(OUT, doc)


if __name__ == "__main__":
    main()
