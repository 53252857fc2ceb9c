#!/usr/bin/env python3
"""Functional-model fixtures written by real Keras 3 (TensorFlow backend) for dropout4j's graph import.

Run from the repository root (see README.md for the virtualenv):

    python tools/golden/make_functional_fixtures.py

Writes into dropout4j-io/src/test/resources/functional/, for each model NAME: NAME.keras (Keras 3 zip),
NAME.h5 (legacy HDF5) and NAME.json ({"inputs": [...], "outputs": [...]}: fixed inputs and Keras' predictions as
{"shape", "data"} float32 tensors). Models: residual MLP, two inputs and two outputs, a shared layer (siamese),
every merge layer, a model nested in a model, a layer called with training=True.

`--part realistic` (or `all`, the default) writes a second batch into functional/realistic/, models as a team writes
them and never tuned for dropout4j: a transformer encoder block, a masked Bidirectional-LSTM text classifier, a
siamese network, a text + tabular model with two outputs, ResNet and U-Net blocks, nested functional and Sequential
submodels, layers called with keyword arguments, Keras ops on symbolic tensors (x + y, x * 2.0, ops.mean, x[:, 0]),
a seq2seq GRU with initial_state, a MobileNet-style block, a shared-encoder text model; index.json lists them with
their input dtypes. Inputs are fixed random values (token ids for int32 inputs, some padded with 0).
"""
import argparse
import json
import os

from golden_env import F32, REPO, flat_tensor as t  # noqa: E402  (first: it sets the TensorFlow environment)

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

tf.config.experimental.enable_op_determinism()
OUT = os.path.join(REPO, "dropout4j-io", "src", "test", "resources", "functional")


L = keras.layers
VOCAB = 20


def residual():
    x = keras.Input(shape=(6,), name="x")
    h = L.Dense(6, activation="relu")(x)
    h = L.Dropout(0.3)(h)
    h = L.Add()([x, L.Dense(6)(h)])
    y = L.Dense(3, activation="softmax")(h)
    return keras.Model(x, y, name="residual_mlp")


def two_in_two_out():
    a = keras.Input(shape=(5,), name="features")
    b = keras.Input(shape=(3,), name="extra")
    h = L.Dense(8, activation="tanh")(a)
    c = L.Concatenate()([h, b])
    kind = L.Dense(2, activation="softmax", name="kind")(c)
    value = L.Dense(1, name="value")(L.Dropout(0.5)(h))
    return keras.Model(inputs=[a, b], outputs=[kind, value])


def shared():
    left = keras.Input(shape=(4,), name="left")
    right = keras.Input(shape=(4,), name="right")
    enc = L.Dense(3, activation="relu", name="encoder")
    d = L.Subtract()([enc(left), enc(right)])
    y = L.Dense(1, activation="sigmoid")(L.Multiply()([d, d]))
    return keras.Model([left, right], y)


def merges():
    a = keras.Input(shape=(4,), name="a")
    b = keras.Input(shape=(4,), name="b")
    s1 = keras.Input(shape=(3, 4), name="s1")
    s2 = keras.Input(shape=(5, 4), name="s2")
    parts = [L.Add()([a, b]), L.Subtract()([a, b]), L.Multiply()([a, b]), L.Average()([a, b]),
             L.Maximum()([a, b]), L.Minimum()([a, b]), L.Dot(axes=1)([a, b]), L.Dot(axes=1, normalize=True)([a, b])]
    seq = L.Flatten()(L.Dot(axes=(2, 2))([s1, s2]))
    cat = L.Concatenate(axis=1)([s1, s2])
    return keras.Model([a, b, s1, s2], [L.Concatenate()(parts + [seq]), L.Flatten()(cat)])


def nested():
    inner_in = keras.Input(shape=(4,))
    inner = keras.Model(inner_in, L.Dense(3, activation="tanh")(L.Dense(5, activation="relu")(inner_in)),
                        name="inner")
    x = keras.Input(shape=(4,), name="x")
    y = L.Dense(2)(inner(x))
    return keras.Model(x, y, name="outer")


def mc_dropout():
    x = keras.Input(shape=(6,), name="x")
    h = L.Dense(8, activation="relu")(x)
    h = L.Dropout(0.5)(h, training=False)
    return keras.Model(x, L.Dense(1)(h))


MODELS = {"residual_mlp": residual, "two_in_two_out": two_in_two_out, "shared_layer": shared,
          "merges": merges, "nested": nested, "training_kwarg": mc_dropout}


