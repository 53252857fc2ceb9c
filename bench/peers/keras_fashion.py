#!/usr/bin/env python3
"""Keras 3 peer for `dropout4j bench fashion-mlp|fashion-cnn|fashion-lstm` (the fastest peer for the mlp is Keras 3
on JAX): the same presets, Adam, sparse categorical cross-entropy, batch 128, in real Keras' own `fit`.

Models (the `dropout4j train` presets, Keras' own defaults):
    mlp   Flatten -> Dense(512, relu) -> Dropout(0.2) -> Dense(512, relu) -> Dropout(0.2) -> Dense(10, softmax)
    cnn   Conv2D(32, 3, relu) -> Conv2D(64, 3, relu) -> MaxPooling2D(2) -> Dropout(0.25) -> Flatten
          -> Dense(128, relu) -> Dropout(0.5) -> Dense(10, softmax)
    lstm  the 28 image rows as 28 steps -> LSTM(128, dropout=0.2, recurrent_dropout=0.2) -> Dense(10, softmax)
Timing: one untimed fit over --warmup batches first (it traces and compiles the train step), then --runs timed fits
of one epoch over the first --batches x 128 training images (shuffled, verbose 0, loss and accuracy tracked as fit
always does). Output, one line per timed window, in the format `dropout4j bench` reads:
    RESULT {"peer": "keras-jax", "torch_version": "3.15.1", "workload": "fashion-mlp", "batch_size": 128,
            "batches": 300, "seconds": 2.1, "epoch_seconds": 3.28, ...}
("torch_version" carries the Keras version: the field name is the bench protocol's.)
The backend is KERAS_BACKEND (default here: jax). Needs keras and the backend, numpy, and the Fashion-MNIST IDX files
(apt-get install -y dataset-fashion-mnist). A virtual environment with them, from the public package index:
    python3 -m venv V && V/bin/python -m pip install keras==3.15.1 jax jaxlib torch
Usage: dropout4j bench fashion-mlp --python V/bin/python --peer-script bench/peers/keras_fashion.py
"""
import argparse
import json
import os
import time

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import keras  # noqa: E402

from fashion_idx import DEFAULT_DATA_DIR, EPOCH_IMAGES, read_idx  # noqa: E402


def build(workload):
    layers = keras.layers
    if workload == "mlp":
        body = [layers.Flatten(), layers.Dense(512, activation="relu"), layers.Dropout(0.2),
                layers.Dense(512, activation="relu"), layers.Dropout(0.2)]
        shape = (28, 28, 1)
    elif workload == "cnn":
        body = [layers.Conv2D(32, 3, activation="relu"), layers.Conv2D(64, 3, activation="relu"),
                layers.MaxPooling2D(2), layers.Dropout(0.25), layers.Flatten(), layers.Dense(128, activation="relu"),
                layers.Dropout(0.5)]
        shape = (28, 28, 1)
    else:
        body = [layers.LSTM(128, dropout=0.2, recurrent_dropout=0.2)]
        shape = (28, 28)
    model = keras.Sequential([keras.Input(shape)] + body + [layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model, shape


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--workload", required=True, choices=["mlp", "cnn", "lstm"])
    p.add_argument("--batches", type=int, default=300)
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--threads", type=int, default=2, help="recorded only: JAX/XLA use every core")
    p.add_argument("--data-dir", default=DEFAULT_DATA_DIR)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args(argv)
    if a.batches < 1 or a.runs < 1 or a.batch_size < 1 or a.warmup < 0:
        p.error("--batches, --runs, --batch-size must be >= 1 and --warmup >= 0")
    keras.utils.set_random_seed(a.seed)
    model, shape = build(a.workload)
    x = (read_idx(a.data_dir, "train-images-idx3-ubyte").astype(np.float32) / 255.0).reshape((-1,) + shape)
    y = read_idx(a.data_dir, "train-labels-idx1-ubyte").astype(np.int64)
    if a.warmup > 0:
        n = a.warmup * a.batch_size
        model.fit(x[:n], y[:n], batch_size=a.batch_size, epochs=1, verbose=0)
    n = a.batches * a.batch_size
    xt, yt = x[:n], y[:n]
    for _ in range(a.runs):
        t0 = time.perf_counter()
        history = model.fit(xt, yt, batch_size=a.batch_size, epochs=1, verbose=0)
        seconds = time.perf_counter() - t0
        print("RESULT " + json.dumps({
            "peer": "keras-" + keras.backend.backend(), "torch_version": keras.__version__,
            "workload": "fashion-" + a.workload, "batch_size": a.batch_size, "batches": a.batches,
            "seconds": round(seconds, 4), "epoch_seconds": round(seconds / n * EPOCH_IMAGES, 4),
            "warmup_batches": a.warmup, "last_loss": float(history.history["loss"][-1])}), flush=True)


if __name__ == "__main__":
    main()
