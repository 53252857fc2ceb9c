#!/usr/bin/env python3
"""Golden losses and weights from Keras 3 for dropout4j's regularizers and constraints on recurrent, embedding,
normalization, PReLU and attention layers, and the activity regularizers of Conv1D and Conv2D, compiled with SGD
and mse.

Run from the repository root with a Python that has keras 3 and tensorflow:

    python tools/golden/make_weight_rule_goldens.py

Writes dropout4j-io/src/test/resources/keras/weight_rules/:
  <name>.keras, <name>.h5       the compiled model (SGD(learning_rate=0.1), mse); weights random normal * 0.3
                                (moving variances uniform in [0.5, 1.5]), so that every constraint binds; no L1 penalty sits on a weight that
                                a NonNeg constraint clamps to 0 (the gradient of |w| at 0 is 0 in TensorFlow, 1
                                in JAX)
  <name>.x.npy, <name>.y.npy    inputs (float32, or int32 token ids with 0 as padding) and targets, 6 samples
  <name>.json                   Keras' predictions on x, the weight penalties (sum of model.losses after a call on
                                x[:3], whose activity penalty is part of it), model.evaluate(x, y, batch_size=3)
                                (mse plus the weight penalties plus each batch's activity penalty over the batch
                                size), and the loss and weights after one fit epoch (batch_size=3, shuffle=False:
                                two SGD steps, each followed by the constraints); a model with dropout
                                (text_tutorial: Embedding(mask_zero) -> Bidirectional(LSTM(dropout,
                                recurrent_dropout, max-norm)), Keras' text classifier) has no fit golden
                                ("fit_deterministic": false), as its masks are random
"""
import os

from golden_env import F32, REPO, flat_tensor, write_json  # noqa: E402  (first: it sets the TensorFlow environment)

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

tf.config.experimental.enable_op_determinism()
L = keras.layers
R = keras.regularizers
C = keras.constraints
OUT = os.environ.get("WEIGHT_RULES_OUT",
                     os.path.join(REPO, "dropout4j-io", "src", "test", "resources", "keras", "weight_rules"))


def ids():
    return keras.Input((6,), dtype="int32")


def models():
    seq = keras.Sequential
    x = keras.Input((4, 6))
    attended = L.MultiHeadAttention(
        2, 3, kernel_regularizer=R.L2(0.02), bias_regularizer=R.L2(0.01), activity_regularizer=R.L2(0.01),
        kernel_constraint=C.MaxNorm(0.3), bias_constraint=C.NonNeg(), name="mha")(x, x)
    mha = keras.Model(x, L.Dense(2)(L.GlobalAveragePooling1D()(attended)), name="mha_model")
    return {
        "lstm": seq([keras.Input((5, 3)), L.LSTM(
            4, kernel_regularizer=R.L2(0.02), recurrent_regularizer=R.L1L2(l1=0.01, l2=0.02),
            bias_regularizer=R.L1(0.03), activity_regularizer=R.L2(0.01), kernel_constraint=C.MaxNorm(0.3),
            recurrent_constraint=C.MaxNorm(0.25, axis=1), bias_constraint=C.MaxNorm(0.3)), L.Dense(2)]),
        "gru_seq": seq([keras.Input((5, 3)), L.GRU(
            3, return_sequences=True, kernel_regularizer=R.L1(0.02), recurrent_regularizer=R.L2(0.03),
            bias_regularizer=R.L2(0.05), activity_regularizer=R.L1(0.005), kernel_constraint=C.UnitNorm(),
            recurrent_constraint=C.MinMaxNorm(0.1, 0.3, rate=0.5), bias_constraint=C.MaxNorm(0.2)),
            L.GlobalAveragePooling1D(), L.Dense(2)]),
        "simple_rnn": seq([keras.Input((5, 3)), L.SimpleRNN(
            3, kernel_regularizer=R.L2(0.05), recurrent_constraint=C.MaxNorm(0.3), bias_constraint=C.NonNeg(),
            activity_regularizer=R.L1(0.01)),
            L.Dense(2)]),
        "bilstm_masked": seq([ids(), L.Embedding(10, 4, mask_zero=True), L.Bidirectional(L.LSTM(
            3, kernel_regularizer=R.L2(0.02), recurrent_regularizer=R.L2(0.01), recurrent_constraint=C.MaxNorm(0.3),
            bias_constraint=C.MaxNorm(0.2))), L.Dense(2)]),
        "embedding": seq([ids(), L.Embedding(
            10, 4, mask_zero=True, embeddings_regularizer=R.L1L2(l1=0.01, l2=0.02),
            embeddings_constraint=C.MaxNorm(0.3, axis=1), activity_regularizer=R.L2(0.01)),
            L.GlobalAveragePooling1D(), L.Dense(2)]),
        "batch_norm": seq([keras.Input((4,)), L.Dense(5, name="dense_bn"), L.BatchNormalization(
            gamma_regularizer=R.L2(0.05), beta_regularizer=R.L2(0.02), gamma_constraint=C.MaxNorm(0.4),
            beta_constraint=C.NonNeg()), L.Dense(2)]),
        "layer_norm": seq([keras.Input((4,)), L.Dense(5), L.LayerNormalization(
            gamma_regularizer=R.L1L2(l1=0.01, l2=0.03), beta_regularizer=R.L2(0.02), gamma_constraint=C.MaxNorm(0.4),
            beta_constraint=C.MinMaxNorm(0.0, 0.2)), L.Dense(2)]),
        "group_norm": seq([keras.Input((6, 4)), L.GroupNormalization(
            groups=2, gamma_regularizer=R.L1(0.04), beta_regularizer=R.L2(0.01), gamma_constraint=C.MaxNorm(0.4),
            beta_constraint=C.NonNeg()), L.Flatten(), L.Dense(2)]),
        "prelu": seq([keras.Input((4,)), L.Dense(5), L.PReLU(
            alpha_regularizer=R.L2(0.1), alpha_constraint=C.MaxNorm(0.2)), L.Dense(2)]),
        "mha": mha,
        "conv1d_activity": seq([keras.Input((7, 3)), L.Conv1D(
            4, 3, activation="relu", activity_regularizer=R.L1L2(l1=0.001, l2=0.002),
            kernel_regularizer=R.L2(0.01), kernel_constraint=C.MaxNorm(0.5)), L.GlobalAveragePooling1D(),
            L.Dense(2)]),
        "conv2d_activity_pool": seq([keras.Input((6, 6, 2)), L.Conv2D(
            3, 3, activation="relu", padding="same", activity_regularizer=R.L2(0.01)), L.MaxPooling2D(2),
            L.Flatten(), L.Dense(2)]),
        # the text classifier of Keras' tutorials, with the dropout paper's max-norm: dropout makes fit random,
        # so only its predictions and evaluate (inference, deterministic) are golden
        "text_tutorial": seq([ids(), L.Embedding(12, 8, mask_zero=True), L.Bidirectional(L.LSTM(
            6, dropout=0.2, recurrent_dropout=0.2, kernel_constraint=C.MaxNorm(3.0),
            recurrent_constraint=C.MaxNorm(3.0), kernel_regularizer=R.L2(1e-3))), L.Dense(2)]),
    }


