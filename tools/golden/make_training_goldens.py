#!/usr/bin/env python3
"""Golden training trajectories for dropout4j from real Keras 3 (TensorFlow backend).

For each case a small Sequential model is compiled in Keras (optimizer with its options or schedule, loss,
weighting), saved untrained as a .keras file (config, weights and compile_config), trained with
shuffle=False, and the trained weights, History and predictions are written next to it. dropout4j loads the
same .keras file, compiles it from its compile_config, fits the same data and must reach the same weights.
Also writes loss values/gradients (losses.json) and schedule values (schedules.json).

Run from the repository root (see tools/golden/README.md):

    python tools/golden/make_training_goldens.py

Writes into dropout4j-io/src/test/resources/golden/training/.
"""
import json
import os

from golden_env import F32, REPO  # noqa: E402  (first: it sets the TensorFlow environment)

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

tf.config.experimental.enable_op_determinism()
OUT = os.path.join(REPO, "dropout4j-io", "src", "test", "resources", "golden", "training")
os.makedirs(OUT, exist_ok=True)


def arr(a):
    return np.asarray(a, dtype=F32).tolist()


def header(description):
    return {"generator": "tools/golden/make_training_goldens.py", "keras_version": keras.__version__,
            "tensorflow_version": tf.__version__, "numpy_version": np.__version__, "backend": "tensorflow",
            "dtype": "float32", "description": description}


rng = np.random.default_rng(1234)
X = rng.normal(size=(20, 3)).astype(F32)
Y_REG = (X @ np.array([[0.5], [-1.0], [0.25]], dtype=F32) + 0.1 * rng.normal(size=(20, 1))).astype(F32)
Y_BIN = (X[:, :1] + 0.5 * X[:, 1:2] > 0).astype(F32)
Y_CAT = np.eye(3, dtype=F32)[(np.argmax(X, axis=1))]
Y_POS = np.abs(Y_REG) + 0.1
SW = np.linspace(0.5, 2.0, 20).astype(F32)


def model_for(units, activation):
    keras.utils.set_random_seed(7)
    return keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="tanh"),
                             keras.layers.Dense(units, activation=activation)])


CASES = []


def case(name, optimizer, loss, y, units=1, activation=None, epochs=3, batch_size=8, metrics=None,
         class_weight=None, sample_weight=None, weighted_metrics=None):
    CASES.append(dict(name=name, optimizer=optimizer, loss=loss, y=y, units=units, activation=activation,
                      epochs=epochs, batch_size=batch_size, metrics=metrics, class_weight=class_weight,
                      sample_weight=sample_weight, weighted_metrics=weighted_metrics))


O = keras.optimizers
S = keras.optimizers.schedules
case("sgd", lambda: O.SGD(0.05), "mse", Y_REG)
case("sgd_nesterov", lambda: O.SGD(0.05, momentum=0.9, nesterov=True), "mae", Y_REG)
case("adam_amsgrad", lambda: O.Adam(0.01, amsgrad=True), "mse", Y_REG)
case("adamw", lambda: O.AdamW(0.01, weight_decay=0.05), "mse", Y_REG)
case("rmsprop_centered", lambda: O.RMSprop(0.01, momentum=0.5, centered=True), "huber", Y_REG)
case("nadam", lambda: O.Nadam(0.01), "mse", Y_REG)
case("adamax", lambda: O.Adamax(0.02), "mse", Y_REG)
case("adagrad", lambda: O.Adagrad(0.1), "mse", Y_REG)
case("adadelta", lambda: O.Adadelta(1.0), "mse", Y_REG)
case("lion", lambda: O.Lion(0.003), "mse", Y_REG)
case("ftrl", lambda: O.Ftrl(0.1, l1_regularization_strength=0.01, l2_regularization_strength=0.01,
                             l2_shrinkage_regularization_strength=0.01, beta=0.1), "mse", Y_REG)
