#!/usr/bin/env python3
"""Golden values of Keras 3 metrics streamed over batches, for dropout4j's metric tests.

Each metric object is updated batch after batch (update_state, as fit and evaluate do) with fixed targets and
predictions (including predictions exactly on a threshold, 0 and 1), once without and once with sample weights;
the result after every batch is recorded. Metrics: Precision and Recall (default and other thresholds), AUC (ROC
and PR, 200 and 50 thresholds), TopKCategoricalAccuracy (k=5 and k=2), F1Score (micro, macro, weighted; with and
without a threshold) and RootMeanSquaredError.

Run from the repository root (see tools/golden/README.md):

    python tools/golden/make_metric_goldens.py

Writes dropout4j-core/src/test/resources/golden/metrics_streamed.json.
"""
import json
import os

from golden_env import F32, REPO  # noqa: E402  (first: it sets the TensorFlow environment)

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

OUT = os.path.join(REPO, "dropout4j-core", "src", "test", "resources", "golden", "metrics_streamed.json")
rng = np.random.default_rng(2024)
SIZES = [7, 12, 5]

# binary: targets, scores with ties on thresholds and the ends
N = sum(SIZES)
yb = (rng.random((N, 1)) < 0.45).astype(F32)
pb = np.clip(0.35 * yb + rng.random((N, 1)) * 0.65, 0, 1).astype(F32)
pb[[0, 5, 9]] = 0.5
pb[[2, 13]] = 0.0
pb[[3, 20]] = 1.0
pb[[7]] = 0.3
pb[[11]] = 0.7
# categorical: 7 classes
C = 7
yc = np.eye(C, dtype=F32)[rng.integers(0, C, N)]
pc = rng.random((N, C)).astype(F32)
pc = (pc / pc.sum(axis=1, keepdims=True)).astype(F32)
pc[4] = pc[4][0]  # a row of ties
# regression
yr = rng.normal(size=(N, 3)).astype(F32)
pr = (yr + 0.5 * rng.normal(size=(N, 3))).astype(F32)
W = rng.random(N).astype(F32) * 2

M = keras.metrics
CASES = [
    ("precision", lambda: M.Precision(), "binary"),
    ("precision_t03", lambda: M.Precision(thresholds=0.3), "binary"),
    ("recall", lambda: M.Recall(), "binary"),
    ("recall_t07", lambda: M.Recall(thresholds=0.7), "binary"),
    ("auc_roc", lambda: M.AUC(), "binary"),
    ("auc_pr", lambda: M.AUC(curve="PR"), "binary"),
    ("auc_roc_50", lambda: M.AUC(num_thresholds=50), "binary"),
    ("auc_pr_50", lambda: M.AUC(num_thresholds=50, curve="PR"), "binary"),
    ("top_k", lambda: M.TopKCategoricalAccuracy(), "categorical"),
    ("top_2", lambda: M.TopKCategoricalAccuracy(k=2), "categorical"),
    ("f1_micro", lambda: M.F1Score(average="micro"), "categorical"),
    ("f1_macro", lambda: M.F1Score(average="macro"), "categorical"),
    ("f1_weighted", lambda: M.F1Score(average="weighted"), "categorical"),
    ("f1_macro_t02", lambda: M.F1Score(average="macro", threshold=0.2), "categorical"),
    ("rmse", lambda: M.RootMeanSquaredError(), "regression"),
]
DATA = {"binary": (yb, pb), "categorical": (yc, pc), "regression": (yr, pr)}

out = {"generator": "tools/golden/make_metric_goldens.py", "keras_version": keras.__version__,
       "tensorflow_version": tf.__version__, "numpy_version": np.__version__, "backend": "tensorflow",
       "description": "Keras metric results after each batch of update_state (batch sizes " + str(SIZES)
       + "), without and with sample weights",
       "batch_sizes": SIZES, "sample_weight": W.tolist(),
       "data": {k: {"y_true": v[0].tolist(), "y_pred": v[1].tolist()} for k, v in DATA.items()}, "cases": []}
for name, make, kind in CASES:
    y, p = DATA[kind]
    case = {"name": name, "data": kind, "config": None}
    for weighted in (False, True):
        m = make()
        case["config"] = {k: v for k, v in m.get_config().items() if k in (
            "thresholds", "num_thresholds", "curve", "k", "average", "threshold")}
        results = []
        start = 0
        for size in SIZES:
            sl = slice(start, start + size)
            m.update_state(y[sl], p[sl], sample_weight=W[sl] if weighted else None)
            results.append(float(np.asarray(m.result())))
            start += size
        case["weighted" if weighted else "unweighted"] = results
    out["cases"].append(case)
with open(OUT, "w") as fh:
    json.dump(out, fh, indent=1)
print("wrote", OUT, len(out["cases"]), "cases")
