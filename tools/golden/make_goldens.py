#!/usr/bin/env python3
"""Generate golden test values for dropout4j from real Keras 3 (TensorFlow backend).

Run from the repository root (see tools/golden/README.md):

    ../V/bin/python tools/golden/make_goldens.py

Writes JSON / text files into dropout4j-core/src/test/resources/golden/.
All tensors are float32 and are stored as {"shape": [...], "data": nested lists}
in Keras layout (Dense kernel is (input_dim, units)).
"""
import os

import golden_env  # noqa: E402  (first: it sets the TensorFlow environment)
from golden_env import F32, REPO, tensor as T  # noqa: E402

import contextlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import pty  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402

OUT = os.path.join(REPO, "dropout4j-core", "src", "test", "resources", "golden")

import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

tf.config.experimental.enable_op_determinism()
try:
    tf.config.threading.set_inter_op_parallelism_threads(1)
    tf.config.threading.set_intra_op_parallelism_threads(1)
except RuntimeError:
    pass


# ----------------------------------------------------------------- helpers


def TI(a):
    """An integer tensor as {"shape", "data"}."""
    a = np.asarray(a).astype(np.int64)
    return {"shape": list(a.shape), "data": a.tolist()}


def f(x):
    return float(F32(x))


def header(description):
    return {
        "generator": "tools/golden/make_goldens.py",
        "keras_version": keras.__version__,
        "tensorflow_version": tf.__version__,
        "numpy_version": np.__version__,
        "backend": keras.backend.backend(),
        "dtype": "float32",
        "description": description,
    }


def write_json(name, obj):
    golden_env.write_json(os.path.join(OUT, name), obj)


def write_text(name, text):
    path = os.path.join(OUT, name)
    with open(path, "w") as fh:
        fh.write(text)
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


def np32(rng, *shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(F32)


# ------------------------------------------------------- 1. dense forward
def dense_forward():
    rng = np.random.default_rng(1)
    x = np32(rng, 3, 5)
    kernel = np32(rng, 5, 4, scale=0.7)
    bias = np32(rng, 4, scale=0.5)
    acts = ["linear", "relu", "sigmoid", "tanh", "softmax", "elu", "selu",
            "leaky_relu"]
    cases = []
    for act in acts:
        for use_bias in (True, False):
            layer = keras.layers.Dense(4, activation=act, use_bias=use_bias)
            layer.build((None, 5))
            layer.set_weights([kernel, bias] if use_bias else [kernel])
            y = np.asarray(layer(x))
            cases.append({"activation": act, "use_bias": use_bias,
                          "output": T(y)})
    out = header("Dense(4) forward pass on input x (3,5) for each activation, "
                 "with and without bias. output = act(x @ kernel (+ bias)).")
    out.update({
        "units": 4,
        "input": T(x),
        "kernel": T(kernel),
        "bias": T(bias),
        "activation_facts": {
            "leaky_relu_default_negative_slope": f(
                keras.activations.leaky_relu.__defaults__[0]),
            "elu_default_alpha": keras.activations.elu.__defaults__[0],
            "selu_alpha_tf_nn_selu": 1.6732632423543772848170429916717,
            "selu_scale_tf_nn_selu": 1.0507009873554804934193349852946,
            "softmax_axis": -1,
        },
        "cases": cases,
    })
    write_json("dense_forward.json", out)


# ---------------------------------------------------------- 2. optimizers
OPTIMIZERS = [
    ("adam_default", lambda: keras.optimizers.Adam(),
     {"type": "adam", "learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999,
      "epsilon": 1e-7, "amsgrad": False}),
    ("adam_lr0.01", lambda: keras.optimizers.Adam(learning_rate=0.01),
     {"type": "adam", "learning_rate": 0.01, "beta_1": 0.9, "beta_2": 0.999,
      "epsilon": 1e-7, "amsgrad": False}),
    ("sgd_0.1", lambda: keras.optimizers.SGD(0.1),
     {"type": "sgd", "learning_rate": 0.1, "momentum": 0.0,
      "nesterov": False}),
    ("sgd_0.1_momentum0.9", lambda: keras.optimizers.SGD(0.1, momentum=0.9),
     {"type": "sgd", "learning_rate": 0.1, "momentum": 0.9,
      "nesterov": False}),
    ("sgd_0.1_momentum0.9_nesterov",
     lambda: keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True),
     {"type": "sgd", "learning_rate": 0.1, "momentum": 0.9,
      "nesterov": True}),
    ("rmsprop_default", lambda: keras.optimizers.RMSprop(),
     {"type": "rmsprop", "learning_rate": 0.001, "rho": 0.9, "momentum": 0.0,
      "epsilon": 1e-7, "centered": False}),
    ("rmsprop_0.01_momentum0.5",
     lambda: keras.optimizers.RMSprop(0.01, momentum=0.5),
     {"type": "rmsprop", "learning_rate": 0.01, "rho": 0.9, "momentum": 0.5,
      "epsilon": 1e-7, "centered": False}),
    ("rmsprop_centered", lambda: keras.optimizers.RMSprop(centered=True),
     {"type": "rmsprop", "learning_rate": 0.001, "rho": 0.9, "momentum": 0.0,
      "epsilon": 1e-7, "centered": True}),
]


