#!/usr/bin/env python3
"""A compiled functional Keras 3 model with two inputs and two outputs, for dropout4j's CLI tests of `evaluate` and
`fit` on functional models: the per-output losses, loss weights and metrics come from the file (a `.keras` file's
compile_config, a legacy `.h5` file's training_config), and the results carry Keras' names.

Run from the repository root with a Python that has keras 3, jax and tensorflow (for the version record):

    python tools/golden/make_cli_functional_fixture.py

Keras runs on the JAX backend here: on the TensorFlow backend the Embedding's gradient is a tf.IndexedSlices with one
slice per token occurrence, and Keras' Adam squares the slices before summing the duplicates (its v of a token
seen k times in a batch gets sum(g_i^2), not (sum g_i)^2), so its embedding steps are not those of Adam on the dense
gradient that JAX, PyTorch and dropout4j take (one step of batch 24 already differs by 1.6e-2 in the embeddings,
while the other weights agree within 1.2e-7).

Writes dropout4j-cli/src/test/resources/keras/:
  functional_compiled.keras / .h5   inputs "tokens" (6,) int32 and "features" (3,) float32; an Embedding(12, 4)
                                    branch with MultiHeadAttention and a residual Add, pooled; a Dense "proj" of the
                                    features; one Dense layer "shared" called on both branches; Dropout(0.3);
                                    outputs "kind" (Dense(3, softmax)) and "value" (Dense(1) of the joined branches
                                    and the features). Compiled with Adam(0.01), loss {kind:
                                    sparse_categorical_crossentropy, value: mean_squared_error} (the name "mse"
                                    does not load back from a .h5 file in Keras 3.15), loss_weights {kind: 1.0,
                                    value: 0.5}, metrics {kind: [accuracy], value: [mae, root_mean_squared_error]};
                                    trained 2 epochs
  functional_compiled.json          Keras' model.evaluate of the .keras and of the .h5 file (batch size 8) as a
                                    dict, and the order of Keras' evaluate list (the total and per-output losses
                                    first, as return_dict=False gives them). Keras names the "mae" metric
                                    value_mae from the .keras file but value_mean_absolute_error from the .h5 file
                                    (whose training_config stores the function's name)
  functional_fit.keras              the same graph without Dropout, compiled alike but untrained
  functional_fit.json               what Keras' fit(shuffle=False, epochs=3, batch_size=8) of functional_fit.keras
                                    reached: its History and the trained weights (flat, in model.weights order)
  functional.tokens.npy, functional.features.npy, functional.kind.npy, functional.value.npy
                                    24 rows of inputs (int32 ids, float32) and targets (int32 labels, float32)
  functional_fit_sample_weight.json, functional.sample_weight.npy
                                    (--part sample_weight, also in the default --part all) Keras' fit(shuffle=False,
                                    epochs=2, batch_size=8, sample_weight=w) of functional_fit.keras with one weight
                                    per row (0.2 to 2.0): one array weighs both outputs' losses and metrics
"""
import argparse
import os

os.environ["KERAS_BACKEND"] = "jax"  # before golden_env, which defaults to tensorflow (see above)

from golden_env import REPO, write_json  # noqa: E402  (first: it sets the TensorFlow environment)

import numpy as np  # noqa: E402
import keras  # noqa: E402

OUT = os.path.join(REPO, "dropout4j-cli", "src", "test", "resources", "keras")
L = keras.layers
ROWS = 24
BATCH = 8


def model(dropout, name):
    tokens = keras.Input((6,), dtype="int32", name="tokens")
    features = keras.Input((3,), name="features")
    e = L.Embedding(12, 4, name="embed")(tokens)
    a = L.MultiHeadAttention(num_heads=2, key_dim=2, name="attend")(e, e)
    t = L.GlobalAveragePooling1D(name="pool")(L.Add(name="residual")([e, a]))
    f = L.Dense(4, activation="tanh", name="proj")(features)
    shared = L.Dense(4, activation="relu", name="shared")
    h = L.Add(name="join")([shared(t), shared(f), f])
    if dropout:
        h = L.Dropout(0.3, name="drop")(h)
    kind = L.Dense(3, activation="softmax", name="kind")(h)
    value = L.Dense(1, name="value")(L.Concatenate(name="with_features")([h, features]))
    m = keras.Model([tokens, features], [kind, value], name=name)
    m.compile(optimizer=keras.optimizers.Adam(0.01),
              loss={"kind": "sparse_categorical_crossentropy", "value": "mean_squared_error"},
              loss_weights={"kind": 1.0, "value": 0.5},
              metrics={"kind": ["accuracy"], "value": ["mae", "root_mean_squared_error"]})
    return m