def write_batch(out, models, rng):
    """Saves each model as .keras and .h5 with fixed inputs and Keras' predictions; returns the index entries."""
    os.makedirs(out, exist_ok=True)
    index = []
    for name, make in models.items():
        keras.utils.set_random_seed(5)
        model = make()
        inputs = [sample(rng, i) for i in model.inputs]
        for w in model.weights:  # nonzero biases, betas and moving statistics so that a lost one shows
            if w.path.endswith(("bias", "beta", "moving_mean")):
                w.assign(rng.uniform(-0.5, 0.5, w.shape).astype(F32))
            elif w.path.endswith(("gamma", "moving_variance")):
                w.assign(rng.uniform(0.5, 1.5, w.shape).astype(F32))
        if isinstance(model._inputs_struct, dict):  # a dict of inputs: model.inputs is in sorted key order
            outputs = model.predict({i.name: v for i, v in zip(model.inputs, inputs)}, verbose=0)
        else:
            outputs = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
        if isinstance(outputs, dict):  # keyed by output name; model.outputs is in the flattened (sorted) order
            outputs = [outputs[name] for name in model.output_names]
        save(out, name, model, inputs, outputs)
        index.append({"name": name, "input_dtypes": [str(i.dtype) for i in model.inputs],
                      "input_names": [i.name for i in model.inputs], "output_names": list(model.output_names)})
    return index


def save(out, name, model, inputs, outputs):
    """Writes out/NAME.keras, NAME.h5 and NAME.json (the versions, the inputs and Keras' outputs, one output or a
    list of them, as flat float32 tensors)."""
    outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    model.save(os.path.join(out, name + ".keras"))
    model.save(os.path.join(out, name + ".h5"))
    with open(os.path.join(out, name + ".json"), "w") as f:
        json.dump({"keras_version": keras.__version__, "tensorflow_version": tf.__version__,
                   "inputs": [t(v) for v in inputs], "outputs": [t(v) for v in outputs]}, f)


def sample(rng, spec):
    """Fixed inputs for one model input: token ids in [1, VOCAB) with trailing 0 padding for integer inputs (leading
    padding for an input named `left_padded...`), 0..n-1 for a `positions` input, uniform in [-1, 1) otherwise."""
    shape = (3,) + tuple(7 if d is None else d for d in spec.shape[1:])  # a variable length: 7 steps
    if "int" in str(spec.dtype) and spec.name.startswith("positions"):
        return np.tile(np.arange(shape[1], dtype=np.int32), (shape[0], 1))
    if "int" in str(spec.dtype) and spec.name.startswith("left_padded") and len(shape) == 2:
        ids = rng.integers(1, VOCAB, shape)
        ids[0, :shape[1] // 2] = 0  # the first row padded at the front: its first steps are masked
        ids[1, :1] = 0
        return ids.astype(np.int32)
    if "int" in str(spec.dtype):
        ids = rng.integers(1, VOCAB, shape)
        if len(shape) == 2:
            ids[0, shape[1] // 2:] = 0  # the first row padded at the end
            ids[1, shape[1] - 1:] = 0
        return ids.astype(np.int32)
    return rng.uniform(-1, 1, shape).astype(F32)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--part", choices=["basic", "realistic", "all"], default="all")
    part = parser.parse_args().part
    if part in ("basic", "all"):
        write_basic()
    if part in ("realistic", "all"):
        from realistic_models import MODELS as REALISTIC, REFUSED  # noqa: E402
        index = write_batch(os.path.join(OUT, "realistic"), REALISTIC, np.random.default_rng(23))
        for entry in index:
            if entry["name"] in REFUSED:
                entry["refused"] = REFUSED[entry["name"]]
        with open(os.path.join(OUT, "realistic", "index.json"), "w") as f:
            json.dump({"keras_version": keras.__version__, "tensorflow_version": tf.__version__,
                       "models": index}, f, indent=1)


def write_basic():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(11)
    for name, make in MODELS.items():
        keras.utils.set_random_seed(5)
        model = make()
        inputs = [rng.uniform(-1, 1, (3,) + tuple(i.shape[1:])).astype(F32) for i in model.inputs]
        for w in model.weights:  # nonzero biases so that a lost bias shows
            if "bias" in w.path:
                w.assign(rng.uniform(-0.5, 0.5, w.shape).astype(F32))
        outputs = model.predict(inputs, verbose=0)
        save(OUT, name, model, inputs, outputs)


if __name__ == "__main__":
    main()