STOCHASTIC = {"text_tutorial"}


def weights_for(m, rng):
    out = []
    for v in m.weights:
        shape = tuple(v.shape)
        if v.path.endswith("moving_variance"):
            out.append(rng.uniform(0.5, 1.5, shape).astype(F32))
        else:
            out.append((rng.standard_normal(shape) * 0.3).astype(F32))
    return out


def inputs(m, rng):
    shape = (6,) + tuple(m.inputs[0].shape[1:])
    if m.inputs[0].dtype == "int32":
        x = rng.integers(1, 10, shape).astype(np.int32)
        for row, pad in enumerate([0, 2, 3, 1, 4, 0]):
            x[row, shape[1] - pad:] = 0  # trailing padding
        return x
    return rng.uniform(-1, 1, shape).astype(F32)


def main():
    os.makedirs(OUT, exist_ok=True)
    for index, (name, m) in enumerate(models().items()):
        rng = np.random.default_rng(1000 + index)
        keras.utils.set_random_seed(1000 + index)
        m.set_weights(weights_for(m, rng))
        m.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
        x = inputs(m, rng)
        y = rng.uniform(-1, 1, (6, 2)).astype(F32)
        predicted = m.predict(x, verbose=0)
        m(x[:3])
        penalties = float(sum(float(v) for v in m.losses))
        evaluated = float(m.evaluate(x, y, batch_size=3, verbose=0))
        m.save(os.path.join(OUT, name + ".keras"))
        m.save(os.path.join(OUT, name + ".h5"))
        np.save(os.path.join(OUT, name + ".x.npy"), x)
        np.save(os.path.join(OUT, name + ".y.npy"), y)
        doc = {"generator": "tools/golden/make_weight_rule_goldens.py", "keras_version": keras.__version__,
               "tensorflow_version": tf.__version__, "backend": keras.backend.backend(),
               "predict": flat_tensor(predicted), "penalties_after_call_on_x0_3": penalties,
               "evaluate_loss": evaluated, "fit_deterministic": name not in STOCHASTIC}
        if name not in STOCHASTIC:
            before = [w.copy() for w in m.get_weights()]
            history = m.fit(x, y, batch_size=3, epochs=1, shuffle=False, verbose=0)
            unchanged = [v.path for v, a, b in zip(m.weights, before, m.get_weights()) if np.array_equal(a, b)]
            # a Dense bias right before a BatchNormalization gets no gradient (the batch mean removes it)
            assert all(p.endswith("dense_bn/bias") for p in unchanged), (name, unchanged)
            doc["fit_loss"] = float(history.history["loss"][0])
            doc["weights_after_fit"] = [flat_tensor(w) for w in m.get_weights()]
        write_json(os.path.join(OUT, name + ".json"), doc)
        print(name, penalties, evaluated, doc.get("fit_loss"))


if __name__ == "__main__":
    main()
