#!/usr/bin/env python3
"""Golden files of Keras masking for dropout4j: real Keras 3 models whose masks come from Embedding(mask_zero=True)
or Masking, saved as .keras and .h5, with padded inputs, Keras' predictions and Keras' gradients.

Run from the repository root with a Python that has keras 3 and tensorflow:

    python tools/golden/make_masking_goldens.py

Writes dropout4j-io/src/test/resources/keras/masking/:
  <name>.keras, <name>.h5       the model (Keras 3 zip and legacy HDF5)
  <name>.inputs.npy             padded inputs (int32 token ids, or float32 sequences for Masking)
  <name>.outputs.npy            model.predict(inputs) (float32)
  gradients.json                for emb_lstm: d sum(predict * r) / d weight, r fixed (exact float32 values)
  masked_loss.json              for emb_gru_seq: Keras' masked mean squared error of its per-step outputs and
                                the gradients of that loss
The models (weights random normal * 0.5 so every term matters):
  emb_lstm        Sequential Embedding(12, 5, mask_zero) -> LSTM(4) -> Dense(2)
  emb_gru_seq     Sequential Embedding(10, 4, mask_zero) -> Dropout -> GRU(3, return_sequences) -> Dense(2):
                  per-step outputs, masked steps as Keras gives them (the previous output carried)
  masking_rnn_gap Sequential Masking(-1) -> SimpleRNN(4, return_sequences, go_backwards) -> Dense(3, relu)
                  -> GlobalAveragePooling1D (mean over kept steps) -> Dense(1)
  emb_bilstm      Functional Embedding(9, 4, mask_zero) -> Bidirectional(LSTM(3, return_sequences)) + a Dense skip
                  (Add of two masked tensors) -> Bidirectional(GRU(2)) -> Dense(1)
  emb_bigru_seq   Functional Embedding(9, 3, mask_zero) -> Bidirectional(GRU(2, return_sequences)) (Keras forces
                  zero_output_for_mask: masked steps output zeros) -> SimpleRNN(2, return_sequences,
                  zero_output_for_mask=True) -> Dense(2): per-step outputs
Rows mix right padding, left padding, no padding and (except where a mean would be 0/0) a fully padded row.
"""
import os

from golden_env import F32, REPO, flat_tensor  # noqa: E402  (first: it sets the TensorFlow environment)

import json  # noqa: E402

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

OUT = os.path.join(REPO, "dropout4j-io", "src", "test", "resources", "keras", "masking")


def randomize(model, rng):
    model.set_weights([(rng.standard_normal(w.shape) * 0.5).astype(F32) for w in model.get_weights()])


def save(name, model, x):
    model.save(os.path.join(OUT, name + ".keras"))
    model.save(os.path.join(OUT, name + ".h5"))
    np.save(os.path.join(OUT, name + ".inputs.npy"), x)
    y = np.asarray(model.predict(x, verbose=0), dtype=F32)
    assert np.all(np.isfinite(y))
    np.save(os.path.join(OUT, name + ".outputs.npy"), y)
    return y