def reference_update(cfg, g, w, state, t):
    """Float32 numpy re-implementation of the documented formulas (check)."""
    one = F32(1)
    lr = F32(cfg["learning_rate"])
    if cfg["type"] == "sgd":
        mom = F32(cfg["momentum"])
        if mom == 0:
            return w - g * lr
        m = state.get("m", np.zeros_like(w))
        m = m * mom - g * lr
        state["m"] = m
        if cfg["nesterov"]:
            return w + (m * mom - g * lr)
        return w + m
    if cfg["type"] == "adam":
        b1, b2, eps = F32(cfg["beta_1"]), F32(cfg["beta_2"]), F32(cfg["epsilon"])
        m = state.get("m", np.zeros_like(w))
        v = state.get("v", np.zeros_like(w))
        alpha = lr * np.sqrt(one - b2 ** F32(t)) / (one - b1 ** F32(t))
        m = m + (g - m) * (one - b1)
        v = v + (g * g - v) * (one - b2)
        state["m"], state["v"] = m, v
        return w - (m * alpha) / (np.sqrt(v) + eps)
    if cfg["type"] == "rmsprop":
        rho, eps = F32(cfg["rho"]), F32(cfg["epsilon"])
        v = state.get("v", np.zeros_like(w))
        v = rho * v + (one - rho) * g * g
        state["v"] = v
        if cfg["centered"]:
            a = state.get("a", np.zeros_like(w))
            a = rho * a + (one - rho) * g
            state["a"] = a
            denom = v - a * a + eps
        else:
            denom = v + eps
        inc = lr * g / np.sqrt(denom)
        if cfg["momentum"] > 0:
            mo = state.get("mo", np.zeros_like(w))
            mo = F32(cfg["momentum"]) * mo + inc
            state["mo"] = mo
            return w - mo
        return w - inc
    raise ValueError(cfg)


def optimizers():
    rng = np.random.default_rng(2)
    x = np32(rng, 4, 2)
    y = np32(rng, 4, 3)
    k0 = np32(rng, 2, 3, scale=0.5)
    b0 = np32(rng, 3, scale=0.1)
    steps = 5
    cases = []
    max_ref_diff = 0.0
    for name, make, cfg in OPTIMIZERS:
        model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3)])
        model.set_weights([k0, b0])
        opt = make()
        loss_fn = keras.losses.MeanSquaredError()
        xs, ys = tf.constant(x), tf.constant(y)
        rec = []
        grad1 = None
        ref_state_k, ref_state_b = {}, {}
        rk, rb = k0.copy(), b0.copy()
        for t in range(1, steps + 1):
            with tf.GradientTape() as tape:
                pred = model(xs, training=True)
                loss = loss_fn(ys, pred)
            grads = tape.gradient(loss, model.trainable_variables)
            gk, gb = (np.asarray(g) for g in grads)
            if grad1 is None:
                grad1 = {"kernel": T(gk), "bias": T(gb)}
            # reference check uses Keras' own gradient at Keras' own weights
            wk, wb = (np.asarray(v) for v in model.trainable_variables)
            rk = reference_update(cfg, gk, wk, ref_state_k, t)
            rb = reference_update(cfg, gb, wb, ref_state_b, t)
            opt.apply(grads, model.trainable_variables)
            nk, nb = (np.asarray(v) for v in model.trainable_variables)
            max_ref_diff = max(max_ref_diff, float(np.max(np.abs(nk - rk))),
                               float(np.max(np.abs(nb - rb))))
            rec.append({"step": t, "loss_before_step": f(loss),
                        "grad_kernel": T(gk), "grad_bias": T(gb),
                        "kernel_after": T(nk), "bias_after": T(nb)})
        # Cross-check against model.compile + train_on_batch.
        m2 = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3)])
        m2.set_weights([k0, b0])
        m2.compile(optimizer=make(), loss="mse")
        tob_losses = []
        for _ in range(steps):
            tob_losses.append(f(m2.train_on_batch(x, y)))
        tk, tb = m2.get_weights()
        diff = max(float(np.max(np.abs(tk - nk))), float(np.max(np.abs(tb - nb))))
        assert diff < 1e-6, (name, diff)
        cases.append({"name": name, "config": cfg, "grad_step1": grad1,
                      "steps": rec,
                      "train_on_batch_returned_losses": tob_losses,
                      "train_on_batch_max_abs_weight_diff": diff})
    print(f"optimizers: max |keras - documented formula| = {max_ref_diff:.3g}")
    assert max_ref_diff < 1e-6
    out = header(
        "Dense(3), linear, no regularization, on fixed x (4,2) and y (4,3); "
        "loss = mse with reduction sum_over_batch_size (= mean over all 12 "
        "elements). 5 full-batch steps: loss/grad computed at the current "
        "weights, then optimizer.apply. steps[i].loss_before_step is the loss "
        "at the weights before step i+1's update; grad_* are the gradients "
        "used in that step; *_after are the weights after that update.")
    out.update({
        "x": T(x), "y": T(y), "initial_kernel": T(k0), "initial_bias": T(b0),
        "loss": "mse", "num_steps": steps,
        "max_abs_diff_vs_documented_formulas": max_ref_diff,
        "train_on_batch_note": (
            "train_on_batch_returned_losses are what Keras' "
            "model.train_on_batch returned after compile(loss='mse'); "
            "weights after 5 train_on_batch calls equal the explicit loop."),
        "cases": cases,
    })
    write_json("optimizers.json", out)