case("sgd_clipnorm", lambda: O.SGD(0.1, clipnorm=0.5), "mse", Y_REG)
case("adam_global_clipnorm", lambda: O.Adam(0.01, global_clipnorm=0.3), "mse", Y_REG)
case("sgd_clipvalue", lambda: O.SGD(0.1, clipvalue=0.05), "mse", Y_REG)
case("adam_weight_decay", lambda: O.Adam(0.01, weight_decay=0.1), "mse", Y_REG)
case("sgd_ema", lambda: O.SGD(0.1, use_ema=True, ema_momentum=0.9), "mse", Y_REG)
case("adam_ema_overwrite", lambda: O.Adam(0.01, use_ema=True, ema_momentum=0.8, ema_overwrite_frequency=2),
     "mse", Y_REG)
case("adam_accumulation", lambda: O.Adam(0.01, gradient_accumulation_steps=2), "mse", Y_REG)
case("sgd_exponential_staircase", lambda: O.SGD(S.ExponentialDecay(0.1, 2, 0.5, staircase=True)), "mse", Y_REG)
case("sgd_exponential", lambda: O.SGD(S.ExponentialDecay(0.1, 3, 0.7)), "mse", Y_REG)
case("sgd_piecewise", lambda: O.SGD(S.PiecewiseConstantDecay([2, 5], [0.1, 0.05, 0.01])), "mse", Y_REG)
case("sgd_polynomial", lambda: O.SGD(S.PolynomialDecay(0.1, 6, 0.01, power=2.0)), "mse", Y_REG)
case("sgd_polynomial_cycle", lambda: O.SGD(S.PolynomialDecay(0.1, 4, 0.01, cycle=True)), "mse", Y_REG)
case("sgd_inverse_time", lambda: O.SGD(S.InverseTimeDecay(0.1, 2, 0.5, staircase=True)), "mse", Y_REG)
case("adam_cosine_warmup", lambda: O.Adam(S.CosineDecay(0.001, 6, alpha=0.1, warmup_target=0.02, warmup_steps=3)),
     "mse", Y_REG)
case("sgd_cosine_restarts", lambda: O.SGD(S.CosineDecayRestarts(0.1, 2, t_mul=2.0, m_mul=0.5, alpha=0.05)),
     "mse", Y_REG)
case("mape", lambda: O.Adam(0.01), "mape", Y_POS)
case("msle", lambda: O.Adam(0.01), "msle", Y_POS, activation="softplus")
case("log_cosh", lambda: O.Adam(0.01), "log_cosh", Y_REG)
# no Huber(delta != 1) fit case: Keras 3.15's Huber.get_config() drops `delta`, so its .keras file cannot say it
case("poisson", lambda: O.Adam(0.01), "poisson", Y_POS, activation="softplus")
case("kld", lambda: O.Adam(0.01), "kl_divergence", Y_CAT, units=3, activation="softmax")
case("hinge", lambda: O.Adam(0.01), "hinge", Y_BIN, activation="tanh")
case("squared_hinge", lambda: O.Adam(0.01), "squared_hinge", Y_BIN, activation="tanh")
case("categorical_hinge", lambda: O.Adam(0.01), "categorical_hinge", Y_CAT, units=3)
case("cosine_similarity", lambda: O.Adam(0.01), "cosine_similarity", Y_CAT, units=3)
case("bce_label_smoothing", lambda: O.Adam(0.01), keras.losses.BinaryCrossentropy(label_smoothing=0.2), Y_BIN,
     activation="sigmoid", metrics=["accuracy"])
case("bce_from_logits", lambda: O.Adam(0.01), keras.losses.BinaryCrossentropy(from_logits=True), Y_BIN)
case("cce_label_smoothing", lambda: O.Adam(0.01), keras.losses.CategoricalCrossentropy(label_smoothing=0.1), Y_CAT,
     units=3, activation="softmax")
