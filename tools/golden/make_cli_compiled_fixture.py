#!/usr/bin/env python3
"""A compiled Keras 3 classifier saved as a legacy .h5 (its compile arguments in the `training_config` attribute),
for dropout4j's CLI test of `evaluate` reading a .h5 file's own loss and metrics.

Run from the repository root with a Python that has keras 3 and tensorflow:

    python tools/golden/make_cli_compiled_fixture.py

Writes dropout4j-cli/src/test/resources/keras/:
  compiled_classifier.h5        Sequential Input(6) -> Dense(8, relu) -> Dropout(0.2) -> Dense(3, softmax),
                                compiled with Adam(0.003), sparse_categorical_crossentropy, metrics ["accuracy"],
                                trained 2 epochs on random data
  compiled_classifier.x.npy     20 rows of inputs (float32)
  compiled_classifier.y.npy     their integer labels (int32)
  compiled_classifier.json      Keras' model.evaluate(x, y) as {"loss": ..., "accuracy": ...}
"""
import json
import os

from golden_env import REPO  # noqa: E402  (first: it sets the TensorFlow environment)

import numpy as np  # noqa: E402
import keras  # noqa: E402

OUT = os.path.join(REPO, "dropout4j-cli", "src", "test", "resources", "keras")


def main():
    rng = np.random.default_rng(31)
    keras.utils.set_random_seed(31)
    L = keras.layers
    model = keras.Sequential([keras.Input((6,)), L.Dense(8, activation="relu"), L.Dropout(0.2),
                              L.Dense(3, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(0.003), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    x = rng.normal(size=(20, 6)).astype("float32")
    y = rng.integers(0, 3, 20).astype("int32")
    model.fit(x, y, epochs=2, batch_size=8, verbose=0)
    model.save(os.path.join(OUT, "compiled_classifier.h5"))
    np.save(os.path.join(OUT, "compiled_classifier.x.npy"), x)
    np.save(os.path.join(OUT, "compiled_classifier.y.npy"), y)
    result = model.evaluate(x, y, verbose=0, return_dict=True)
    with open(os.path.join(OUT, "compiled_classifier.json"), "w") as f:
        json.dump({k: float(v) for k, v in sorted(result.items())}, f, indent=1)
        f.write("\n")
    print(result)


if __name__ == "__main__":
    main()
