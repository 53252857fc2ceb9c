#!/usr/bin/env python3
"""Models nobody here had tried: a second sweep, of Keras 3 models as users bring them, outside what
make_sweep_models.py and realistic_models.py cover (squeeze-excitation blocks with a broadcast Multiply,
Concatenate on the time axis, three-way merges, Dot over sequence axes, TimeDistributed over a nested model and over
Conv2D, Bidirectional GRU with reset_after and a backwards GRU with return_state, RepeatVector seq2seq, a masked
tagger, dict inputs and outputs, a nested two-input functional model called twice, a hidden layer as a second
output, a shared Sequential encoder, padding="same" pooling and even kernels with strides, dilated
Conv2DTranspose, odd bilinear upsampling, Reshape(-1)/Permute chains, Dense on rank-4 input, and layers dropout4j
refuses: preprocessing and augmentation layers, Identity, ActivityRegularization, float64 policies,
LayerNormalization(rms_scaling=True), Conv1DTranspose, the 3-D padding family, return_attention_scores).

Run from the repository root with a Python that has keras 3.15, tensorflow, jax and h5py:

    python tools/golden/make_unseen_models.py [--out DIR] [--only NAME_PREFIX[,NAME_PREFIX...]]

Writes the same files as make_sweep_models.py (NAME.keras, NAME.h5, NAME.x.npy, NAME.x1.npy..., NAME.y.npy,
NAME.y1.npy... one per output, MANIFEST.tsv) with the same random weights and inputs. Default DIR:
dropout4j-io/src/test/resources/unseen.
"""
import os

from golden_env import REPO  # noqa: E402  (first: it sets the TensorFlow environment)

import keras  # noqa: E402
import numpy as np  # noqa: E402

import make_sweep_models as sweep  # noqa: E402

L = keras.layers
OUT = os.path.join(REPO, "dropout4j-io", "src", "test", "resources", "unseen")
seq, tokens, functional = sweep.seq, sweep.tokens, sweep.functional


def se_block():
    """A squeeze-and-excitation block: the channel weights (1, 1, C) broadcast over the feature map."""
    i = keras.Input((6, 6, 4))
    x = L.Conv2D(8, 3, padding="same", activation="relu")(i)
    s = L.Dense(2, activation="relu")(L.GlobalAveragePooling2D()(x))
    s = L.Reshape((1, 1, 8))(L.Dense(8, activation="sigmoid")(s))
    return i, L.GlobalMaxPooling2D()(L.Multiply()([x, s]))


def concat_axis1():
    a = keras.Input((3, 4))
    b = keras.Input((5, 4))
    c = L.Concatenate(axis=1)([a, b])
    d = L.Concatenate(axis=-2)([c, L.Dense(4)(a)])
    return [a, b], L.LSTM(3)(d)


def merges_three():
    a = keras.Input((5,))
    b = keras.Input((5,))
    c = L.Dense(5)(a)
    total = L.Add()([a, b, c])
    product = L.Multiply()([a, b, c])
    parts = [L.Subtract()([total, product]), L.Average()([a, b, c]), L.Maximum()([a, b, c]), L.Minimum()([a, c])]
    return [a, b], L.Concatenate()(parts)


def dot_seq():
    q = keras.Input((4, 6))
    v = keras.Input((5, 6))
    weights = L.Softmax()(L.Dot(axes=(2, 2))([q, v]))  # (4, 5)
    context = L.Dot(axes=(2, 1))([weights, v])  # (4, 6)
    cosine = L.Dot(axes=1, normalize=True)([L.Flatten()(q), L.Dense(24)(L.Flatten()(v))])
    return [q, v], L.Concatenate()([L.Flatten()(context), cosine])


def td_nested():
    inner = keras.Sequential([keras.Input((3,)), L.Dense(5, activation="relu"), L.Dense(2)], name="inner")
    i = keras.Input((4, 3))
    return i, L.TimeDistributed(inner)(i)


def td_conv2d():
    i = keras.Input((3, 6, 6, 2))
    x = L.TimeDistributed(L.Conv2D(3, 3, strides=2, padding="same"))(i)
    x = L.TimeDistributed(L.GlobalAveragePooling2D())(x)
    return i, L.GRU(4)(x)


def bi_gru_reset_after():
    i = keras.Input((6, 3))
    x = L.Bidirectional(L.GRU(4, return_sequences=True))(i)
    y, h = L.GRU(3, go_backwards=True, return_state=True)(x)
    return i, L.Concatenate()([y, h])


