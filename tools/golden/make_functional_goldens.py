#!/usr/bin/env python3
"""Golden values of functional models and merge layers from Keras 3 for dropout4j.

Run from the repository root (see README.md for the virtualenv):

    python tools/golden/make_functional_goldens.py

Writes into dropout4j-core/src/test/resources/golden/:
- functional_summary.txt: model.summary() of the two-input, two-output graph below (200-column terminal);
- merges.json: inputs and inference outputs of Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate
  (axis -1 and 1), Dot (axes 1, normalize; axes (2, 2) on sequences; axes (1, 2));
- functional_two_in_two_out.json: that graph's weights (model.get_weights() order), inputs and Keras' outputs;
- functional_training.json: a two-output model (softmax class + radius regression on make_circles) trained with
  Adam by Keras for 5 seeds: the task, and Keras' test accuracy and radius MSE per seed.
Tensors are {"shape", "data"} of exact float32 values.
"""
import contextlib
import io
import json
import os
import sys

from golden_env import F32, REPO, flat_tensor as t  # noqa: E402  (first: it sets the TensorFlow environment)
os.environ["COLUMNS"] = "200"

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402
from sklearn.datasets import make_circles  # noqa: E402

tf.config.experimental.enable_op_determinism()
tf.config.threading.set_inter_op_parallelism_threads(1)
tf.config.threading.set_intra_op_parallelism_threads(1)

OUT = os.path.join(REPO, "dropout4j-core", "src", "test", "resources", "golden")




def versions():
    return {"keras_version": keras.__version__, "tensorflow_version": tf.__version__,
            "numpy_version": np.__version__, "backend": keras.backend.backend()}


def two_in_two_out():
    a = keras.Input(shape=(8,), name="a")
    b = keras.Input(shape=(3,), name="b")
    d = keras.layers.Dense(16, activation="relu")
    h = d(a)
    c = keras.layers.Concatenate()([h, b])
    kind = keras.layers.Dense(2, activation="softmax", name="kind")(c)
    value = keras.layers.Dense(1, name="value")(keras.layers.Add()([h, d(a)]))
    return keras.Model([a, b], [kind, value])


def write_summary():
    keras.utils.set_random_seed(1)
    model = two_in_two_out()
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        model.summary(line_length=None)
    with open(os.path.join(OUT, "functional_summary.txt"), "w") as f:
        f.write(buf.getvalue())
    rng = np.random.default_rng(7)
    xa = rng.uniform(-1, 1, (5, 8)).astype(F32)
    xb = rng.uniform(-1, 1, (5, 3)).astype(F32)
    kind, value = model.predict([xa, xb], verbose=0)
    with open(os.path.join(OUT, "functional_two_in_two_out.json"), "w") as f:
        json.dump({**versions(), "layers": [layer.name for layer in model.layers],
                   "weights": [t(w) for w in model.get_weights()],
                   "a": t(xa), "b": t(xb), "kind": t(kind), "value": t(value)}, f)


def write_merges():
    rng = np.random.default_rng(3)
    x1 = rng.uniform(-1, 1, (3, 4)).astype(F32)
    x2 = rng.uniform(-1, 1, (3, 4)).astype(F32)
    x3 = rng.uniform(-1, 1, (3, 4)).astype(F32)
    s1 = rng.uniform(-1, 1, (2, 3, 4)).astype(F32)
    s2 = rng.uniform(-1, 1, (2, 5, 4)).astype(F32)
    s3 = rng.uniform(-1, 1, (2, 3, 5)).astype(F32)
    low = rng.uniform(-1, 1, (2, 4)).astype(F32)
    cases = []

    def case(name, layer, inputs, config):
        out = layer([tf.constant(v) for v in inputs])
        cases.append({"name": name, "class_name": type(layer).__name__, "config": config,
                      "inputs": [t(v) for v in inputs], "output": t(out.numpy())})

    L = keras.layers
    case("add", L.Add(), [x1, x2, x3], {})
    case("subtract", L.Subtract(), [x1, x2], {})
    case("multiply", L.Multiply(), [x1, x2, x3], {})
    case("average", L.Average(), [x1, x2, x3], {})
    case("maximum", L.Maximum(), [x1, x2, x3], {})
    case("minimum", L.Minimum(), [x1, x2, x3], {})
    case("add_rank_padding", L.Add(), [low, s1], {})
    case("concatenate", L.Concatenate(), [x1, x2], {"axis": -1})
    case("concatenate_axis1", L.Concatenate(axis=1), [s1, s2], {"axis": 1})
    case("dot", L.Dot(axes=1), [x1, x2], {"axes": 1, "normalize": False})
    case("dot_normalize", L.Dot(axes=-1, normalize=True), [x1, x2], {"axes": -1, "normalize": True})
    case("dot_sequences", L.Dot(axes=(2, 2)), [s1, s2], {"axes": [2, 2], "normalize": False})
    case("dot_mixed_axes", L.Dot(axes=(1, 1)), [s1, s3], {"axes": [1, 1], "normalize": False})
    with open(os.path.join(OUT, "merges.json"), "w") as f:
        json.dump({**versions(), "cases": cases}, f)


TASK = {"n_samples": 500, "noise": 0.1, "factor": 0.5, "random_state": 3, "train_rows": 300, "hidden": 32,
        "dropout": 0.2, "epochs": 60, "batch_size": 32, "learning_rate": 0.01,
        "loss_weights": {"kind": 1.0, "radius": 2.0}}


def write_training():
    x, y = make_circles(n_samples=TASK["n_samples"], noise=TASK["noise"], factor=TASK["factor"],
                        random_state=TASK["random_state"])
    x = x.astype(F32)
    radius = np.sqrt((x.astype(np.float64) ** 2).sum(axis=1)).astype(F32).reshape(-1, 1)
    n = TASK["train_rows"]
    results = []
    for seed in range(1, 6):
        keras.utils.set_random_seed(seed)
        inp = keras.Input(shape=(2,), name="x")
        h = keras.layers.Dense(TASK["hidden"], activation="relu")(inp)
        h = keras.layers.Dropout(TASK["dropout"])(h)
        kind = keras.layers.Dense(2, activation="softmax", name="kind")(h)
        rad = keras.layers.Dense(1, name="radius")(h)
        model = keras.Model(inp, [kind, rad])
        model.compile(optimizer=keras.optimizers.Adam(TASK["learning_rate"]),
                      loss={"kind": "sparse_categorical_crossentropy", "radius": "mse"},
                      loss_weights=TASK["loss_weights"], metrics={"kind": ["accuracy"]})
        hist = model.fit(x[:n], {"kind": y[:n], "radius": radius[:n]}, epochs=TASK["epochs"],
                         batch_size=TASK["batch_size"], verbose=0)
        logs = model.evaluate(x[n:], {"kind": y[n:], "radius": radius[n:]}, verbose=0, return_dict=True)
        results.append({"seed": seed, "history_keys": sorted(hist.history.keys()),
                        "test_kind_accuracy": float(logs["kind_accuracy"]),
                        "test_radius_loss": float(logs["radius_loss"])})
        print(seed, logs, file=sys.stderr)
    with open(os.path.join(OUT, "functional_training.json"), "w") as f:
        json.dump({**versions(), "task": TASK, "results": results}, f, indent=1)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    write_summary()
    write_merges()
    write_training()