case("focal", lambda: O.Adam(0.01), keras.losses.BinaryFocalCrossentropy(apply_class_balancing=True, alpha=0.3,
                                                                         gamma=1.5), Y_BIN, activation="sigmoid")
case("focal_logits", lambda: O.Adam(0.01), keras.losses.BinaryFocalCrossentropy(from_logits=True,
                                                                                label_smoothing=0.1), Y_BIN)
case("mse_sum", lambda: O.SGD(0.01), keras.losses.MeanSquaredError(reduction="sum"), Y_REG)
case("class_weight", lambda: O.Adam(0.01), "binary_crossentropy", Y_BIN, activation="sigmoid",
     class_weight={0: 0.3, 1: 2.0}, metrics=["accuracy"])
case("sample_weight", lambda: O.Adam(0.01), "mse", Y_REG, sample_weight=SW, metrics=["mae"],
     weighted_metrics=["mae"])

import sys  # noqa: E402

PARTS = sys.argv[1:] or ["fit", "schedules", "losses"]
index = []
for c in (CASES if "fit" in PARTS else []):
    model = model_for(c["units"], c["activation"])
    model.compile(optimizer=c["optimizer"](), loss=c["loss"], metrics=c["metrics"],
                  weighted_metrics=c["weighted_metrics"])
    path = os.path.join(OUT, c["name"] + ".keras")
    model.save(path)
    initial = [w.tolist() for w in model.get_weights()]
    hist = model.fit(X, c["y"], epochs=c["epochs"], batch_size=c["batch_size"], shuffle=False, verbose=0,
                     class_weight=c["class_weight"], sample_weight=c["sample_weight"])
    out = header("Keras fit of " + c["name"] + ".keras on x/y with shuffle=False")
    out.update({"epochs": c["epochs"], "batch_size": c["batch_size"], "x": arr(X), "y": arr(c["y"]),
                "class_weight": None if c["class_weight"] is None else {str(k): v for k, v in
                                                                        c["class_weight"].items()},
                "sample_weight": None if c["sample_weight"] is None else arr(c["sample_weight"]),
                "initial_weights": initial,
                "trained_weights": [np.asarray(w, dtype=F32).tolist() for w in model.get_weights()],
                "history": {k: [float(v) for v in vs] for k, vs in hist.history.items()},
                "predictions": arr(model.predict(X, verbose=0)),
                "optimizer_iterations": int(model.optimizer.iterations.numpy()),
                "compile_config": model.get_compile_config()})
    with open(os.path.join(OUT, c["name"] + ".json"), "w") as fh:
        json.dump(out, fh, indent=1)
    index.append(c["name"])

# schedules: values at steps 0..12
sched = {"ExponentialDecay": S.ExponentialDecay(0.1, 3, 0.7),
         "ExponentialDecay_staircase": S.ExponentialDecay(0.1, 3, 0.7, staircase=True),
         "PiecewiseConstantDecay": S.PiecewiseConstantDecay([2, 5], [0.1, 0.05, 0.01]),
         "PolynomialDecay": S.PolynomialDecay(0.1, 6, 0.01, power=2.0),
         "PolynomialDecay_cycle": S.PolynomialDecay(0.1, 4, 0.01, cycle=True),
         "InverseTimeDecay": S.InverseTimeDecay(0.1, 2, 0.5),
         "CosineDecay": S.CosineDecay(0.1, 8, alpha=0.1),
         "CosineDecay_warmup": S.CosineDecay(0.001, 6, alpha=0.1, warmup_target=0.02, warmup_steps=3),
         "CosineDecayRestarts": S.CosineDecayRestarts(0.1, 2, t_mul=2.0, m_mul=0.5, alpha=0.05),
         "CosineDecayRestarts_tmul1": S.CosineDecayRestarts(0.1, 3, t_mul=1.0)}
sout = header("learning-rate schedule values at steps 0..12, and their Keras serialization")
sout["cases"] = [{"name": k, "serialized": keras.optimizers.schedules.serialize(v),
                  "values": [float(v(s)) for s in range(13)]} for k, v in sched.items()]
