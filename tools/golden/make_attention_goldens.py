#!/usr/bin/env python3
"""Golden MultiHeadAttention, Attention, AdditiveAttention and GroupNormalization results from Keras 3 for dropout4j.

Run from the repository root (see README.md for the virtualenv):

    python tools/golden/make_attention_goldens.py

Writes
- dropout4j-core/src/test/resources/golden/attention.json: for each case the layer's Keras config
  (`layer.get_config()`), the call's inputs and non-tensor arguments (`use_causal_mask`), the weights in Keras'
  order (random values, biases included, so a lost bias or a swapped projection shows), the inference output, and
  the gradients of sum(output * r) for a stored r with respect to every input and weight (tf.GradientTape);
- dropout4j-io/src/test/resources/functional/NAME.keras / .h5 / .json: small functional models saved
  with `model.save` (Keras 3 zip and legacy HDF5), with fixed inputs and Keras' `model.predict` outputs. The
  `attention_mha_dropout` model has MultiHeadAttention with dropout=0.2, called with the kwargs query/value/key and
  use_causal_mask=True; `attention_layers` has Attention (concat, use_scale, dropout) with use_causal_mask,
  AdditiveAttention on [query, value, key] and GroupNormalization; `attention_masked` has Embedding(mask_zero=True)
  feeding MultiHeadAttention and Attention (the masks of padded token ids) and GlobalAveragePooling1D;
  `attention_mask_gate` has a boolean `attention_mask` model input passed to a gated (use_gate) causal
  MultiHeadAttention over masked embeddings and to a second one with dropout (its softmax path).
Tensors are {"shape", "data"} float32 with data flattened in row-major order.
"""
import json
import os

from golden_env import F32, REPO, flat_tensor as T  # noqa: E402  (first: it sets the TensorFlow environment)

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

tf.config.experimental.enable_op_determinism()
L = keras.layers
GOLDEN = os.path.join(REPO, "dropout4j-core", "src", "test", "resources", "golden", "attention.json")
FIXTURES = os.path.join(REPO, "dropout4j-io", "src", "test", "resources", "functional")


def case(rng, layer, shapes, kwargs=None, multi=True, masks=None):
    """Builds the layer on the shapes, gives it random weights, and records output and gradients. masks: one
    (batch, T) 0/1 list per input or None, passed as Keras passes the masks of masked tensors (query_mask/value_mask/
    key_mask for MultiHeadAttention, mask=[...] for Attention and AdditiveAttention)."""
    kwargs = dict(kwargs or {})
    attention_mask = kwargs.pop("attention_mask", None)  # Keras' (B, T, S) or (B, N, T, S) boolean call argument
    xs = [tf.constant(rng.standard_normal(s).astype(F32)) for s in shapes]
    masks = masks or [None] * len(shapes)
    tf_masks = [None if m is None else tf.constant(np.asarray(m, dtype=bool)) for m in masks]
    extra = {}
    if attention_mask is not None:
        extra["attention_mask"] = tf.constant(np.asarray(attention_mask, dtype=bool))
    if isinstance(layer, L.MultiHeadAttention):
        # Keras 3.15's MultiHeadAttention reads the query's mask from the tensor (its query_mask argument is
        # overwritten), value_mask/key_mask from the arguments Keras fills from the tensors' masks
        for name, m in zip(("value_mask", "key_mask"), tf_masks[1:]):
            if m is not None:
                extra[name] = m
    elif any(m is not None for m in tf_masks):
        extra["mask"] = tf_masks
    if isinstance(layer, L.MultiHeadAttention):
        def call():
            keras.src.backend.set_keras_mask(xs[0], tf_masks[0])
            return layer(*xs, **kwargs, **extra)  # query, value[, key]
    elif multi:
        call = lambda: layer(xs, **kwargs, **extra)  # noqa: E731  [query, value(, key)]
    else:
        call = lambda: layer(xs[0])  # noqa: E731
    call()  # builds
    weights = [(rng.standard_normal(w.shape) * 0.5).astype(F32) for w in layer.weights]
    layer.set_weights(weights)
    with tf.GradientTape() as tape:
        tape.watch(xs)
        y = call()
        r = tf.constant(rng.uniform(-1, 1, y.shape).astype(F32))
        loss = tf.reduce_sum(y * r)
    grads = tape.gradient(loss, xs + list(layer.trainable_weights))
    out = {
        "class_name": layer.__class__.__name__,
        "config": layer.get_config(),
        "arguments": kwargs,
        "masks": [None if m is None else T(np.asarray(m, dtype=F32)) for m in masks],
        "inputs": [T(x) for x in xs],
        "weights": [T(w) for w in weights],
        "output": T(y),
        "r": T(r),
        "input_grads": [T(g) for g in grads[:len(xs)]],
        "weight_grads": [T(g) for g in grads[len(xs):]],
    }
    if attention_mask is not None:  # dropout4j takes it as a fourth input [query, value, key, attention_mask]
        out["attention_mask"] = T(np.asarray(attention_mask, dtype=F32))
    return out


