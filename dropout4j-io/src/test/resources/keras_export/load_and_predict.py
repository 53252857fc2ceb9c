"""Loads .keras files with Keras 3 (keras.saving.load_model) and writes their predictions.

usage: python load_and_predict.py JOBS.tsv
each line of JOBS.tsv: MODEL.keras <TAB> OUT_PREFIX <TAB> INPUT0.npy [<TAB> INPUT1.npy ...]
writes OUT_PREFIX0.npy, OUT_PREFIX1.npy, ... (one per model output, float32).
Used by KerasExportTest (dropout4j-io) to check that real Keras reads what dropout4j writes; one process for all
models, since importing Keras takes seconds.
"""
import os
import sys

os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import keras  # noqa: E402

with open(sys.argv[1], encoding="utf-8") as jobs:
    for line in jobs:
        fields = line.rstrip("\n").split("\t")
        if len(fields) < 3:
            continue
        model = keras.saving.load_model(fields[0])
        inputs = [np.load(p) for p in fields[2:]]
        outputs = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
        if not isinstance(outputs, (list, tuple)):
            outputs = [outputs]
        for k, y in enumerate(outputs):
            np.save(fields[1] + str(k) + ".npy", np.asarray(y, dtype=np.float32))
        print(fields[0], len(outputs), flush=True)