if "schedules" in PARTS:
    with open(os.path.join(OUT, "schedules.json"), "w") as fh:
        json.dump(sout, fh, indent=1)

# losses: values, per reduction and with sample weights, and gradients
yt = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]], dtype=F32)
yp = np.array([[0.2, 0.7, 0.1], [0.6, 0.3, 0.1], [0.25, 0.25, 0.5], [0.05, 0.9, 0.05]], dtype=F32)
yr = np.array([[0.5, -1.5, 2.0], [0.0, 3.0, -0.2], [1.0, 1.0, 1.0], [-2.0, 0.5, 0.1]], dtype=F32)
L = keras.losses
loss_cases = [("mean_absolute_error", L.MeanAbsoluteError(), yr, yr[::-1] * 0.7),
              ("mean_absolute_percentage_error", L.MeanAbsolutePercentageError(), yr, yr[::-1] * 0.7),
              ("mean_squared_logarithmic_error", L.MeanSquaredLogarithmicError(), np.abs(yr), np.abs(yr[::-1])),
              ("huber", L.Huber(delta=0.8), yr, yr[::-1] * 0.7),  # Keras 3.15's config omits delta
              ("log_cosh", L.LogCosh(), yr, yr[::-1] * 0.7),
              ("kl_divergence", L.KLDivergence(), yt, yp),
              ("poisson", L.Poisson(), np.abs(yr), np.abs(yr[::-1]) + 0.1),
              ("hinge", L.Hinge(), yt, yr),
              ("squared_hinge", L.SquaredHinge(), yt, yr),
              ("categorical_hinge", L.CategoricalHinge(), yt, yr),
              ("cosine_similarity", L.CosineSimilarity(), yr, yr[::-1]),
              ("binary_crossentropy_smoothing", L.BinaryCrossentropy(label_smoothing=0.3), yt, yp),
              ("categorical_crossentropy_smoothing", L.CategoricalCrossentropy(label_smoothing=0.3), yt, yp),
              ("binary_focal", L.BinaryFocalCrossentropy(), yt, yp),
              ("binary_focal_balanced_logits", L.BinaryFocalCrossentropy(apply_class_balancing=True, alpha=0.4,
                                                                        gamma=3.0, from_logits=True,
                                                                        label_smoothing=0.1), yt, yr)]
lout = header("loss values (each reduction, and with sample weights) and gradients from Keras loss objects")
lout["sample_weight"] = [0.5, 2.0, 0.0, 1.5]
lout["cases"] = []
for name, loss, a, b in (loss_cases if "losses" in PARTS else []):
    entry = {"name": name, "config": loss.get_config(), "y_true": arr(a), "y_pred": arr(b), "values": {},
             "args_missing_from_config": {"delta": 0.8} if name == "huber" else {}}
    cfg = dict(loss.get_config(), **entry["args_missing_from_config"])
    for red in ["sum_over_batch_size", "sum", "none", "mean_with_sample_weight"]:
        c2 = dict(cfg)
        c2["reduction"] = red
        l2 = loss.__class__.from_config(c2)
        entry["values"][red] = arr(l2(a, b))
        entry["values"][red + "_weighted"] = arr(l2(a, b, sample_weight=np.array(lout["sample_weight"], F32)))
    bt = tf.constant(b)
    with tf.GradientTape() as tape:
        tape.watch(bt)
        v = loss(tf.constant(a), bt)
    entry["grad"] = arr(tape.gradient(v, bt))
    lout["cases"].append(entry)
if "losses" in PARTS:
    with open(os.path.join(OUT, "losses.json"), "w") as fh:
        json.dump(lout, fh, indent=1)
if "fit" in PARTS:
    with open(os.path.join(OUT, "index.json"), "w") as fh:
        json.dump({"fit_cases": index}, fh, indent=1)
print("wrote", len(index), "fit cases to", OUT)