def layer_cases():
    rng = np.random.default_rng(1415)
    c = []
    mha = L.MultiHeadAttention
    c.append(case(rng, mha(2, 4), [(2, 5, 6), (2, 5, 6)]))
    c.append(case(rng, mha(2, 4), [(2, 5, 6), (2, 5, 6)], {"use_causal_mask": True}))
    c.append(case(rng, mha(3, 2, value_dim=5, output_shape=7, use_bias=False), [(2, 4, 6), (2, 6, 3), (2, 6, 5)]))
    c.append(case(rng, mha(2, 3), [(2, 6, 4), (2, 4, 4)], {"use_causal_mask": True}))
    c.append(case(rng, mha(2, 3, output_shape=(2, 3)), [(2, 3, 4, 5), (2, 3, 2, 5)]))
    c.append(case(rng, mha(2, 3, attention_axes=(2,)), [(2, 3, 4, 5), (2, 3, 2, 5)]))
    c.append(case(rng, mha(2, 3, sliding_window=2), [(2, 5, 4), (2, 5, 4)], {"use_causal_mask": True}))
    c.append(case(rng, mha(2, 3, sliding_window=2), [(2, 5, 4), (2, 5, 4)]))
    # dropout is inactive at inference: the output is the plain attention
    c.append(case(rng, mha(2, 4, dropout=0.3, seed=3), [(2, 5, 6), (2, 5, 6)]))
    qm = [[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]]  # padded queries: Keras' fused path attends uniformly, then projects
    vm = [[1, 1, 1, 1, 0], [0, 0, 1, 1, 1]]  # trailing and leading padding
    c.append(case(rng, mha(2, 4), [(2, 5, 6), (2, 5, 6)], masks=[qm, vm]))
    c.append(case(rng, mha(2, 4), [(2, 5, 6), (2, 5, 6)], {"use_causal_mask": True}, masks=[qm, vm]))
    c.append(case(rng, mha(2, 4, dropout=0.1), [(2, 5, 6), (2, 5, 6), (2, 5, 3)], masks=[qm, vm, vm]))
    c.append(case(rng, mha(2, 3), [(2, 5, 4), (2, 5, 4)], {"use_causal_mask": True}, masks=[None, vm]))
    att = L.Attention
    c.append(case(rng, att(use_scale=True), [(2, 5, 3), (2, 5, 3)], {"use_causal_mask": True}, masks=[qm, vm]))
    c.append(case(rng, L.AdditiveAttention(), [(2, 5, 3), (2, 5, 3)], masks=[qm, vm]))
    c.append(case(rng, att(), [(2, 4, 3), (2, 5, 3)]))
    c.append(case(rng, att(use_scale=True), [(2, 4, 3), (2, 5, 2), (2, 5, 3)]))
    c.append(case(rng, att(score_mode="concat"), [(2, 4, 3), (2, 5, 3)], {"use_causal_mask": True}))
    c.append(case(rng, att(use_scale=True, score_mode="concat", dropout=0.2), [(2, 4, 3), (2, 5, 3)]))
    c.append(case(rng, att(use_scale=True), [(2, 5, 3), (2, 5, 3)], {"use_causal_mask": True}))
    add = L.AdditiveAttention
    c.append(case(rng, add(), [(2, 4, 3), (2, 5, 3)]))
    c.append(case(rng, add(use_scale=False), [(2, 4, 3), (2, 5, 2), (2, 5, 3)]))
    c.append(case(rng, add(dropout=0.4), [(2, 5, 3), (2, 5, 3)], {"use_causal_mask": True}))
    gn = L.GroupNormalization
    c.append(case(rng, gn(groups=2), [(2, 5, 8)], multi=False))
    c.append(case(rng, gn(groups=-1), [(2, 3, 4, 6)], multi=False))
    c.append(case(rng, gn(groups=1, epsilon=1e-5), [(2, 3, 4)], multi=False))
    c.append(case(rng, gn(groups=3, axis=1), [(2, 6, 3, 2)], multi=False))
    c.append(case(rng, gn(groups=2, center=False), [(3, 4)], multi=False))
    c.append(case(rng, gn(groups=4, scale=False, axis=-2), [(2, 8, 3)], multi=False))
    # attention_mask (B, T, S): a row with nothing allowed attends uniformly in the fused path (dropout 0) and to
    # nothing (zeros) in the softmax path Keras takes with dropout > 0; with use_causal_mask, Keras masks and a
    # per-head (B, N, T, S) mask, all combined with a logical and
    am = rng.uniform(size=(2, 5, 5)) < 0.6
    am[0, 1, :] = False  # query 1 of sample 0 may attend to nothing
    c.append(case(rng, mha(2, 4), [(2, 5, 6), (2, 5, 6)], {"attention_mask": am}))
    c.append(case(rng, mha(2, 4, dropout=0.2), [(2, 5, 6), (2, 5, 6)], {"attention_mask": am}))
    c.append(case(rng, mha(2, 4), [(2, 5, 6), (2, 5, 6)], {"attention_mask": am, "use_causal_mask": True},
                  masks=[qm, vm]))
    cross = rng.uniform(size=(2, 4, 6)) < 0.7
    c.append(case(rng, mha(3, 2, value_dim=3), [(2, 4, 5), (2, 6, 3), (2, 6, 4)], {"attention_mask": cross},
                  masks=[None, [[1, 1, 1, 1, 0, 0], [1, 1, 1, 1, 1, 1]], None]))
    c.append(case(rng, mha(2, 3), [(2, 4, 5), (2, 4, 5)], {"attention_mask": rng.uniform(size=(2, 2, 4, 4)) < 0.6}))
    c.append(case(rng, mha(2, 3), [(2, 4, 5), (2, 4, 5)], {"attention_mask": rng.uniform(size=(1, 4, 4)) < 0.6}))
    # use_gate (Keras 3.15): sigmoid(query projection) scales each head's attended values
    c.append(case(rng, mha(2, 4, use_gate=True), [(2, 5, 6), (2, 5, 6)]))
    c.append(case(rng, mha(3, 2, value_dim=5, use_gate=True, use_bias=False, output_shape=7),
                  [(2, 4, 6), (2, 6, 3), (2, 6, 5)], {"use_causal_mask": True}))
    c.append(case(rng, mha(2, 3, use_gate=True, dropout=0.1), [(2, 3, 4, 5), (2, 3, 2, 5)]))
    c.append(case(rng, mha(2, 4, use_gate=True), [(2, 5, 6), (2, 5, 6)], {"attention_mask": am}, masks=[qm, None]))
    return c


