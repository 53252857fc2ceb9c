#!/usr/bin/env python3
"""A Keras 3 model fed integer token ids, for dropout4j's CLI tests of `predict` and `mc-predict` on int32/int64
.npy and CSV token ids.

Run from the repository root with a Python that has keras 3 and tensorflow:

    python tools/golden/make_cli_token_fixture.py

Writes dropout4j-cli/src/test/resources/keras/:
  masked_tokens.keras         Sequential Input(7, int32) -> Embedding(12, 4, mask_zero=True) -> LSTM(5)
                              -> Dropout(0.3) -> Dense(3, softmax), weights random normal * 0.5
  masked_tokens.ids.npy       padded token ids as int64 (NumPy's default integer type)
  masked_tokens.ids.csv       the same ids as CSV with a header row
  masked_tokens.outputs.npy   Keras' model.predict(ids) (float32)
"""
import os

from golden_env import F32, REPO  # noqa: E402  (first: it sets the TensorFlow environment)

import numpy as np  # noqa: E402
import keras  # noqa: E402

OUT = os.path.join(REPO, "dropout4j-cli", "src", "test", "resources", "keras")


def main():
    rng = np.random.default_rng(77)
    keras.utils.set_random_seed(77)
    ids = np.array([[3, 7, 1, 0, 0, 0, 0], [0, 0, 5, 11, 2, 9, 4], [4, 4, 8, 10, 6, 1, 2], [2, 0, 6, 0, 5, 0, 0],
                    [0, 0, 0, 0, 0, 0, 0]], dtype=np.int64)
    m = keras.Sequential([keras.Input((7,), dtype="int32"), keras.layers.Embedding(12, 4, mask_zero=True),
                          keras.layers.LSTM(5), keras.layers.Dropout(0.3),
                          keras.layers.Dense(3, activation="softmax")], name="masked_tokens")
    m.set_weights([(rng.standard_normal(w.shape) * 0.5).astype(F32) for w in m.get_weights()])
    m.save(os.path.join(OUT, "masked_tokens.keras"))
    np.save(os.path.join(OUT, "masked_tokens.ids.npy"), ids)
    with open(os.path.join(OUT, "masked_tokens.ids.csv"), "w") as f:
        f.write(",".join("t%d" % i for i in range(ids.shape[1])) + "\n")
        for row in ids:
            f.write(",".join(str(v) for v in row) + "\n")
    np.save(os.path.join(OUT, "masked_tokens.outputs.npy"), np.asarray(m.predict(ids, verbose=0), dtype=F32))


if __name__ == "__main__":
    main()
