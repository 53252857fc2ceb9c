"""What every golden generator here shares: the TensorFlow environment (set before tensorflow is imported:
quiet logs, oneDNN off for reproducible float32 results, the TensorFlow backend of Keras, CPU only), the
repository root, and the {"shape", "data"} form of a float32 tensor that the Java tests read.

Import it first: ``from golden_env import REPO, F32, tensor`` before ``import tensorflow``.
"""
import os

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