# --------------------------------------------------------------- 3. losses
def _loss_case(name, fn_per_sample, loss_obj, y_true, y_pred, extra=None):
    yp = tf.constant(y_pred)
    per_sample = np.asarray(fn_per_sample(tf.constant(y_true), yp))
    with tf.GradientTape() as tape:
        tape.watch(yp)
        red = loss_obj(tf.constant(y_true), yp)
    grad = np.asarray(tape.gradient(red, yp))
    case = {"name": name,
            "y_true": TI(y_true) if np.asarray(y_true).dtype.kind in "iu"
            else T(y_true),
            "y_pred": T(y_pred),
            "per_sample": T(per_sample),
            "reduction": "sum_over_batch_size",
            "reduced": f(red),
            "grad_reduced_wrt_y_pred": T(grad)}
    if extra:
        case.update(extra)
    return case


def losses():
    L = keras.losses
    cases = []
    eps = keras.backend.epsilon()
    # binary crossentropy on probabilities, incl. exact 0/1 and clip edges
    yt = np.array([[1, 0, 1, 0],
                   [1, 1, 0, 0],
                   [1, 0, 1, 0],
                   [0, 1, 0, 1]], dtype=F32)
    yp = np.array([[0.0, 1.0, 1.0, 0.0],          # exact 0 and 1 predictions
                   [1e-8, 5e-8, 1 - 5e-8, 0.9999999],  # inside clip zone
                   [1e-7, 1e-7, 1 - 1e-7, 1 - 1e-7],   # exactly at clip edge
                   [0.3, 0.8, 0.5, 0.999]], dtype=F32)
    cases.append(_loss_case(
        "binary_crossentropy_probs",
        lambda a, b: L.binary_crossentropy(a, b),
        L.BinaryCrossentropy(), yt, yp,
        {"from_logits": False,
         "note": "y_pred given as a plain tensor (no _keras_logits); rows 0-2 "
                 "exercise clipping to [eps, 1-eps] with eps=1e-7."}))
    logits = np.array([[50.0, -50.0, 50.0, -50.0],
                       [-50.0, 50.0, 0.0, 2.0],
                       [0.5, -1.5, 3.0, -0.25]], dtype=F32)
    yt2 = np.array([[1, 0, 0, 1], [1, 1, 1, 0], [0, 1, 1, 0]], dtype=F32)
    cases.append(_loss_case(
        "binary_crossentropy_logits",
        lambda a, b: L.binary_crossentropy(a, b, from_logits=True),
        L.BinaryCrossentropy(from_logits=True), yt2, logits,
        {"from_logits": True}))
    # categorical
    cyt = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0]], dtype=F32)
    cyp = np.array([[0.1, 0.7, 0.2],
                    [0.0, 0.5, 0.5],        # true class prob exactly 0
                    [0.2, 0.2, 0.4],        # not normalised (sum 0.8)
                    [0.0, 1.0, 0.0]], dtype=F32)
    cases.append(_loss_case(
        "categorical_crossentropy_probs",
        lambda a, b: L.categorical_crossentropy(a, b),
        L.CategoricalCrossentropy(), cyt, cyp,
        {"from_logits": False,
         "note": "Keras first renormalises y_pred / sum(y_pred, -1), then "
                 "clips to [eps, 1-eps], then -sum(y_true*log(p))."}))
    clog = np.array([[1.0, 2.0, 0.5], [50.0, -50.0, 0.0],
                     [-3.0, 0.0, 3.0], [0.0, 0.0, 0.0]], dtype=F32)
    cases.append(_loss_case(
        "categorical_crossentropy_logits",
        lambda a, b: L.categorical_crossentropy(a, b, from_logits=True),
        L.CategoricalCrossentropy(from_logits=True), cyt, clog,
        {"from_logits": True}))
    syt = np.array([1, 0, 2, 1], dtype=np.int64)
    cases.append(_loss_case(
        "sparse_categorical_crossentropy_probs",
        lambda a, b: L.sparse_categorical_crossentropy(a, b),
        L.SparseCategoricalCrossentropy(), syt, cyp,
        {"from_logits": False,
         "note": "TF backend: logits = log(clip(p, eps, 1-eps)) then "
                 "sparse_softmax_cross_entropy_with_logits, i.e. "
                 "-log(clip(p)[y]) + log(sum(clip(p))) (implicit "
                 "renormalisation, differs in gradient from the "
                 "categorical path)."}))
    cases.append(_loss_case(
        "sparse_categorical_crossentropy_logits",
        lambda a, b: L.sparse_categorical_crossentropy(a, b, from_logits=True),
        L.SparseCategoricalCrossentropy(from_logits=True), syt, clog,
        {"from_logits": True}))
    myt = np.array([[1.0, 0.0, -1.0], [0.5, 2.0, 0.0]], dtype=F32)
    myp = np.array([[0.5, 0.5, -0.5], [1.5, 1.0, 0.25]], dtype=F32)
    cases.append(_loss_case(
        "mean_squared_error", lambda a, b: L.mean_squared_error(a, b),
        L.MeanSquaredError(), myt, myp))

    # _keras_logits behaviour of the TF backend
    z = np.array([[20.0], [-20.0], [0.3], [40.0]], dtype=F32)
    t = np.array([[0.0], [1.0], [1.0], [0.0]], dtype=F32)
    sig_out = keras.activations.sigmoid(tf.constant(z))
    has_attr = hasattr(sig_out, "_keras_logits")
    via_sigmoid = np.asarray(L.binary_crossentropy(tf.constant(t), sig_out))
    plain = np.asarray(L.binary_crossentropy(tf.constant(t),
                                             tf.constant(np.asarray(sig_out))))
    from_logits = np.asarray(L.binary_crossentropy(tf.constant(t),
                                                   tf.constant(z),
                                                   from_logits=True))
    # Through a model (evaluate runs a compiled tf.function graph)
    model = keras.Sequential([keras.Input((1,)),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.set_weights([np.ones((1, 1), F32), np.zeros((1,), F32)])
    model.compile(loss="binary_crossentropy")
    eval_loss = f(model.evaluate(z, t, verbose=0, batch_size=4))
    probs_np = model.predict(z, verbose=0)
    eager_model_loss = f(L.BinaryCrossentropy()(tf.constant(t),
                                                model(tf.constant(z))))
    keras_logits = {
        "description": (
            "TF backend: keras.activations.sigmoid / softmax attach the "
            "pre-activation tensor as output._keras_logits; "
            "ops.binary_crossentropy / categorical_crossentropy / "
            "sparse_categorical_crossentropy then silently switch to the "
            "from_logits formula on that tensor (no clipping). A plain tensor "
            "with the same values takes the clipped-probability path."),
        "logits": T(z), "y_true": T(t),
        "sigmoid_output_has__keras_logits": bool(has_attr),
        "per_sample_bce_on_sigmoid_output_tensor": T(via_sigmoid),
        "per_sample_bce_on_plain_copy_of_probs": T(plain),
        "per_sample_bce_from_logits": T(from_logits),
        "model_probs": T(probs_np),
        "model_evaluate_bce": eval_loss,
        "model_eager_call_bce": eager_model_loss,
        "mean_plain_clipped": f(plain.mean()),
        "mean_from_logits": f(from_logits.mean()),
    }
    out = header(
        "Loss golden values. per_sample = the Keras loss function (mean over "
        "last axis for binary/mse; sum over classes for categorical). reduced "
        "= loss object with reduction='sum_over_batch_size' (mean over "
        "samples). grad_reduced_wrt_y_pred = d(reduced)/d(y_pred) from "
        "tf.GradientTape with y_pred a plain watched tensor.")
    out.update({"epsilon": f(eps), "epsilon_python": eps,
                "cases": cases, "keras_logits_check": keras_logits})
    write_json("losses.json", out)
    return keras_logits


# -------------------------------------------------------------- 4. metrics
def resolved_accuracy(loss, y, out_units, act):
    model = keras.Sequential([keras.Input((2,)),
                              keras.layers.Dense(out_units, activation=act)])
    model.compile(optimizer="sgd", loss=loss, metrics=["accuracy"])
    x = np.zeros((len(y), 2), F32)
    model.evaluate(x, y, verbose=0)
    cm = model._compile_metrics
    names = [type(m).__name__ for m in cm.metrics]
    return names


def metrics():
    M = keras.metrics
    cases = []
    byt = np.array([[1], [0], [1], [0], [1], [0]], dtype=F32)
    byp = np.array([[0.5], [0.5], [0.51], [0.49], [0.9], [0.0]], dtype=F32)
    v = np.asarray(M.binary_accuracy(byt, byp))
    m = M.BinaryAccuracy()
    m.update_state(byt, byp)
    cases.append({"name": "binary_accuracy", "threshold": 0.5,
                  "y_true": T(byt), "y_pred": T(byp),
                  "per_sample": T(v), "result": f(m.result())})
    cyt = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0]], dtype=F32)
    cyp = np.array([[0.1, 0.7, 0.2], [0.4, 0.4, 0.2], [0.3, 0.3, 0.3],
                    [0.5, 0.2, 0.3]], dtype=F32)
    v = np.asarray(M.categorical_accuracy(cyt, cyp))
    m = M.CategoricalAccuracy()
    m.update_state(cyt, cyp)
    cases.append({"name": "categorical_accuracy", "y_true": T(cyt),
                  "y_pred": T(cyp), "per_sample": T(v),
                  "result": f(m.result()),
                  "note": "argmax ties resolve to the first (lowest) index"})
    syt = np.array([1, 0, 2, 1], dtype=np.int64)
    v = np.asarray(M.sparse_categorical_accuracy(syt, cyp))
    m = M.SparseCategoricalAccuracy()
    m.update_state(syt, cyp)
    cases.append({"name": "sparse_categorical_accuracy", "y_true": TI(syt),
                  "y_pred": T(cyp), "per_sample": T(v),
                  "result": f(m.result())})
    res = [
        {"loss": "binary_crossentropy", "y_true_shape": [4, 1],
         "y_pred_shape": [4, 1],
         "resolved": resolved_accuracy("binary_crossentropy",
                                       np.array([[0], [1], [1], [0]], F32),
                                       1, "sigmoid")},
        {"loss": "binary_crossentropy", "y_true_shape": [4, 2],
         "y_pred_shape": [4, 2],
         "resolved": resolved_accuracy("binary_crossentropy",
                                       np.eye(2, dtype=F32)[[0, 1, 1, 0]],
                                       2, "sigmoid")},
        {"loss": "categorical_crossentropy", "y_true_shape": [4, 3],
         "y_pred_shape": [4, 3],
         "resolved": resolved_accuracy("categorical_crossentropy",
                                       np.eye(3, dtype=F32)[[0, 1, 2, 0]],
                                       3, "softmax")},
        {"loss": "sparse_categorical_crossentropy", "y_true_shape": [4],
         "y_pred_shape": [4, 3],
         "resolved": resolved_accuracy("sparse_categorical_crossentropy",
                                       np.array([0, 1, 2, 0]), 3, "softmax")},
        {"loss": "sparse_categorical_crossentropy", "y_true_shape": [4, 1],
         "y_pred_shape": [4, 3],
         "resolved": resolved_accuracy("sparse_categorical_crossentropy",
                                       np.array([[0], [1], [2], [0]]), 3,
                                       "softmax")},
        {"loss": "mse", "y_true_shape": [4, 1], "y_pred_shape": [4, 1],
         "resolved": resolved_accuracy("mse", np.array([[0], [1], [1], [0]],
                                                       F32), 1, None)},
    ]
    out = header(
        "Accuracy metrics. binary: y_pred > threshold (strict) counts as 1. "
        "'accuracy' resolution: Keras 3 picks the accuracy class from the "
        "SHAPES of y_true/y_pred, not from the loss: BinaryAccuracy if "
        "y_pred.shape[-1]==1; else SparseCategoricalAccuracy if "
        "rank(y_true) < rank(y_pred) or (y_true.shape[-1]==1 and "
        "y_pred.shape[-1]>1); else CategoricalAccuracy.")
    out.update({"cases": cases, "accuracy_resolution": res})
    write_json("metrics.json", out)
    return res


