#!/usr/bin/env python3
"""Golden forward passes of Keras 3's SimpleRNN, GRU (reset_after=True and False) and LSTM for dropout4j.

Run from the repository root:

    ../V/bin/python tools/golden/make_rnn_goldens.py

Writes dropout4j-core/src/test/resources/golden/rnn_forward.json: per layer kind the weights in Keras layout
(kernel (input_dim, G*units), recurrent_kernel (units, G*units), bias (G*units), GRU bias (2, 3*units)), one input
(batch 2, 4 steps, 3 features), and the inference outputs for return_sequences x go_backwards, plus
return_state. Weights are random normal * 0.5 (biases too, so every bias term matters); tensors are
{"shape", "data"} of exact float32 values, as in make_goldens.py.
"""
import os

from golden_env import F32, REPO, tensor as T, write_json  # noqa: E402  (first: it sets the TensorFlow environment)


import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

OUT = os.path.join(REPO, "dropout4j-core", "src", "test", "resources", "golden", "rnn_forward.json")
UNITS = 3


def main():
    rng = np.random.default_rng(2026)
    x = (rng.standard_normal((2, 4, 3))).astype(F32)
    doc = {
        "generator": "tools/golden/make_rnn_goldens.py",
        "keras_version": keras.__version__,
        "tensorflow_version": tf.__version__,
        "backend": keras.backend.backend(),
        "dtype": "float32",
        "description": "Inference of SimpleRNN/GRU(reset_after True and False)/LSTM(units=3) on input (2,4,3) "
                       "with the stored "
                       "weights; outputs for return_sequences x go_backwards and return_state [output, h(, c)].",
        "units": UNITS,
        "input": T(x),
        "layers": [],
    }
    for kind, cls, extra in (("SimpleRNN", keras.layers.SimpleRNN, {}), ("GRU", keras.layers.GRU, {}),
                             ("GRU", keras.layers.GRU, {"reset_after": False}), ("LSTM", keras.layers.LSTM, {})):
        ref = cls(UNITS, **extra)
        ref.build((None, 4, 3))
        weights = [(rng.standard_normal(w.shape) * 0.5).astype(F32) for w in ref.get_weights()]
        names = [w.path.split("/")[-1] for w in ref.weights]
        entry = {"class_name": kind, "config": extra, "weight_names": names,
                 "weights": [T(w) for w in weights], "cases": []}
        for seq in (False, True):
            for back in (False, True):
                layer = cls(UNITS, return_sequences=seq, go_backwards=back, return_state=True, **extra)
                layer.build((None, 4, 3))
                layer.set_weights(weights)
                outs = layer(x, training=False)
                entry["cases"].append({"return_sequences": seq, "go_backwards": back,
                                       "outputs": [T(np.asarray(o)) for o in outs]})
        doc["layers"].append(entry)
    write_json(OUT, doc)


if __name__ == "__main__":
    main()
