#!/usr/bin/env python3
"""An unseen-model sweep: small Sequential and functional Keras 3 models per layer family, written the way a user
writes them (odd sizes, strides, dilation, groups, causal/same/valid padding, channels_first, go_backwards,
return_state, Bidirectional merge modes over masked sequences, ...), with random non-trivial weights (biases and
moving statistics included), saved as .keras and .h5 with a fixed input and Keras' prediction.

Run from the repository root with a Python that has keras 3.15, tensorflow, jax and h5py:

    python tools/golden/make_sweep_models.py [--out DIR] [--only NAME_PREFIX[,NAME_PREFIX...]]

Writes DIR/NAME.keras, DIR/NAME.h5, DIR/NAME.x.npy (the input; DIR/NAME.x1.npy for a second input),
DIR/NAME.y.npy (Keras' prediction) and DIR/MANIFEST.tsv (name, family, backend; with --only, the rows of the
models made are replaced or added and the others kept). Models run on the TensorFlow
backend, except those with channels_first convolutions, which TensorFlow's CPU kernels refuse: the script runs
those in a child process on the JAX backend (the "backend" column says which). Default DIR:
dropout4j-io/src/test/resources/sweep.
"""
import argparse
import os
import subprocess
import sys
import zlib

from golden_env import REPO  # noqa: E402  (first: it sets the TensorFlow environment)

import numpy as np  # noqa: E402
import keras  # noqa: E402

L = keras.layers
OUT = os.path.join(REPO, "dropout4j-io", "src", "test", "resources", "sweep")


def seq(shape, *layers, dtype="float32"):
    return keras.Sequential([keras.Input(shape=shape, dtype=dtype), *layers])