def write_gradients(file, model, grads, description, **fields):
    """Writes file: the versions, the model's name, what was differentiated (description and fields, e.g. the
    weighting r or y_true), then one flat float32 gradient per trainable weight, in model.trainable_weights order."""
    doc = {"generator": "tools/golden/make_masking_goldens.py", "keras_version": keras.__version__,
           "tensorflow_version": tf.__version__, "backend": keras.backend.backend(), "model": model.name,
           "description": description, **fields,
           "weights": [w.path for w in model.trainable_weights],
           "gradients": [flat_tensor(tf.convert_to_tensor(g)) for g in grads]}
    with open(os.path.join(OUT, file), "w") as fh:
        json.dump(doc, fh, indent=1)
        fh.write("\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(1414)
    keras.utils.set_random_seed(1414)

    ids = np.array([[3, 7, 1, 0, 0, 0],     # right padding
                    [0, 0, 5, 11, 2, 9],    # left padding
                    [4, 4, 8, 10, 6, 1],    # no padding
                    [0, 0, 0, 0, 0, 0],     # fully padded
                    [2, 0, 6, 0, 5, 0]],    # holes
                   dtype=np.int32)
    m = keras.Sequential([keras.Input((6,), dtype="int32"), keras.layers.Embedding(12, 5, mask_zero=True),
                          keras.layers.LSTM(4), keras.layers.Dense(2)], name="emb_lstm")
    randomize(m, rng)
    save("emb_lstm", m, ids)
    r = rng.standard_normal((5, 2)).astype(F32)
    with tf.GradientTape() as tape:
        total = tf.reduce_sum(m(ids, training=False) * r)
    grads = tape.gradient(total, m.trainable_weights)
    write_gradients("gradients.json", m, grads, "gradients of sum(model(inputs) * r) with respect to each "
                    "trainable weight, in model.trainable_weights order", r=flat_tensor(r))

    ids2 = np.array([[1, 2, 3, 0, 0], [0, 0, 9, 8, 7], [5, 6, 7, 8, 9], [0, 0, 0, 0, 0]], dtype=np.int32)
    m = keras.Sequential([keras.Input((5,), dtype="int32"), keras.layers.Embedding(10, 4, mask_zero=True),
                          keras.layers.Dropout(0.3), keras.layers.GRU(3, return_sequences=True),
                          keras.layers.Dense(2)], name="emb_gru_seq")
    randomize(m, rng)
    save("emb_gru_seq", m, ids2)
    y_true = rng.standard_normal((4, 5, 2)).astype(F32)
    with tf.GradientTape() as tape:
        y_pred = m(ids2, training=False)
        assert getattr(y_pred, "_keras_mask", None) is not None
        loss = keras.losses.MeanSquaredError()(y_true, y_pred)  # Keras 3 masks the loss by y_pred's mask
    grads = tape.gradient(loss, m.trainable_weights)
    write_gradients("masked_loss.json", m, grads, "keras.losses.MeanSquaredError()(y_true, model(inputs)) with the "
                    "output's mask (mean over the kept steps) and its gradients with respect to each trainable "
                    "weight", y_true=flat_tensor(y_true), loss=float(loss))

    seq = rng.standard_normal((3, 5, 2)).astype(F32)
    seq[0, 3:] = -1.0          # right padding
    seq[1, :2] = -1.0          # left padding
    seq[2, 2] = [-1.0, 0.5]    # one value equal to mask_value: the step stays
    m = keras.Sequential([keras.Input((5, 2)), keras.layers.Masking(-1.0),
                          keras.layers.SimpleRNN(4, return_sequences=True, go_backwards=True),
                          keras.layers.Dense(3, activation="relu"), keras.layers.GlobalAveragePooling1D(),
                          keras.layers.Dense(1)], name="masking_rnn_gap")
    randomize(m, rng)
    save("masking_rnn_gap", m, seq)

    ids3 = np.array([[4, 2, 7, 0, 0], [0, 3, 1, 1, 8], [5, 6, 7, 8, 1], [0, 0, 0, 0, 0]], dtype=np.int32)
    inp = keras.Input((5,), dtype="int32", name="tokens")
    emb = keras.layers.Embedding(9, 4, mask_zero=True)(inp)
    bi = keras.layers.Bidirectional(keras.layers.LSTM(3, return_sequences=True))(emb)
    skip = keras.layers.Dense(6)(emb)
    merged = keras.layers.Add()([bi, skip])
    out = keras.layers.Dense(1)(keras.layers.Bidirectional(keras.layers.GRU(2))(merged))
    m = keras.Model(inp, out, name="emb_bilstm")
    randomize(m, rng)
    save("emb_bilstm", m, ids3)
    inp = keras.Input((5,), dtype="int32", name="tokens")
    x = keras.layers.Embedding(9, 3, mask_zero=True)(inp)
    x = keras.layers.Bidirectional(keras.layers.GRU(2, return_sequences=True), merge_mode="concat")(x)
    x = keras.layers.SimpleRNN(2, return_sequences=True, zero_output_for_mask=True)(x)
    m = keras.Model(inp, keras.layers.Dense(2)(x), name="emb_bigru_seq")
    randomize(m, rng)
    save("emb_bigru_seq", m, ids3)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
