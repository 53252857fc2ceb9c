"""What every golden generator here shares: the TensorFlow environment (set before tensorflow is imported:
quiet logs, oneDNN off for reproducible float32 results, the TensorFlow backend of Keras, CPU only), the
repository root, the {"shape", "data"} form of a float32 tensor that the Java tests read, and how a golden JSON
file is written.

Import it first: ``from golden_env import REPO, F32, tensor`` before ``import tensorflow``.
"""
import json
import os
import re

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import numpy as np  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
F32 = np.float32


def tensor(a):
    """A float32 tensor as {"shape", "data"} with exact float32 values, data nested as the array is."""
    a = np.asarray(a, dtype=F32)
    assert np.all(np.isfinite(a)), "non-finite value in golden tensor"
    return {"shape": list(a.shape), "data": a.tolist()}


def flat_tensor(a, finite=True):
    """As tensor(), with the data as one flat list in row-major order; finite=False allows inf and nan."""
    a = np.asarray(a, dtype=F32)
    if finite:
        assert np.all(np.isfinite(a)), "non-finite value in golden tensor"
    return {"shape": list(a.shape), "data": a.reshape(-1).tolist()}


def write_json(path, doc):
    """Writes doc as JSON (indent 1, no NaN) with each innermost list of numbers on one line, and says so."""
    text = json.dumps(doc, indent=1, allow_nan=False)
    text = re.sub(r"\[\s*([-+0-9.eE]+(?:,\s*[-+0-9.eE]+)*)\s*\]",
                  lambda mt: "[" + re.sub(r"\s+", "", mt.group(1)).replace(",", ", ") + "]", text)
    assert json.loads(text) == doc
    with open(path, "w") as fh:
        fh.write(text + "\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")
