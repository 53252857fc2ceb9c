"""Loads .keras files with Keras 3 (keras.saving.load_model) and writes their predictions.

usage: python load_and_predict.py JOBS.tsv
each line of JOBS.tsv: MODEL.keras <TAB> OUT_PREFIX <TAB> INPUT0.npy [<TAB> INPUT1.npy ...]
(a MODEL prefixed with "?" is a reference: if this Keras cannot load or run it, no outputs are written for it)
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



def predict(model, inputs):
    """model.predict with the inputs in the structure the model was built with (one array, a list or a dict)."""
    # (dict inputs: in the order of model.inputs, or in sorted name order, the order dropout4j lists them in)
    tries = [inputs if len(inputs) > 1 else inputs[0], list(inputs),
             {t.name: a for t, a in zip(model.inputs, inputs)},
             dict(zip(sorted(t.name for t in model.inputs), inputs))]
    for k, x in enumerate(tries):
        try:
            return model.predict(x, verbose=0)
        except ValueError:
            if k == len(tries) - 1:
                raise


with open(sys.argv[1], encoding="utf-8") as jobs:
    for line in jobs:
        fields = line.rstrip("\n").split("\t")
        if len(fields) < 3:
            continue
        reference = fields[0].startswith("?")
        path = fields[0][1:] if reference else fields[0]
        inputs = [np.load(p) for p in fields[2:]]
        try:
            model = keras.saving.load_model(path)
            outputs = predict(model, inputs)
        except Exception as e:  # noqa: BLE001  a reference file this Keras cannot run is reported, not fatal
            if not reference:
                raise
            print(path, "reference not run:", repr(e)[:200], flush=True)
            continue
        if isinstance(outputs, dict):  # a model built with a dict of outputs: in the model's output order
            names = getattr(model, "output_names", None) or list(outputs)
            outputs = [outputs[n] for n in names] if all(n in outputs for n in names) else list(outputs.values())
        if not isinstance(outputs, (list, tuple)):
            outputs = [outputs]
        for k, y in enumerate(outputs):
            np.save(fields[1] + str(k) + ".npy", np.asarray(y, dtype=np.float32))
        print(fields[0], len(outputs), flush=True)