def seq2seq_repeat():
    i = keras.Input((5, 2))
    r = L.RepeatVector(4)(L.LSTM(6)(i))
    return i, L.TimeDistributed(L.Dense(2))(L.LSTM(6, return_sequences=True)(r))


def tagger_masked():
    i = keras.Input((7,), dtype="int32")
    x = L.Bidirectional(L.LSTM(4, return_sequences=True))(L.Embedding(20, 5, mask_zero=True)(i))
    return i, L.TimeDistributed(L.Dense(3, activation="softmax"))(x)


def attention_scores():
    a = keras.Input((5,), dtype="int32")
    e = L.Embedding(20, 6, mask_zero=True)(a)
    out, scores = L.Attention()([e, L.Dense(6)(e)], return_attention_scores=True)
    return a, L.Concatenate()([L.GlobalAveragePooling1D()(out), L.Flatten()(scores)])


def mha_scores():
    x = keras.Input((4, 6))
    out, scores = L.MultiHeadAttention(2, 3)(x, x, return_attention_scores=True)
    return x, L.Concatenate()([L.Flatten()(out), L.Flatten()(scores)])


def multi_io_dict():
    a = keras.Input((4,), name="tabular")
    b = keras.Input((6, 3), name="series")
    h = L.Concatenate()([L.Dense(5, activation="relu")(a), L.GRU(5)(b)])
    return ({"tabular": a, "series": b},
            {"score": L.Dense(1, name="score")(h), "klass": L.Dense(3, activation="softmax", name="klass")(h)})


def nested_functional_two_in():
    x1 = keras.Input((4,))
    x2 = keras.Input((4,))
    inner = keras.Model([x1, x2], L.Add()([L.Dense(3)(x1), L.Dense(3)(x2)]), name="pair")
    a = keras.Input((4,))
    b = keras.Input((4,))
    return [a, b], L.Subtract()([inner([a, b]), inner([b, a])])


def hidden_as_output():
    i = keras.Input((5,))
    h = L.Dense(4, activation="tanh")(i)
    return i, [L.Dense(2)(h), h]


def shared_sequential():
    enc = keras.Sequential([keras.Input((6,)), L.Dense(4, activation="relu"), L.BatchNormalization(), L.Dense(3)])
    a = keras.Input((6,))
    b = keras.Input((6,))
    return [a, b], L.Dot(axes=1)([enc(a), enc(b)])


def simple_rnn_state():
    i = keras.Input((5, 2))
    return i, L.Concatenate()(list(L.SimpleRNN(3, return_state=True, go_backwards=True)(i)))


def var_len_lstm():
    """Sequences of any length (Input shape (None, 3)) through Masking."""
    i = keras.Input((None, 3))
    return i, L.Dense(2)(L.LSTM(4)(L.Masking()(i)))


def fcn_none_hw():
    i = keras.Input((None, None, 3))
    return i, L.Dense(2)(L.GlobalAveragePooling2D()(L.Conv2D(4, 3, padding="same", activation="relu")(i)))


def conv1d_var_tokens():
    i = keras.Input((None,), dtype="int32")
    return i, L.GlobalMaxPooling1D()(L.Conv1D(3, 3, padding="same")(L.Embedding(20, 4)(i)))


def text_avg_masked():
    i = keras.Input((7,), dtype="int32")
    return i, L.Dense(1, activation="sigmoid")(L.GlobalAveragePooling1D()(L.Embedding(20, 4, mask_zero=True)(i)))


def lambda_layer():
    i = keras.Input((4,))
    return i, L.Lambda(lambda t: t * 2.0)(L.Dense(3)(i))


def ops_expand_dims():
    i = keras.Input((4,))
    return i, L.Flatten()(keras.ops.expand_dims(L.Dense(6)(i), 1))


def normalization_adapted():
    n = L.Normalization()
    n.adapt(np.random.default_rng(0).normal(3.0, 2.0, (50, 4)).astype("float32"))
    i = keras.Input((4,))
    return i, L.Dense(2)(n(i))


def mixed_float16():
    keras.mixed_precision.set_global_policy("mixed_float16")
    try:
        return seq((5,), L.Dense(4, activation="relu"), L.Dense(2, dtype="float32"))
    finally:
        keras.mixed_precision.set_global_policy("float32")


def fixed_batch():
    i = keras.Input(batch_shape=(3, 5))
    return i, L.Dense(2)(i)