def tokens(shape, vocab=20):
    def make(rng):
        x = rng.integers(1, vocab, size=(3,) + shape)
        # padded tails of different lengths (mask_zero models see real masks)
        for b, keep in enumerate([shape[-1], max(1, shape[-1] - 2), max(1, shape[-1] // 2)]):
            x[b, keep:] = 0
        return x.astype("int32")
    return make


def mask_input(shape):
    """A float 0/1 attention mask of the given sample shape, with a row that allows nothing in the first sample."""
    def make(rng):
        m = (rng.uniform(size=(3,) + shape) < 0.7).astype("float32")
        m[0, 1] = 0
        return m
    return make


def functional(build):
    """A functional model from build(), which returns (inputs, outputs)."""
    inputs, outputs = build()
    return keras.Model(inputs, outputs)


def return_state_lstm():
    i = keras.Input((6, 3))
    seqs, h, c = L.LSTM(4, return_sequences=True, return_state=True)(i)
    last = L.GRU(3, go_backwards=True)(seqs)
    return i, L.Concatenate()([h, c, last])


def bi_masked(merge):
    def build():
        i = keras.Input((7,), dtype="int32")
        e = L.Embedding(20, 4, mask_zero=True)(i)
        b = L.Bidirectional(L.GRU(3, return_sequences=True), merge_mode=merge)(e)
        if merge is None:
            b = L.Concatenate()(b)
        return i, L.LSTM(2)(b)
    return build


def mha_masked():
    q = keras.Input((5,), dtype="int32")
    e = L.Embedding(20, 8, mask_zero=True)(q)
    a = L.MultiHeadAttention(2, 3, value_dim=5, output_shape=6)(e, e, use_causal_mask=True)
    return q, L.GlobalAveragePooling1D()(a)


def attention_pair(score_mode):
    def build():
        q = keras.Input((4, 6))
        v = keras.Input((5, 6))
        a = L.Attention(use_scale=True, score_mode=score_mode)([q, v])
        return [q, v], L.Add()([a, q])
    return build


def mha_cross_key():
    q = keras.Input((4, 6))
    v = keras.Input((7, 5))
    k = L.Dense(3)(v)
    a = L.MultiHeadAttention(3, 2, value_dim=4, output_shape=(2, 3), use_bias=False)(q, v, k)
    return [q, v], L.Flatten()(a)


def mha_gate_attention_mask():
    x = keras.Input((5, 4))
    allowed = keras.Input((5, 5))  # Keras casts the float 0/1 attention_mask to bool
    a = L.MultiHeadAttention(2, 3, use_gate=True)(x, x, attention_mask=allowed)
    return [x, allowed], L.LayerNormalization()(L.Add()([x, a]))


def mha_sliding_window():
    x = keras.Input((8, 4))
    a = L.MultiHeadAttention(2, 2, sliding_window=3)(x, x, use_causal_mask=True)
    return x, L.GlobalMaxPooling1D()(a)


def transformer_block():
    ids = keras.Input((7,), dtype="int32")
    e = L.Embedding(20, 8, mask_zero=True)(ids)
    a = L.MultiHeadAttention(2, 4, dropout=0.1)(e, e)
    h = L.LayerNormalization(epsilon=1e-6)(L.Add()([e, a]))
    f = L.Dense(8)(L.Dense(16, activation="gelu")(h))
    h = L.LayerNormalization(epsilon=1e-6)(L.Add()([h, f]))
    return ids, L.Dense(2)(L.GlobalAveragePooling1D()(h))


def additive_self_masked():
    ids = keras.Input((6,), dtype="int32")
    e = L.Embedding(20, 4, mask_zero=True)(ids)
    v = L.Embedding(20, 4, mask_zero=True)(ids)
    a = L.AdditiveAttention(dropout=0.2)([e, v], use_causal_mask=True)
    return ids, L.GlobalAveragePooling1D()(a)


def conv3d_residual():
    i = keras.Input((4, 6, 6, 2))
    x = L.Conv3D(3, 3, padding="same", activation="relu")(i)
    y = L.Conv3D(3, 1, use_bias=False)(i)
    x = L.BatchNormalization()(L.Add()([x, y]))
    return i, L.GlobalMaxPooling3D()(L.MaxPooling3D((1, 2, 2))(x))


def norm_transformer_ffn():
    i = keras.Input((5, 6))
    h = L.LayerNormalization(epsilon=1e-6)(i)
    f = L.Dense(6)(L.Dense(12, activation="relu")(h))
    return i, L.LayerNormalization()(L.Add()([i, f]))


def residual_conv():
    i = keras.Input((9, 9, 3))
    x = L.Conv2D(4, 3, padding="same", activation="relu")(i)
    y = L.Conv2D(4, 1)(i)
    x = L.Add()([x, y])
    x = L.BatchNormalization()(x)
    x = L.SeparableConv2D(5, 3, strides=2, depth_multiplier=2)(x)
    return i, L.GlobalMaxPooling2D(keepdims=True)(x)


def two_tower():
    a = keras.Input((8,))
    b = keras.Input((8,))
    d = L.Dense(5, activation="tanh")
    x = L.Dot(axes=1, normalize=True)([d(a), d(b)])
    y = L.Concatenate(axis=-1)([L.Multiply()([a, b]), L.Subtract()([a, b]), x])
    return [a, b], L.Dense(3, activation="softmax")(y)


F = "float32"
# name -> (family, model factory, input shape(s) or token maker, backend)
MODELS = {
    # dense and activations
    "dense_relu_args": ("dense", lambda: seq((6,), L.Dense(7), L.ReLU(max_value=1.5, negative_slope=0.1,
                                                                     threshold=0.2), L.Dense(3)), (6,), "tensorflow"),
    "dense_leaky_elu": ("dense", lambda: seq((6,), L.Dense(5), L.LeakyReLU(0.3), L.Dense(4), L.ELU(0.7)),
                        (6,), "tensorflow"),
    "dense_prelu_shared": ("dense", lambda: seq((4, 5), L.Dense(6), L.PReLU(shared_axes=[1])), (4, 5), "tensorflow"),
    "dense_acts": ("dense", lambda: seq((6,), L.Dense(5, activation="gelu"), L.Dense(5, activation="silu"),
                                        L.Dense(5, activation="mish"), L.Dense(5, activation="hard_sigmoid"),
                                        L.Dense(4, activation="log_softmax")), (6,), "tensorflow"),
    "dense_softmax_axis": ("dense", lambda: seq((3, 4), L.Dense(5), L.Softmax(axis=1)), (3, 4), "tensorflow"),
    "dense_3d_no_bias": ("dense", lambda: seq((2, 3, 4), L.Dense(3, use_bias=False, activation="softsign"),
                                              L.Flatten(), L.Dense(2, activation="relu6")), (2, 3, 4), "tensorflow"),
    "dense_thresholded": ("dense", lambda: seq((5,), L.Dense(6), L.Activation("hard_swish"), L.Dense(3),
                                               L.Activation("exponential")), (5,), "tensorflow"),
    "dense_two_tower": ("dense", lambda: functional(two_tower), [(8,), (8,)], "tensorflow"),
    "dense_unit_layer_norm": ("dense", lambda: seq((6,), L.Dense(8), L.LayerNormalization(center=False),
                                                   L.UnitNormalization(), L.Dense(2)), (6,), "tensorflow"),
    "dense_dropouts": ("dense", lambda: seq((6,), L.Dense(8), L.Dropout(0.3), L.GaussianNoise(0.2),
                                            L.AlphaDropout(0.1), L.GaussianDropout(0.2), L.Dense(2)), (6,),
                       "tensorflow"),
    # 1-D convolutions
    "conv1d_causal_dilated": ("conv1d", lambda: seq((11, 3), L.Conv1D(4, 3, padding="causal", dilation_rate=2),
                                                    L.Conv1D(2, 2, padding="causal", dilation_rate=4)), (11, 3),
                              "tensorflow"),
    "conv1d_strided_same": ("conv1d", lambda: seq((10, 4), L.Conv1D(5, 4, strides=3, padding="same",
                                                                    activation="tanh"), L.MaxPooling1D(2, padding="same"),
                                                  L.Flatten()), (10, 4), "tensorflow"),
    "conv1d_groups": ("conv1d", lambda: seq((9, 6), L.Conv1D(4, 3, groups=2), L.AveragePooling1D(3, strides=1),
                                            L.GlobalMaxPooling1D()), (9, 6), "tensorflow"),
    "conv1d_separable": ("conv1d", lambda: seq((12, 3), L.SeparableConv1D(4, 3, depth_multiplier=2, strides=2,
                                                                          padding="same"),
                                               L.UpSampling1D(2), L.Cropping1D((1, 2)), L.ZeroPadding1D((2, 0)),
                                               L.GlobalAveragePooling1D()), (12, 3), "tensorflow"),
    "conv1d_channels_first": ("conv1d", lambda: seq((3, 10), L.Conv1D(4, 3, data_format="channels_first",
                                                                      padding="same"),
                                                    L.MaxPooling1D(2, data_format="channels_first"),
                                                    L.GlobalAveragePooling1D(data_format="channels_first")),
                              (3, 10), "jax"),
    "conv1d_embedding": ("conv1d", lambda: seq((8,), L.Embedding(20, 5), L.Conv1D(6, 3, activation="relu"),
                                               L.GlobalMaxPooling1D(), L.Dense(2), dtype="int32"),
                         tokens((8,)), "tensorflow"),
    "conv1d_valid_dilated_strided_pool": ("conv1d", lambda: seq((15, 2), L.Conv1D(3, 2, dilation_rate=3),
                                                                L.AveragePooling1D(2, strides=3, padding="same")),
                                          (15, 2), "tensorflow"),
    "conv1d_repeat_permute": ("conv1d", lambda: seq((5,), L.Dense(4), L.RepeatVector(6), L.Conv1D(3, 2),
                                                    L.Permute((2, 1)), L.Reshape((15,))), (5,), "tensorflow"),
    "conv1d_spatial_dropout": ("conv1d", lambda: seq((9, 4), L.Conv1D(5, 3), L.SpatialDropout1D(0.3),
                                                     L.BatchNormalization(), L.Conv1D(2, 1)), (9, 4), "tensorflow"),
    "conv1d_time_distributed": ("conv1d", lambda: seq((4, 6, 2), L.TimeDistributed(L.Conv1D(3, 2)),
                                                      L.TimeDistributed(L.Flatten()), L.LSTM(3)), (4, 6, 2),
                                "tensorflow"),
    # 2-D convolutions
    "conv2d_strided_dilated": ("conv2d", lambda: seq((11, 10, 3), L.Conv2D(4, (3, 2), strides=(2, 1)),
                                                     L.Conv2D(3, 3, dilation_rate=(2, 1), padding="same")),
                               (11, 10, 3), "tensorflow"),
    "conv2d_groups_pool": ("conv2d", lambda: seq((8, 8, 4), L.Conv2D(6, 3, groups=2, padding="same"),
                                                 L.MaxPooling2D((2, 3), strides=(2, 2), padding="same"),
                                                 L.AveragePooling2D(2)), (8, 8, 4), "tensorflow"),
    "conv2d_depthwise": ("conv2d", lambda: seq((7, 7, 3), L.DepthwiseConv2D(3, depth_multiplier=2, strides=2,
                                                                            padding="same"),
                                               L.DepthwiseConv2D((2, 3), dilation_rate=(1, 1))), (7, 7, 3),
                         "tensorflow"),
    "conv2d_separable_dilated": ("conv2d", lambda: seq((9, 9, 2), L.SeparableConv2D(3, 3, dilation_rate=2,
                                                                                    padding="same"),
                                                       L.GlobalAveragePooling2D()), (9, 9, 2), "tensorflow"),
    "conv2d_transpose": ("conv2d", lambda: seq((4, 5, 3), L.Conv2DTranspose(4, 3, strides=2, padding="same"),
                                               L.Conv2DTranspose(2, (2, 3), strides=(1, 2), output_padding=(0, 1))),
                         (4, 5, 3), "tensorflow"),
    "conv2d_transpose_valid": ("conv2d", lambda: seq((3, 3, 2), L.Conv2DTranspose(3, 4, strides=3,
                                                                                  activation="sigmoid")),
                               (3, 3, 2), "tensorflow"),
    "conv2d_pad_crop_upsample": ("conv2d", lambda: seq((5, 6, 2), L.ZeroPadding2D(((1, 2), (0, 1))),
                                                       L.Conv2D(3, 2), L.UpSampling2D((2, 1)),
                                                       L.Cropping2D(((1, 0), (2, 1))),
                                                       L.UpSampling2D(2, interpolation="bilinear")), (5, 6, 2),
                                 "tensorflow"),
    "conv2d_channels_first": ("conv2d", lambda: seq((3, 8, 7), L.Conv2D(4, 3, data_format="channels_first",
                                                                        strides=2, padding="same"),
                                                    L.BatchNormalization(axis=1),
                                                    L.MaxPooling2D(2, data_format="channels_first"),
                                                    L.Flatten(), L.Dense(2)), (3, 8, 7), "jax"),
    "conv2d_residual": ("conv2d", lambda: functional(residual_conv), (9, 9, 3), "tensorflow"),
    "conv2d_spatial_dropout_flatten": ("conv2d", lambda: seq((6, 6, 2), L.Conv2D(3, 3, activation="elu"),
                                                             L.SpatialDropout2D(0.2), L.Flatten(), L.Dense(4)),
                                       (6, 6, 2), "tensorflow"),
    "conv2d_channels_first_transpose": ("conv2d", lambda: seq((2, 4, 4), L.Conv2DTranspose(
        3, 3, strides=2, data_format="channels_first"), L.GlobalAveragePooling2D(data_format="channels_first")),
                                        (2, 4, 4), "jax"),
    # 3-D convolutions
    "conv3d_basic": ("conv3d", lambda: seq((5, 6, 4, 2), L.Conv3D(3, (2, 3, 2), strides=(1, 2, 1), padding="same"),
                                           L.MaxPooling3D(2, padding="same"), L.GlobalAveragePooling3D()),
                     (5, 6, 4, 2), "tensorflow"),
    "conv3d_dilated_pool": ("conv3d", lambda: seq((7, 6, 6, 1), L.Conv3D(2, 2, dilation_rate=2),
                                                  L.AveragePooling3D((1, 2, 2)), L.Flatten()),
                            (7, 6, 6, 1), "tensorflow"),
    "conv3d_spatial_dropout": ("conv3d", lambda: seq((4, 4, 4, 3), L.Conv3D(4, 3, padding="same",
                                                                            activation="relu"),
                                                     L.SpatialDropout3D(0.3), L.GlobalMaxPooling3D()),
                               (4, 4, 4, 3), "tensorflow"),
    "conv3d_channels_first": ("conv3d", lambda: seq((2, 5, 6, 6), L.Conv3D(3, (2, 3, 3), strides=(1, 2, 2),
                                                                          padding="same", data_format="channels_first"),
                                                      L.MaxPooling3D((1, 2, 2), data_format="channels_first"),
                                                      L.GlobalAveragePooling3D(data_format="channels_first")),
                              (2, 5, 6, 6), "jax"),
    "conv3d_strided_flatten": ("conv3d", lambda: seq((5, 7, 7, 2), L.Conv3D(4, 3, strides=2, activation="tanh"),
                                                     L.Flatten(), L.Dense(3)), (5, 7, 7, 2), "tensorflow"),
    "conv3d_video_classifier": ("conv3d", lambda: seq((6, 8, 8, 3), L.Conv3D(4, (1, 3, 3), padding="same",
                                                                             activation="relu"),
                                                      L.MaxPooling3D((1, 2, 2)), L.Conv3D(6, (3, 1, 1)),
                                                      L.BatchNormalization(), L.GlobalAveragePooling3D(),
                                                      L.Dense(3, activation="softmax")), (6, 8, 8, 3), "tensorflow"),
    "conv3d_regularized_no_bias": ("conv3d", lambda: seq((4, 5, 5, 2), L.Conv3D(
        3, 2, use_bias=False, kernel_regularizer="l2", activity_regularizer=keras.regularizers.L1(0.01)),
        L.AveragePooling3D(2, padding="same"), L.Flatten()), (4, 5, 5, 2), "tensorflow"),
    "conv3d_residual": ("conv3d", lambda: functional(conv3d_residual), (4, 6, 6, 2), "tensorflow"),
    "conv3d_anisotropic_dilated": ("conv3d", lambda: seq((6, 7, 5, 2), L.Conv3D(3, (3, 1, 2), dilation_rate=(1, 2, 1),
                                                                                padding="same", activation="elu"),
                                                         L.SpatialDropout3D(0.2), L.Dropout(0.1),
                                                         L.Conv3D(2, 2), L.GlobalMaxPooling3D()),
                                   (6, 7, 5, 2), "tensorflow"),
    "conv3d_channels_first_pool": ("conv3d", lambda: seq((3, 4, 6, 5), L.AveragePooling3D(
        (2, 2, 1), data_format="channels_first"), L.Conv3D(2, 2, data_format="channels_first", activation="sigmoid"),
        L.Flatten()), (3, 4, 6, 5), "jax"),
    # recurrent
    "rnn_lstm_seq_backwards": ("rnn", lambda: seq((6, 3), L.LSTM(4, return_sequences=True, go_backwards=True),
                                                  L.SimpleRNN(3, activation="relu")), (6, 3), "tensorflow"),
    "rnn_gru_reset_before": ("rnn", lambda: seq((5, 4), L.GRU(3, reset_after=False, return_sequences=True),
                                                L.GRU(2, recurrent_activation="hard_sigmoid")), (5, 4),
                             "tensorflow"),
    "rnn_return_state": ("rnn", lambda: functional(return_state_lstm), (6, 3), "tensorflow"),
    "rnn_embedding_masked": ("rnn", lambda: seq((7,), L.Embedding(20, 4, mask_zero=True),
                                                L.LSTM(5, return_sequences=True), L.Dense(3),
                                                L.GRU(2), dtype="int32"), tokens((7,)), "tensorflow"),
    "rnn_bi_concat_masked": ("rnn", lambda: functional(bi_masked("concat")), tokens((7,)), "tensorflow"),
    "rnn_bi_sum_masked": ("rnn", lambda: functional(bi_masked("sum")), tokens((7,)), "tensorflow"),
    "rnn_bi_ave_masked": ("rnn", lambda: functional(bi_masked("ave")), tokens((7,)), "tensorflow"),
    "rnn_bi_mul_masked": ("rnn", lambda: functional(bi_masked("mul")), tokens((7,)), "tensorflow"),
    "rnn_bi_none_masked": ("rnn", lambda: functional(bi_masked(None)), tokens((7,)), "tensorflow"),
    "rnn_masking_layer": ("rnn", lambda: seq((6, 3), L.Masking(0.0), L.SimpleRNN(4, return_sequences=True),
                                             L.TimeDistributed(L.Dense(2)), L.LSTM(2, unroll=True)), (6, 3),
                          "tensorflow"),
    "rnn_bi_lstm_backwards": ("rnn", lambda: seq((5, 2), L.Bidirectional(
        L.LSTM(3, return_sequences=True), backward_layer=L.LSTM(3, go_backwards=True, return_sequences=True)),
                                                 L.GlobalAveragePooling1D()), (5, 2), "tensorflow"),
    "rnn_activations": ("rnn", lambda: seq((5, 3), L.LSTM(3, activation="relu", recurrent_activation="sigmoid",
                                                          return_sequences=True, use_bias=False),
                                           L.GRU(3, activation="softsign", recurrent_activation="tanh")), (5, 3),
                        "tensorflow"),
    # normalization and attention
    "norm_layer_axes": ("norm", lambda: seq((4, 6), L.LayerNormalization(axis=[1, 2]), L.Dense(3),
                                            L.LayerNormalization(scale=False, epsilon=1e-2)), (4, 6), "tensorflow"),
    "norm_group": ("norm", lambda: seq((5, 6), L.GroupNormalization(groups=3), L.Conv1D(4, 2),
                                       L.GroupNormalization(groups=-1)), (5, 6), "tensorflow"),
    "norm_batch_axis": ("norm", lambda: seq((4, 3, 2), L.BatchNormalization(axis=2, center=False),
                                            L.BatchNormalization(axis=-1, scale=False)), (4, 3, 2), "tensorflow"),
    "norm_batch_conv2d": ("norm", lambda: seq((6, 6, 3), L.Conv2D(4, 3, use_bias=False),
                                              L.BatchNormalization(momentum=0.9, epsilon=1e-5), L.ReLU(),
                                              L.GlobalAveragePooling2D()), (6, 6, 3), "tensorflow"),
    "norm_group_conv2d": ("norm", lambda: seq((5, 5, 4), L.Conv2D(6, 2, padding="same"),
                                              L.GroupNormalization(groups=2, epsilon=1e-4), L.Activation("swish"),
                                              L.Flatten()), (5, 5, 4), "tensorflow"),
    "norm_group_axis1": ("norm", lambda: seq((6, 4), L.GroupNormalization(groups=3, axis=1, center=False),
                                             L.Dense(3)), (6, 4), "tensorflow"),
    "norm_unit_3d": ("norm", lambda: seq((3, 5), L.Dense(4), L.UnitNormalization(), L.Dense(2)), (3, 5),
                     "tensorflow"),
    "norm_batch_channels_first": ("norm", lambda: seq((3, 8), L.Conv1D(4, 3, data_format="channels_first"),
                                                      L.BatchNormalization(axis=1, center=False),
                                                      L.Flatten()), (3, 8), "jax"),
    "norm_transformer_ffn": ("norm", lambda: functional(norm_transformer_ffn), (5, 6), "tensorflow"),
    "norm_batch_dense": ("norm", lambda: seq((7,), L.Dense(6), L.BatchNormalization(scale=False), L.Dense(5),
                                             L.BatchNormalization(epsilon=0.01), L.Dense(2)), (7,), "tensorflow"),
    "attn_mha_cross_key": ("attention", lambda: functional(mha_cross_key), [(4, 6), (7, 5)], "tensorflow"),
    "attn_mha_gate_mask": ("attention", lambda: functional(mha_gate_attention_mask), [(5, 4), mask_input((5, 5))],
                           "tensorflow"),
    "attn_mha_sliding_window": ("attention", lambda: functional(mha_sliding_window), (8, 4), "tensorflow"),
    "attn_transformer_block": ("attention", lambda: functional(transformer_block), tokens((7,)), "tensorflow"),
    "attn_additive_causal_masked": ("attention", lambda: functional(additive_self_masked), tokens((6,)),
                                    "tensorflow"),
    "attn_mha_masked_causal": ("attention", lambda: functional(mha_masked), tokens((5,)), "tensorflow"),
    "attn_mha_axes": ("attention", lambda: functional(lambda: (lambda i: (i, L.MultiHeadAttention(
        2, 3, attention_axes=(2,))(i, i)))(keras.Input((3, 4, 5)))), (3, 4, 5), "tensorflow"),
    "attn_dot_scale": ("attention", lambda: functional(attention_pair("dot")), [(4, 6), (5, 6)], "tensorflow"),
    "attn_concat_scale": ("attention", lambda: functional(attention_pair("concat")), [(4, 6), (5, 6)],
                          "tensorflow"),
    "attn_additive": ("attention", lambda: functional(lambda: (lambda q, v: ([q, v], L.AdditiveAttention(
        use_scale=False)([q, v, v])))(keras.Input((3, 4)), keras.Input((6, 4)))), [(3, 4), (6, 4)], "tensorflow"),
}


def randomize(model, rng):
    for layer in model.layers:
        new = []
        for w in layer.weights:
            shape = tuple(w.shape)
            if "moving_variance" in w.path:
                new.append(rng.uniform(0.5, 1.5, shape))
            elif w.dtype.startswith("int"):
                new.append(np.asarray(w.numpy()))
            else:
                new.append(rng.normal(0.0, 0.4, shape))
        if new:
            layer.set_weights([np.asarray(a, dtype=w.dtype) for a, w in zip(new, layer.weights)])


def make(name, out, models=None):
    family, factory, spec, backend = (models or MODELS)[name]
    keras.utils.set_random_seed(7)
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    model = factory()
    randomize(model, rng)
    specs = spec if isinstance(spec, list) else [spec]
    xs = [s(rng) if callable(s) else rng.normal(0.0, 1.0, (3,) + s).astype("float32") for s in specs]
    # dict inputs take the arrays in Keras' sorted name order, as dropout4j lists them
    feed = (dict(zip(sorted(model.input), xs)) if not isinstance(model, keras.Sequential)
            and isinstance(model.input, dict) else xs if len(xs) > 1 else xs[0])
    y = model.predict(feed, verbose=0)
    ys = [y[k] for k in sorted(y)] if isinstance(y, dict) else y if isinstance(y, list) else [y]
    model.save(os.path.join(out, name + ".keras"))
    model.save(os.path.join(out, name + ".h5"))
    for k, x in enumerate(xs):
        np.save(os.path.join(out, name + (".x.npy" if k == 0 else ".x%d.npy" % k)), x)
    for k, y in enumerate(ys):  # one file per output: NAME.y.npy, NAME.y1.npy, ...
        np.save(os.path.join(out, name + (".y.npy" if k == 0 else ".y%d.npy" % k)), np.asarray(y, dtype="float32"))
    return family


def main(models=None, default_out=OUT, script=__file__):
    """Makes the models of `models` (default: this sweep's) into --out; `script` is the generator run again for
    the models of the other backend."""
    models = models or MODELS
    p = argparse.ArgumentParser()
    p.add_argument("--out", default=default_out)
    p.add_argument("--only", default="")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    prefixes = a.only.split(",")
    names = [n for n in models if any(n.startswith(p) for p in prefixes) or (a.child and n in prefixes)]
    backend = keras.backend.backend()
    rows = []
    for n in names:
        if models[n][3] != backend:
            continue
        try:
            rows.append((n, make(n, a.out, models), backend))
            print("made", n, flush=True)
        except Exception as e:  # a model Keras itself cannot build or save is reported, not written
            print("KERAS FAILED", n, type(e).__name__, str(e)[:300], flush=True)
    if a.child:
        for r in rows:
            print("ROW\t" + "\t".join(r))
        return
    others = [n for n in names if models[n][3] != backend]
    if others:
        env = dict(os.environ, KERAS_BACKEND="jax")
        res = subprocess.run([sys.executable, script, "--out", a.out, "--child", "--only", ",".join(others)],
                             env=env, capture_output=True, text=True, check=True)
        for line in res.stdout.splitlines():
            if line.startswith("ROW\t"):
                rows.append(tuple(line.split("\t")[1:]))
            else:
                print(line)
    manifest = os.path.join(a.out, "MANIFEST.tsv")
    if a.only and os.path.exists(manifest):  # keep the rows of the models not made this time
        made = {r[0] for r in rows}
        with open(manifest) as f:
            rows += [tuple(line.rstrip("\n").split("\t")) for line in f
                     if not line.startswith("#") and line.strip() and line.split("\t")[0] not in made]
    order = {n: i for i, n in enumerate(models)}
    rows.sort(key=lambda r: order.get(r[0], len(order)))
    with open(manifest, "w") as f:
        f.write("# name\tfamily\tbackend (written by tools/golden/%s)\n" % os.path.basename(script))
        for r in rows:
            f.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