def attention_mha_dropout():
    x = keras.Input(shape=(5, 6), name="tokens")
    h = L.Dense(8, activation="tanh")(x)
    a = L.MultiHeadAttention(num_heads=2, key_dim=4, dropout=0.2, name="self_attention")(
        query=h, value=h, key=h, use_causal_mask=True)
    h = L.LayerNormalization()(L.Add()([h, a]))
    c = L.MultiHeadAttention(2, 3, value_dim=2, output_shape=5, name="cross_attention")(h, x)
    return keras.Model(x, L.Dense(2)(L.GlobalAveragePooling1D()(c)), name="attention_mha_dropout")


def attention_layers():
    q = keras.Input(shape=(4, 3), name="query")
    v = keras.Input(shape=(6, 3), name="value")
    k = L.Dense(3, name="key_projection")(v)
    a = L.Attention(use_scale=True, score_mode="concat", dropout=0.25)([q, v], use_causal_mask=True)
    b = L.AdditiveAttention(dropout=0.1)([q, v, k])
    g = L.GroupNormalization(groups=3)(L.Concatenate()([a, b]))
    return keras.Model([q, v], g, name="attention_layers")


def attention_masked():
    ids = keras.Input(shape=(6,), dtype="int32", name="ids")
    e = L.Embedding(12, 6, mask_zero=True)(ids)
    a = L.MultiHeadAttention(num_heads=2, key_dim=3, name="masked_attention")(e, e)
    # a value of its own: Keras' MultiHeadAttention clears the masks of the tensors it is called on, so a later
    # layer reading `e` would see no mask in Keras (an execution-order side effect dropout4j does not copy)
    v = L.Embedding(12, 6, mask_zero=True, name="value_embedding")(ids)
    b = L.Attention(use_scale=True)([a, v])
    return keras.Model(ids, L.Dense(2)(L.GlobalAveragePooling1D()(b)), name="attention_masked")