TF = "tensorflow"
# name -> (family, model factory, input shape(s) or token maker, backend)
MODELS = {
    "se_block": ("graph", lambda: functional(se_block), (6, 6, 4), TF),
    "concat_axis1": ("graph", lambda: functional(concat_axis1), [(3, 4), (5, 4)], TF),
    "merges_three": ("graph", lambda: functional(merges_three), [(5,), (5,)], TF),
    "dot_seq": ("graph", lambda: functional(dot_seq), [(4, 6), (5, 6)], TF),
    "td_nested": ("graph", lambda: functional(td_nested), (4, 3), TF),
    "td_conv2d": ("graph", lambda: functional(td_conv2d), (3, 6, 6, 2), TF),
    "bi_gru_reset_after": ("rnn", lambda: functional(bi_gru_reset_after), (6, 3), TF),
    "seq2seq_repeat": ("rnn", lambda: functional(seq2seq_repeat), (5, 2), TF),
    "tagger_masked": ("rnn", lambda: functional(tagger_masked), tokens((7,)), TF),
    "simple_rnn_state": ("rnn", lambda: functional(simple_rnn_state), (5, 2), TF),
    "attention_scores": ("attention", lambda: functional(attention_scores), tokens((5,)), TF),
    "mha_scores": ("attention", lambda: functional(mha_scores), (4, 6), TF),
    "multi_io_dict": ("graph", lambda: functional(multi_io_dict), [(6, 3), (4,)], TF),
    "nested_functional_two_in": ("graph", lambda: functional(nested_functional_two_in), [(4,), (4,)], TF),
    "hidden_as_output": ("graph", lambda: functional(hidden_as_output), (5,), TF),
    "shared_sequential": ("graph", lambda: functional(shared_sequential), [(6,), (6,)], TF),
    "pool_same": ("conv", lambda: seq((7, 7, 2), L.AveragePooling2D(3, strides=2, padding="same"),
                                      L.MaxPooling2D((3, 2), strides=(1, 2), padding="same"),
                                      L.AveragePooling2D((2, 2), strides=1, padding="same"), L.Flatten()),
                  (7, 7, 2), TF),
    "pool1d_same": ("conv", lambda: seq((8, 3), L.AveragePooling1D(3, strides=1, padding="same"),
                                        L.MaxPooling1D(3, strides=2, padding="same"),
                                        L.GlobalAveragePooling1D(keepdims=True), L.Flatten()), (8, 3), TF),
    "conv_even_same": ("conv", lambda: seq((8, 7, 3), L.Conv2D(4, 4, strides=2, padding="same"),
                                           L.Conv2D(3, (2, 4), strides=(1, 3), padding="same"),
                                           L.DepthwiseConv2D(3, depth_multiplier=3, dilation_rate=2,
                                                             padding="same"),
                                           L.SeparableConv2D(2, 2, strides=2, padding="same"), L.Flatten()),
                       (8, 7, 3), TF),
    "conv1d_even_same": ("conv", lambda: seq((9, 2), L.Conv1D(3, 4, strides=2, padding="same"),
                                             L.Conv1D(2, 2, padding="same")), (9, 2), TF),
    # TensorFlow's CPU kernel refuses a dilated transposed convolution: JAX computes it
    "conv2dt_dilated": ("conv", lambda: seq((5, 5, 2), L.Conv2DTranspose(3, 3, dilation_rate=2, padding="same"),
                                            L.Conv2DTranspose(2, 3, strides=2, output_padding=1)), (5, 5, 2),
                        "jax"),
    "upsample_bilinear_odd": ("conv", lambda: seq((3, 4, 2), L.UpSampling2D((3, 2), interpolation="bilinear"),
                                                  L.UpSampling2D((2, 3)), L.Cropping2D((1, 2)),
                                                  L.ZeroPadding2D(1)), (3, 4, 2), TF),
    "reshape_permute": ("shape", lambda: seq((4, 6), L.Reshape((2, -1, 3)), L.Permute((3, 1, 2)), L.Flatten(),
                                             L.Dense(6), L.Reshape((3, 2)), L.Permute((2, 1)), L.Dense(2)),
                        (4, 6), TF),
    "dense_4d": ("shape", lambda: seq((3, 4, 5), L.Dense(3, activation="relu"), L.LayerNormalization(axis=(1, 3)),
                                      L.BatchNormalization(axis=1), L.Flatten()), (3, 4, 5), TF),
    "embedding_flatten": ("shape", lambda: seq((6,), L.Embedding(30, 4), L.Flatten(),
                                               L.Dense(3, activation="softmax"), dtype="int32"),
                          tokens((6,), 30), TF),
    "softmax_act_axis": ("shape", lambda: seq((3, 4), L.Dense(4), L.Activation("softmax"), L.Softmax(axis=-2),
                                              L.Activation("relu6")), (3, 4), TF),
    "rescaling_cnn": ("preprocessing", lambda: seq((6, 6, 3), L.Rescaling(1. / 255, offset=-0.5), L.Conv2D(3, 3),
                                                   L.Flatten(), L.Dense(2)), (6, 6, 3), TF),
    # per-channel factors: a list in one layer, a NumPy array (serialized as "__numpy__") in the other
    "rescaling_per_channel": ("preprocessing", lambda: seq((4, 4, 3), L.Rescaling([1 / 58.4, 1 / 57.1, 1 / 57.4],
                                                                                  offset=[-2.1, -2.0, -1.8]),
                                                           L.Rescaling(np.array([2.0, 0.5, 1.0], "float32")),
                                                           L.Conv2D(2, 2), L.GlobalAveragePooling2D()), (4, 4, 3), TF),
    "var_len_lstm": ("shape", lambda: functional(var_len_lstm), (6, 3), TF),
    "fcn_none_hw": ("shape", lambda: functional(fcn_none_hw), (5, 7, 3), TF),
    "conv1d_var_tokens": ("shape", lambda: functional(conv1d_var_tokens), tokens((8,)), TF),
    "text_avg_masked": ("rnn", lambda: functional(text_avg_masked), tokens((7,)), TF),
    "fixed_batch": ("shape", lambda: functional(fixed_batch), (5,), TF),
    "lstm_unroll_nobias_recdrop": ("rnn", lambda: seq((5, 3), L.LSTM(4, unroll=True, use_bias=False,
                                                              recurrent_dropout=0.2, return_sequences=True),
                                                       L.Bidirectional(L.GRU(2, reset_after=False)), L.Dense(1)),
                                   (5, 3), TF),
    "maxpool_channels_first": ("conv", lambda: seq((2, 6, 6), L.MaxPooling2D(2, data_format="channels_first"),
                                                   L.AveragePooling2D(2, padding="same",
                                                                      data_format="channels_first"), L.Flatten()),
                               (2, 6, 6), "jax"),
    # layers and options dropout4j refuses (KNOWN.tsv)
    "lambda_layer": ("refused", lambda: functional(lambda_layer), (4,), TF),
    "ops_expand_dims": ("refused", lambda: functional(ops_expand_dims), (4,), TF),
    "normalization_adapted": ("refused", lambda: functional(normalization_adapted), (4,), TF),
    "mixed_float16": ("refused", mixed_float16, (5,), TF),
    "center_crop_resize": ("refused", lambda: seq((8, 8, 3), L.CenterCrop(6, 6), L.Resizing(4, 4), L.Conv2D(2, 3)),
                           (8, 8, 3), TF),
    "layernorm_rms": ("refused", lambda: seq((4, 6), L.LayerNormalization(rms_scaling=True), L.Dense(3),
                                             L.LayerNormalization(center=False, scale=False)), (4, 6), TF),
    "augment_cnn": ("refused", lambda: seq((6, 6, 3), L.RandomFlip("horizontal"), L.RandomRotation(0.1),
                                           L.Conv2D(3, 3), L.GlobalAveragePooling2D()), (6, 6, 3), TF),
    "identity_actreg": ("refused", lambda: seq((5,), L.Dense(4), L.Identity(), L.ActivityRegularization(l1=0.01),
                                               L.Dense(2)), (5,), TF),
    "float64": ("refused", lambda: seq((5,), L.Dense(4, activation="tanh", dtype="float64"),
                                       L.Dense(2, dtype="float64")), (5,), TF),
    "conv1d_transpose": ("refused", lambda: seq((6, 2), L.Conv1DTranspose(3, 3, strides=2)), (6, 2), TF),
    "pad3d": ("refused", lambda: seq((3, 4, 4, 2), L.ZeroPadding3D(1), L.Cropping3D(1), L.UpSampling3D(2),
                                     L.Conv3D(2, 2)), (3, 4, 4, 2), TF),
}

if __name__ == "__main__":
    sweep.main(MODELS, OUT, __file__)