# ---------------------------------------- 5. constraints and regularizers
def constraints_regularizers():
    rng = np.random.default_rng(5)
    w = np32(rng, 4, 3, scale=1.5)
    w[0, 0] = -2.5
    C, R = keras.constraints, keras.regularizers
    cons = [
        ("MaxNorm(max_value=2, axis=0)", C.MaxNorm(2, axis=0),
         {"max_value": 2.0, "axis": 0}),
        ("MaxNorm(max_value=3)", C.MaxNorm(max_value=3),
         {"max_value": 3.0, "axis": 0}),
        ("MaxNorm(max_value=2, axis=1)", C.MaxNorm(2, axis=1),
         {"max_value": 2.0, "axis": 1}),
        ("MinMaxNorm()", C.MinMaxNorm(),
         {"min_value": 0.0, "max_value": 1.0, "rate": 1.0, "axis": 0}),
        ("MinMaxNorm(min_value=0.5, max_value=2.0, rate=0.5)",
         C.MinMaxNorm(min_value=0.5, max_value=2.0, rate=0.5),
         {"min_value": 0.5, "max_value": 2.0, "rate": 0.5, "axis": 0}),
        ("UnitNorm()", C.UnitNorm(), {"axis": 0}),
        ("NonNeg()", C.NonNeg(), {}),
    ]
    ccases = []
    for name, c, cfg in cons:
        ccases.append({"name": name, "config": cfg,
                       "output": T(np.asarray(c(tf.constant(w))))})
    regs = [
        ("L1(0.01)", R.L1(0.01), {"l1": 0.01}),
        ("L2(0.01)", R.L2(0.01), {"l2": 0.01}),
        ("L1L2(l1=0.01, l2=0.01)", R.L1L2(l1=0.01, l2=0.01),
         {"l1": 0.01, "l2": 0.01}),
        ("L1()", R.L1(), {"l1": f(R.L1().l1)}),
        ("L2()", R.L2(), {"l2": f(R.L2().l2)}),
        ("L1L2()", R.L1L2(), {"l1": f(R.L1L2().l1), "l2": f(R.L1L2().l2)}),
        ("get('l1')", R.get("l1"), {"l1": f(R.get("l1").l1)}),
        ("get('l2')", R.get("l2"), {"l2": f(R.get("l2").l2)}),
        ("get('l1l2')", R.get("l1l2"),
         {"l1": f(R.get("l1l2").l1), "l2": f(R.get("l1l2").l2)}),
    ]
    ident = {}
    for s in ("l1", "l2", "l1l2", "l1_l2", "L1L2"):
        try:
            ident[s] = type(R.get(s)).__name__
        except ValueError as e:
            ident[s] = "ValueError: " + str(e)
    rcases = []
    for name, r, cfg in regs:
        wt = tf.constant(w)
        with tf.GradientTape() as tape:
            tape.watch(wt)
            p = r(wt)
        g = tape.gradient(p, wt)
        rcases.append({"name": name, "config": cfg, "penalty": f(p),
                       "grad_wrt_kernel": T(np.asarray(g)
                                            if g is not None
                                            else np.zeros_like(w))})
    out = header(
        "Constraints applied to a fixed kernel (Keras layout (in, out)); "
        "norms are computed along `axis` with keepdims and the result is "
        "w * desired / (epsilon + norms), epsilon = 1e-7. Regularizer "
        "penalties: L1 = l1*sum|w|, L2 = l2*sum(w^2) (no 1/2 factor), "
        "L1L2 = both. Penalty is added to the total loss as is (not divided "
        "by batch size).")
    out.update({"kernel": T(w), "constraints": ccases,
                "regularizers": rcases,
                "regularizer_string_identifiers": ident})
    write_json("constraints_regularizers.json", out)


