"""Loads .keras files with Keras 3, compiles each with SGD(learning_rate=0.1) and mse, and writes the loss
model.evaluate reports and the loss and weights after one fit epoch (batch_size=3, shuffle=False).

usage: python evaluate_and_fit.py JOBS.tsv
each line of JOBS.tsv: MODEL.keras <TAB> X.npy <TAB> Y.npy <TAB> OUT.json
Used by KerasWeightRuleGoldenTest (dropout4j-io) to check that real Keras reads back the regularizers and
constraints dropout4j writes: the evaluate loss carries the penalties, the fitted weights the constraints.
"""
import json
import os
import sys

os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import keras  # noqa: E402

with open(sys.argv[1], encoding="utf-8") as jobs:
    for line in jobs:
        fields = line.rstrip("\n").split("\t")
        if len(fields) != 4:
            continue
        model = keras.saving.load_model(fields[0], compile=False)
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
        x, y = np.load(fields[1]), np.load(fields[2])
        evaluated = float(model.evaluate(x, y, batch_size=3, verbose=0))
        history = model.fit(x, y, batch_size=3, epochs=1, shuffle=False, verbose=0)
        with open(fields[3], "w", encoding="utf-8") as out:
            json.dump({"evaluate_loss": evaluated, "fit_loss": float(history.history["loss"][0]),
                       "weights_after_fit": [{"data": np.asarray(w, dtype=np.float32).reshape(-1).tolist()}
                                             for w in model.get_weights()]}, out)
