#!/usr/bin/env python3
"""Golden trajectory of freezing layers between fits, from real Keras 3 (TensorFlow backend).

A Sequential Dense(4, tanh) -> BatchNormalization -> Dense(1) is compiled with Adam and saved untrained as a
.keras file. Then, with shuffle=False and one optimizer object throughout, it goes through phases; after each the
weights are recorded:

  1. fit 2 epochs, everything trainable;
  2. freeze the first Dense and the BatchNormalization, recompile (same optimizer), fit 2 epochs: the frozen
     Dense keeps its weights, the frozen BatchNormalization normalizes with its moving statistics and does not
     update them;
  3. unfreeze the first Dense without recompiling, fit 1 epoch: no effect yet (Keras fixes the trainable
     variables when it builds the train function, at the first fit after compile);
  4. recompile (same optimizer), fit 1 epoch: the first Dense trains again, its Adam moments those of phase 1.

Run from the repository root (see tools/golden/README.md):

    python tools/golden/make_freeze_goldens.py

Writes dropout4j-io/src/test/resources/golden/training/freeze.keras and freeze.json.
"""
import json
import os

from golden_env import F32, REPO  # noqa: E402  (first: it sets the TensorFlow environment)

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

tf.config.experimental.enable_op_determinism()
OUT = os.path.join(REPO, "dropout4j-io", "src", "test", "resources", "golden", "training")

rng = np.random.default_rng(99)
X = rng.normal(size=(24, 3)).astype(F32) * 2 + 1
Y = (X @ np.array([[0.5], [-1.0], [0.25]], dtype=F32) + 0.1 * rng.normal(size=(24, 1))).astype(F32)

keras.utils.set_random_seed(7)
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="tanh", name="dense_a"),
                          keras.layers.BatchNormalization(momentum=0.8, name="bn"),
                          keras.layers.Dense(1, name="dense_out")])
opt = keras.optimizers.Adam(0.02)
model.compile(optimizer=opt, loss="mse")
model.save(os.path.join(OUT, "freeze.keras"))
initial = [w.tolist() for w in model.get_weights()]

phases = [
    {"set_trainable": {}, "recompile": False, "epochs": 2},
    {"set_trainable": {"dense_a": False, "bn": False}, "recompile": True, "epochs": 2},
    {"set_trainable": {"dense_a": True}, "recompile": False, "epochs": 1},
    {"set_trainable": {}, "recompile": True, "epochs": 1},
]
for p in phases:
    for name, value in p["set_trainable"].items():
        model.get_layer(name).trainable = value
    if p["recompile"]:
        model.compile(optimizer=opt, loss="mse")
    h = model.fit(X, Y, epochs=p["epochs"], batch_size=8, shuffle=False, verbose=0)
    p["weights"] = [np.asarray(w, dtype=F32).tolist() for w in model.get_weights()]
    p["loss"] = [float(v) for v in h.history["loss"]]
    p["trainable_weights"] = len(model.trainable_weights)

out = {"generator": "tools/golden/make_freeze_goldens.py", "keras_version": keras.__version__,
       "tensorflow_version": tf.__version__, "numpy_version": np.__version__, "backend": "tensorflow",
       "description": __doc__.split("\n\n")[1], "x": X.tolist(), "y": Y.tolist(), "batch_size": 8,
       "initial_weights": initial, "phases": phases,
       "predictions": model.predict(X, verbose=0).astype(F32).tolist(),
       "optimizer_iterations": int(opt.iterations.numpy())}
with open(os.path.join(OUT, "freeze.json"), "w") as fh:
    json.dump(out, fh, indent=1)
print("wrote freeze.keras and freeze.json; trainable weights per phase:",
      [p["trainable_weights"] for p in phases])