def versions():
    import tensorflow as tf
    return {"keras_version": keras.__version__, "tensorflow_version": tf.__version__,
            "numpy_version": np.__version__, "backend": keras.backend.backend()}


def fit_doc(m, history):
    doc = dict(versions())
    doc.update({"history": {k: [float(v) for v in vs] for k, vs in sorted(history.history.items())},
                "weights": [{"path": w.path, "shape": list(w.shape),
                             "data": np.asarray(w.numpy(), dtype="float32").reshape(-1).tolist()}
                            for w in m.weights]})
    return doc


def sample_weight_fit():
    """functional_fit.keras trained with one sample weight per row, from the committed data."""
    x = [np.load(os.path.join(OUT, "functional." + n + ".npy")) for n in ["tokens", "features"]]
    y = [np.load(os.path.join(OUT, "functional." + n + ".npy")) for n in ["kind", "value"]]
    w = np.linspace(0.2, 2.0, ROWS).astype("float32")
    np.save(os.path.join(OUT, "functional.sample_weight.npy"), w)
    m = keras.saving.load_model(os.path.join(OUT, "functional_fit.keras"))
    history = m.fit(x, y, epochs=2, batch_size=BATCH, shuffle=False, verbose=0, sample_weight=w)
    doc = fit_doc(m, history)
    doc = dict(list(doc.items())[:4] + [("epochs", 2), ("batch_size", BATCH)] + list(doc.items())[4:])
    write_json(os.path.join(OUT, "functional_fit_sample_weight.json"), doc)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--part", choices=["all", "sample_weight"], default="all")
    if parser.parse_args().part == "sample_weight":
        sample_weight_fit()
        return
    rng = np.random.default_rng(41)
    keras.utils.set_random_seed(41)
    tokens = rng.integers(0, 12, (ROWS, 6)).astype("int32")
    features = rng.normal(size=(ROWS, 3)).astype("float32")
    kind = rng.integers(0, 3, ROWS).astype("int32")
    value = (features[:, :1] * 0.7 + rng.normal(scale=0.2, size=(ROWS, 1))).astype("float32")
    for name, a in [("tokens", tokens), ("features", features), ("kind", kind), ("value", value)]:
        np.save(os.path.join(OUT, "functional." + name + ".npy"), a)
    x, y = [tokens, features], [kind, value]

    m = model(True, "two_heads")
    m.fit(x, y, epochs=2, batch_size=BATCH, verbose=0)
    m.save(os.path.join(OUT, "functional_compiled.keras"))
    m.save(os.path.join(OUT, "functional_compiled.h5"))
    doc = dict(versions())
    doc["batch_size"] = BATCH
    for ext in ["keras", "h5"]:
        again = keras.saving.load_model(os.path.join(OUT, "functional_compiled." + ext))
        result = again.evaluate(x, y, batch_size=BATCH, verbose=0, return_dict=True)
        doc["evaluate_" + ext] = {k: float(v) for k, v in sorted(result.items())}
        as_list = again.evaluate(x, y, batch_size=BATCH, verbose=0)
        order = [k for k in ["loss", "kind_loss", "value_loss"]] + sorted(
            k for k in result if k not in ("loss", "kind_loss", "value_loss"))
        assert np.allclose(as_list, [result[k] for k in order]), (as_list, result)
        doc["evaluate_order_" + ext] = order
    write_json(os.path.join(OUT, "functional_compiled.json"), doc)

    keras.utils.set_random_seed(42)
    f = model(False, "two_heads_fit")
    f.save(os.path.join(OUT, "functional_fit.keras"))
    history = f.fit(x, y, epochs=3, batch_size=BATCH, shuffle=False, verbose=0)
    doc = dict(versions())
    doc.update({"epochs": 3, "batch_size": BATCH,
                "history": {k: [float(v) for v in vs] for k, vs in sorted(history.history.items())},
                "weights": [{"path": w.path, "shape": list(w.shape),
                             "data": np.asarray(w.numpy(), dtype="float32").reshape(-1).tolist()}
                            for w in f.weights]})
    write_json(os.path.join(OUT, "functional_fit.json"), doc)
    sample_weight_fit()


if __name__ == "__main__":
    main()
