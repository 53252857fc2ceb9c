#!/usr/bin/env python3
"""Recurrent layers in functional graphs, written by real Keras 3 (TensorFlow backend), for dropout4j's graph import
and export: return_state outputs, initial_state (seq2seq encoder-decoder), Bidirectional with merge_mode=None, return_state and
initial_state, a masked input reaching a decoder that starts from given states, and an explicit mask= on such a
decoder.

Run from the repository root (see README.md for the virtualenv):

    python tools/golden/make_recurrent_graph_fixtures.py

Writes into dropout4j-io/src/test/resources/functional/recurrent/, for each model NAME, NAME.keras, NAME.h5 and
NAME.json (fixed inputs and Keras' predictions) with make_functional_fixtures.write_batch, and index.json listing
them (read by KerasRealisticGraphTest with the realistic models).
"""
import json
import os

from make_functional_fixtures import OUT, write_batch  # noqa: E402  (first: it sets the TensorFlow environment)

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

L = keras.layers
VOCAB = 20


def lstm_seq2seq():
    """The classic encoder-decoder: LSTM(return_state) h, c as the decoder LSTM's initial_state, with dropout."""
    enc_in = keras.Input(shape=(6, 3), name="encoder_in")
    dec_in = keras.Input(shape=(5, 2), name="decoder_in")
    _, h, c = L.LSTM(8, return_state=True, dropout=0.2, recurrent_dropout=0.2, name="encoder")(enc_in)
    dec = L.LSTM(8, return_sequences=True, dropout=0.2, recurrent_dropout=0.2, name="decoder")(
        dec_in, initial_state=[h, c])
    return keras.Model([enc_in, dec_in], L.Dense(4, activation="softmax", name="next")(dec), name="lstm_seq2seq")


def gru_seq2seq_masked():
    """Token encoder and decoder with Embedding(mask_zero), the decoder's tokens padded at the front. Keras 3 fills in
    a layer's `mask` only for a call with one tensor argument, so the decoder called with initial_state does not
    apply its input's mask (it still passes it on to the TimeDistributed head)."""
    enc_in = keras.Input(shape=(7,), dtype="int32", name="source")
    dec_in = keras.Input(shape=(7,), dtype="int32", name="left_padded_target")
    _, state = L.GRU(6, return_state=True, name="encoder")(L.Embedding(VOCAB, 5, mask_zero=True)(enc_in))
    dec = L.GRU(6, return_sequences=True, name="decoder")(L.Embedding(VOCAB, 5, mask_zero=True)(dec_in),
                                                          initial_state=state)
    return keras.Model([enc_in, dec_in], L.TimeDistributed(L.Dense(3))(dec), name="gru_seq2seq_masked")


def explicit_mask_seq2seq():
    """A decoder LSTM called with initial_state and an explicit mask=ops.not_equal(ids, 0) on left-padded ids: its
    masked first steps output zeros while the states it starts from carry over to the first kept step."""
    enc_in = keras.Input(shape=(5, 3), name="encoder_in")
    ids = keras.Input(shape=(7,), dtype="int32", name="left_padded_ids")
    _, h, c = L.LSTM(4, return_state=True, name="encoder")(enc_in)
    dec = L.LSTM(4, return_sequences=True, name="decoder")(L.Embedding(VOCAB, 3)(ids), initial_state=[h, c],
                                                           mask=keras.ops.not_equal(ids, 0))
    return keras.Model([enc_in, ids], dec, name="explicit_mask_seq2seq")


def rnn_states_as_outputs():
    """SimpleRNN(return_sequences, return_state) and GRU(go_backwards, return_state): the states are model outputs
    and a later layer reads the sequence."""
    x = keras.Input(shape=(5, 3), name="x")
    seq, h = L.SimpleRNN(4, return_sequences=True, return_state=True)(x)
    last, g = L.GRU(3, go_backwards=True, return_state=True, reset_after=False)(seq)
    return keras.Model(x, [h, L.Dense(2)(L.Concatenate()([last, g])), g], name="rnn_states_as_outputs")


def bidirectional_states():
    """Bidirectional(LSTM, return_state): output, forward h, c, backward h, c; merge_mode=None's two sequences used
    apart; a Bidirectional decoder started from a Bidirectional encoder's four states."""
    x = keras.Input(shape=(6, 3), name="x")
    y = keras.Input(shape=(4, 2), name="y")
    out, fh, fc, bh, bc = L.Bidirectional(L.LSTM(3, return_state=True), name="bi_encoder")(x)
    fw, bw = L.Bidirectional(L.GRU(2, return_sequences=True), merge_mode=None, name="bi_none")(x)
    dec = L.Bidirectional(L.LSTM(3, return_sequences=True), merge_mode="sum", name="bi_decoder")(
        y, initial_state=[fh, fc, bh, bc])
    pooled = L.Concatenate()([L.GlobalAveragePooling1D()(fw), L.GlobalMaxPooling1D()(bw)])
    return keras.Model([x, y], [L.Dense(2)(L.Concatenate()([out, pooled])), dec], name="bidirectional_states")


MODELS = {f.__name__: f for f in (lstm_seq2seq, gru_seq2seq_masked, explicit_mask_seq2seq, rnn_states_as_outputs,
                                   bidirectional_states)}


def main():
    out = os.path.join(OUT, "recurrent")
    index = write_batch(out, MODELS, np.random.default_rng(31))
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump({"keras_version": keras.__version__, "tensorflow_version": tf.__version__, "models": index}, f,
                  indent=1)


if __name__ == "__main__":
    main()