# -------------------------------------------------------------- 7. dropout
def dropout():
    facts = {}
    for rate in (-0.1, 1.5, 1, 1.0, 0):
        try:
            keras.layers.Dropout(rate)
            facts[f"construct_rate_{rate!r}"] = "accepted"
        except Exception as e:  # noqa: BLE001
            facts[f"construct_rate_{rate!r}"] = {"exception": type(e).__name__,
                                                 "message": str(e)}
    x = np.arange(1, 1 + 4 * 6, dtype=F32).reshape(4, 6)
    d1 = keras.layers.Dropout(1.0)
    y1 = np.asarray(d1(x, training=True))
    d0 = keras.layers.Dropout(0.0)
    y0 = np.asarray(d0(x, training=True))
    d = keras.layers.Dropout(0.4, seed=7)
    y = np.asarray(d(x, training=True))
    kept = y != 0
    scale_vals = np.unique(np.round(y[kept] / x[kept], 6)).tolist()
    yi = np.asarray(d(x, training=False))
    dn = keras.layers.Dropout(0.5, noise_shape=(None, 1), seed=3)
    xb = np.ones((5, 4), F32)
    yn = np.asarray(dn(xb, training=True))
    rows_constant = bool(np.all(yn == yn[:, :1]))
    out = header("Keras 3 Dropout facts (TensorFlow backend), checked "
                 "empirically where possible.")
    out.update({
        "training_formula": (
            "TF backend: tf.nn.experimental.stateless_dropout: "
            "u ~ U[0,1) of noise_shape; keep_mask = u >= rate; "
            "out = where(keep_mask, x * (1/(1-rate)), 0). JAX/NumPy backends: "
            "mask = bernoulli(p=1-rate) (u < keep_prob); out = x / keep_prob "
            "where kept. Same distribution either way."),
        "scale": "1/(1-rate) applied to kept units at training time; "
                 "identity at inference (training=False)",
        "rate_range": "0 <= rate <= 1 (both ends inclusive in Keras 3.15)",
        "rate_0": "identity even with training=True (no RNG drawn)",
        "rate_1": "allowed; training=True returns zeros_like(inputs)",
        "noise_shape": (
            "None entries are replaced by the corresponding dimension of the "
            "input's runtime shape (tf.shape(inputs)[i]); the mask of "
            "noise_shape is broadcast against the input"),
        "constructor_checks": facts,
        "empirical": {
            "input": T(x),
            "rate_1_training_output_all_zero": bool(np.all(y1 == 0)),
            "rate_0_training_output_equals_input": bool(np.all(y0 == x)),
            "rate_0.4_kept_over_input_ratios": scale_vals,
            "rate_0.4_expected_scale_float32": f(F32(1) / (F32(1) - F32(0.4))),
            "rate_0.4_fraction_kept": float(kept.mean()),
            "inference_identity": bool(np.all(yi == x)),
            "noise_shape_(None,1)_on_(5,4)_rows_constant": rows_constant,
            "noise_shape_(None,1)_output": T(yn),
        },
    })
    write_json("dropout.json", out)
    return out


