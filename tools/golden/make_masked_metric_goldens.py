#!/usr/bin/env python3
"""Golden files of Keras 3's masked metrics for dropout4j: compiled models whose per-step predictions carry a mask
(Embedding(mask_zero=True)), saved as .keras with their compile config, padded inputs, targets and what
model.evaluate reports. Keras 3 weights its MeanMetricWrapper metrics (accuracies, top-k, mae, mse) by the mask;
precision, recall, AUC and root mean squared error see every step; the loss is the masked mean.

Run from the repository root with a Python that has keras 3 and tensorflow:

    python tools/golden/make_masked_metric_goldens.py

Writes dropout4j-io/src/test/resources/keras/masked_metrics/:
  <name>.keras                  the compiled model
  <name>.x.npy, <name>.y.npy    padded token ids (int32) and targets (float32)
  <name>.json                   model.evaluate(x, y, return_dict=True) and the Keras/TensorFlow versions
Models (weights random normal * 0.5):
  sparse_seq       Embedding(12, 4, mask_zero) -> LSTM(5, return_sequences) -> Dense(3, softmax);
                   sparse_categorical_crossentropy; accuracy, sparse_categorical_accuracy
  binary_seq       Embedding(12, 4, mask_zero) -> GRU(4, return_sequences) -> Dense(1, sigmoid); binary_crossentropy;
                   binary_accuracy, mae, mse, root_mean_squared_error, precision, recall, auc
  categorical_seq  Embedding(12, 4, mask_zero) -> SimpleRNN(4, return_sequences) -> Dense(4, softmax);
                   categorical_crossentropy; categorical_accuracy, top_k_categorical_accuracy, mse
"""
import json
import os

from golden_env import F32, REPO  # noqa: E402  (first: it sets the TensorFlow environment)

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

L = keras.layers
OUT = os.path.join(REPO, "dropout4j-io", "src", "test", "resources", "keras", "masked_metrics")
IDS = np.array([[3, 7, 1, 0, 0, 0],     # right padding
                [0, 0, 5, 11, 2, 9],    # left padding
                [4, 4, 8, 10, 6, 1],    # no padding
                [2, 0, 6, 0, 5, 0],     # holes
                [9, 0, 0, 0, 0, 0]],    # one step
               dtype=np.int32)


def model(rnn, units, activation):
    return keras.Sequential([keras.Input((6,), dtype="int32"), L.Embedding(12, 4, mask_zero=True),
                             rnn(units if rnn is not L.LSTM else 5, return_sequences=True),
                             L.Dense(units, activation=activation)])


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(2014)
    keras.utils.set_random_seed(2014)
    cases = {
        "sparse_seq": (model(L.LSTM, 3, "softmax"), "sparse_categorical_crossentropy",
                       ["accuracy", "sparse_categorical_accuracy"],
                       lambda: rng.integers(0, 3, (5, 6)).astype(F32)),
        "binary_seq": (model(L.GRU, 1, "sigmoid"), "binary_crossentropy",
                       ["binary_accuracy", "mae", "mse", "root_mean_squared_error", "precision", "recall", "auc"],
                       lambda: rng.integers(0, 2, (5, 6, 1)).astype(F32)),
        "categorical_seq": (model(L.SimpleRNN, 4, "softmax"), "categorical_crossentropy",
                            ["categorical_accuracy", "top_k_categorical_accuracy", "mse"],
                            lambda: np.eye(4, dtype=F32)[rng.integers(0, 4, (5, 6))]),
    }
    for name, (m, loss, metrics, targets) in cases.items():
        m.set_weights([(rng.standard_normal(w.shape) * 0.5).astype(F32) for w in m.get_weights()])
        m.compile(optimizer="sgd", loss=loss, metrics=metrics)
        y = targets()
        logs = m.evaluate(IDS, y, batch_size=5, return_dict=True, verbose=0)
        m.save(os.path.join(OUT, name + ".keras"))
        np.save(os.path.join(OUT, name + ".x.npy"), IDS)
        np.save(os.path.join(OUT, name + ".y.npy"), y)
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump({"generator": "tools/golden/make_masked_metric_goldens.py", "keras_version": keras.__version__,
                       "tensorflow_version": tf.__version__, "backend": keras.backend.backend(),
                       "evaluate": {k: float(v) for k, v in logs.items()}}, f, indent=1)
        print(name, logs)


if __name__ == "__main__":
    main()