def attention_mask_gate():
    ids = keras.Input(shape=(6,), dtype="int32", name="ids")
    allowed = keras.Input(shape=(6, 6), dtype="bool", name="allowed")  # Keras' attention_mask, a model input
    e = L.Embedding(12, 8, mask_zero=True)(ids)
    a = L.MultiHeadAttention(2, 4, use_gate=True, name="gated_attention")(
        e, e, attention_mask=allowed, use_causal_mask=True)
    b = L.MultiHeadAttention(2, 3, dropout=0.1, name="masked_dropout_attention")(a, a, a, attention_mask=allowed)
    return keras.Model([ids, allowed], L.Dense(2)(L.GlobalAveragePooling1D()(b)), name="attention_mask_gate")


def fixtures():
    os.makedirs(FIXTURES, exist_ok=True)
    rng = np.random.default_rng(7)
    for make in (attention_mha_dropout, attention_layers, attention_masked, attention_mask_gate):
        keras.utils.set_random_seed(5)
        model = make()
        if make is attention_masked:  # token ids with padding (0) at the end, at the start and none
            inputs = [np.array([[3, 5, 7, 0, 0, 0], [0, 0, 4, 11, 2, 9], [1, 2, 3, 4, 5, 6]], dtype=np.int32)]
        elif make is attention_mask_gate:  # padded ids; an allowed pattern with a row that allows nothing
            allowed = rng.uniform(size=(3, 6, 6)) < 0.7
            allowed[1, 2, :] = False
            inputs = [np.array([[3, 5, 7, 0, 0, 0], [0, 0, 4, 11, 2, 9], [1, 2, 3, 4, 5, 6]], dtype=np.int32), allowed]
        else:
            inputs = [rng.uniform(-1, 1, (3,) + tuple(i.shape[1:])).astype(F32) for i in model.inputs]
        for w in model.weights:  # nonzero biases, gammas and betas so that a lost one shows
            if any(n in w.path for n in ("bias", "beta", "gamma")):
                w.assign(rng.uniform(-0.5, 0.5, w.shape).astype(F32))
        outputs = model.predict(inputs, verbose=0)
        outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
        name = make.__name__
        model.save(os.path.join(FIXTURES, name + ".keras"))
        model.save(os.path.join(FIXTURES, name + ".h5"))
        with open(os.path.join(FIXTURES, name + ".json"), "w") as f:
            json.dump({"generator": "tools/golden/make_attention_goldens.py", "keras_version": keras.__version__,
                       "tensorflow_version": tf.__version__,
                       "inputs": [T(v) for v in inputs], "outputs": [T(v) for v in outputs]}, f)
        print("wrote", name)


def main():
    doc = {
        "generator": "tools/golden/make_attention_goldens.py",
        "keras_version": keras.__version__,
        "tensorflow_version": tf.__version__,
        "backend": keras.backend.backend(),
        "dtype": "float32",
        "description": "attention layers and GroupNormalization with stored random weights: inference output and "
                       "gradients of sum(output * r) with respect to inputs and weights; tensor data flattened "
                       "in row-major order.",
        "cases": layer_cases(),
    }
    with open(GOLDEN, "w") as fh:
        fh.write(json.dumps(doc, indent=None, allow_nan=False) + "\n")
    print(f"wrote {GOLDEN} ({os.path.getsize(GOLDEN)} bytes)")
    fixtures()


if __name__ == "__main__":
    main()