# -------------------------------------------------- 8. summary + progbar
def circles(n, seed):
    rng = np.random.default_rng(seed)
    r = np.where(np.arange(n) % 2 == 0, 0.5, 1.0)
    th = rng.uniform(0, 2 * np.pi, n)
    pts = np.stack([r * np.cos(th), r * np.sin(th)], 1)
    pts = pts + rng.normal(0, 0.05, pts.shape)
    y = (np.arange(n) % 2 == 0).astype(F32).reshape(n, 1)
    return pts.astype(F32), y


def fit_child(verbose):
    """Runs inside a pty so Keras sees a terminal."""
    keras.utils.set_random_seed(0)
    x, y = circles(64, 11)
    xv, yv = circles(16, 12)
    model = keras.Sequential([keras.Input((2,)),
                              keras.layers.Dense(500, activation="relu"),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy",
                  metrics=["accuracy"])
    h = model.fit(x, y, batch_size=16, epochs=2, verbose=verbose,
                  validation_data=(xv, yv), shuffle=False)
    print("HISTORY_KEYS=" + json.dumps(list(h.history.keys())))
    if verbose == 2:
        print("SUMMARY_AFTER_FIT (optimizer built):")
        model.summary()


def run_in_pty(args):
    master, slave = pty.openpty()
    env = dict(os.environ, COLUMNS="100", LINES="40", TERM="xterm")
    p = subprocess.Popen([sys.executable, os.path.abspath(__file__)] + args,
                         stdout=slave, stderr=subprocess.DEVNULL,
                         stdin=subprocess.DEVNULL, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            b = os.read(master, 4096)
        except OSError:
            break
        if not b:
            break
        chunks.append(b)
    p.wait()
    os.close(master)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def render_terminal(raw):
    """Apply \\r and \\b like a terminal would, strip ANSI SGR codes."""
    import re
    text = re.sub(r"\x1b\[[0-9;]*m", "", raw)
    lines, cur, pos = [], [], 0
    for ch in text:
        if ch == "\n":
            lines.append("".join(cur).rstrip())
            cur, pos = [], 0
        elif ch == "\r":
            pos = 0
        elif ch == "\b":
            pos = max(0, pos - 1)
        else:
            if pos < len(cur):
                cur[pos] = ch
            else:
                cur.append(ch)
            pos += 1
    if cur:
        lines.append("".join(cur).rstrip())
    return "\n".join(lines)


def summary_child():
    """Fresh process, so layer names are the ones a user sees first."""
    m1 = keras.Sequential([keras.Input((2,)),
                           keras.layers.Dense(500, activation="relu"),
                           keras.layers.Dense(1, activation="sigmoid")])
    m2 = keras.Sequential([keras.Input((2,)),
                           keras.layers.Dense(500, activation="relu"),
                           keras.layers.Dropout(0.4),
                           keras.layers.Dense(1, activation="sigmoid")])
    m1.summary()
    print("=====SPLIT=====")
    m2.summary()


def summaries():
    parts = []
    raw = run_in_pty(["--summary-child"])
    s1, s2 = render_terminal(raw).split("=====SPLIT=====")
    for title, text in (("model.summary() for Sequential([Input((2,)), "
                         "Dense(500, relu), Dense(1, sigmoid)])", s1),
                        ("model.summary() for Sequential([Input((2,)), "
                         "Dense(500, relu), Dropout(0.4), Dense(1, sigmoid)])"
                         " (built in the same fresh process, second)", s2)):
        parts.append(f"===== {title} [fresh process, terminal of 100 "
                     "columns, rendered, ANSI codes stripped]\n"
                     + text.strip("\n") + "\n")
    raw1 = run_in_pty(["--fit-child", "1"])
    raw2 = run_in_pty(["--fit-child", "2"])
    parts.append(
        "===== fit(x(64,2), y, batch_size=16, epochs=2, verbose=1, "
        "validation_data=(16 pts), metrics=['accuracy']) on a terminal, "
        "rendered (\\r/\\b applied, ANSI colour codes stripped)\n"
        + render_terminal(raw1) + "\n")
    parts.append(
        "===== same, verbose=2, rendered\n" + render_terminal(raw2) + "\n")
    parts.append(
        "===== verbose=1 raw bytes as Python repr (shows \\r, \\b, ANSI codes)"
        "\n" + "\n".join(repr(l) for l in raw1.split("\n")) + "\n")
    parts.append(
        "===== verbose=2 raw as Python repr\n"
        + "\n".join(repr(l) for l in raw2.split("\n")) + "\n")
    text = ("Captured with " + f"keras {keras.__version__}, tensorflow "
            f"{tf.__version__} by tools/golden/make_goldens.py. Timings "
            "(s, ms/step) vary run to run; layout does not.\n\n"
            + "\n".join(parts))
    write_text("summary_circles.txt", text)


# ----------------------------------------------- 9. adam circles 3 steps
def adam_circles():
    x, y = circles(30, 9)
    rng = np.random.default_rng(9)
    l1 = np.sqrt(6.0 / (2 + 500))
    l2 = np.sqrt(6.0 / (500 + 1))
    k1 = rng.uniform(-l1, l1, (2, 500)).astype(F32)
    b1 = rng.uniform(-0.1, 0.1, (500,)).astype(F32)
    k2 = rng.uniform(-l2, l2, (500, 1)).astype(F32)
    b2 = rng.uniform(-0.1, 0.1, (1,)).astype(F32)
    init = [k1, b1, k2, b2]

    def build():
        m = keras.Sequential([keras.Input((2,)),
                              keras.layers.Dense(500, activation="relu"),
                              keras.layers.Dense(1, activation="sigmoid")])
        m.set_weights(init)
        return m

    # (a) model.compile + train_on_batch (what fit does for one full batch)
    m = build()
    m.compile(optimizer=keras.optimizers.Adam(), loss="binary_crossentropy")
    bce = keras.losses.BinaryCrossentropy()
    losses_before, tob = [], []
    for _ in range(3):
        losses_before.append(f(bce(y, m.predict(x, verbose=0, batch_size=30))))
        tob.append(f(m.train_on_batch(x, y)))
    w_tob = m.get_weights()
    final_loss = f(bce(y, m.predict(x, verbose=0, batch_size=30)))
    # (b) explicit eager loop with plain probabilities (clipped BCE path)
    m2 = build()
    opt = keras.optimizers.Adam()
    for _ in range(3):
        with tf.GradientTape() as tape:
            p = m2(tf.constant(x), training=True)
            p = tf.identity(p)  # drop _keras_logits -> clipped-prob path
            loss = bce(tf.constant(y), p)
        g = tape.gradient(loss, m2.trainable_variables)
        opt.apply(g, m2.trainable_variables)
    w_eager = m2.get_weights()
    diff = max(float(np.max(np.abs(a - b))) for a, b in zip(w_tob, w_eager))
    out = header(
        "Dense(500, relu) -> Dense(1, sigmoid), binary_crossentropy, Adam() "
        "defaults, full batch of 30 points, 3 steps via train_on_batch (no "
        "shuffling). Initial weights: numpy default_rng(9) uniform draws "
        "(kernels glorot-uniform-limited, biases U(-0.1,0.1)).")
    out.update({
        "x": T(x), "y": T(y),
        "initial_weights": {"dense_kernel": T(k1), "dense_bias": T(b1),
                            "dense_1_kernel": T(k2), "dense_1_bias": T(b2)},
        "optimizer": {"type": "adam", "learning_rate": 0.001, "beta_1": 0.9,
                      "beta_2": 0.999, "epsilon": 1e-7},
        "loss": "binary_crossentropy",
        "loss_before_step": losses_before,
        "train_on_batch_returned_losses": tob,
        "loss_after_step3": final_loss,
        "weights_after_step3": {"dense_kernel": T(w_tob[0]),
                                "dense_bias": T(w_tob[1]),
                                "dense_1_kernel": T(w_tob[2]),
                                "dense_1_bias": T(w_tob[3])},
        "max_abs_diff_vs_eager_clipped_prob_loop": diff,
    })
    write_json("adam_circles_steps.json", out)
    return losses_before, tob, diff


def main():
    os.makedirs(OUT, exist_ok=True)
    warnings.simplefilter("ignore")
    dense_forward()
    optimizers()
    kl = losses()
    res = metrics()
    constraints_regularizers()
    dropout()
    summaries()
    lb, tob, diff = adam_circles()
    print("keras_logits:", json.dumps({k: kl[k] for k in (
        "sigmoid_output_has__keras_logits", "model_evaluate_bce",
        "model_eager_call_bce", "mean_plain_clipped", "mean_from_logits")}))
    print("accuracy resolution:", json.dumps(res))
    print("adam circles loss before steps", lb, "train_on_batch", tob,
          "eager-vs-tob diff", diff)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--fit-child":
        fit_child(int(sys.argv[2]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--summary-child":
        summary_child()
    else:
        main()
