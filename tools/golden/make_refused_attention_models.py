#!/usr/bin/env python3
"""Keras 3.15 MultiHeadAttention files that dropout4j refuses by name, for dropout4j's import tests.

Run from the repository root with a Python that has keras 3 and tensorflow:

    python tools/golden/make_refused_attention_models.py

Writes dropout4j-io/src/test/resources/keras/refused/:
  mha_attention_mask.keras   functional: MultiHeadAttention(2, 3)(q, q, attention_mask=m), m a second model input
  mha_use_gate.keras         functional: MultiHeadAttention(2, 3, use_gate=True)(q, q)
"""
import os

from golden_env import REPO  # noqa: E402  (first: it sets the TensorFlow environment)

import keras  # noqa: E402

L = keras.layers
OUT = os.path.join(REPO, "dropout4j-io", "src", "test", "resources", "keras", "refused")


def main():
    os.makedirs(OUT, exist_ok=True)
    q = keras.Input((4, 6))
    m = keras.Input((4, 4))
    keras.Model([q, m], L.MultiHeadAttention(2, 3)(q, q, attention_mask=m)).save(
        os.path.join(OUT, "mha_attention_mask.keras"))
    q = keras.Input((4, 6))
    keras.Model(q, L.MultiHeadAttention(2, 3, use_gate=True)(q, q)).save(os.path.join(OUT, "mha_use_gate.keras"))


if __name__ == "__main__":
    main()
