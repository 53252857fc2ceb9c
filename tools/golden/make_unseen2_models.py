#!/usr/bin/env python3
"""A third sweep of models nobody here had tried, away from what make_sweep_models.py, make_unseen_models.py and
realistic_models.py cover: models as the Keras tutorials write them (text classification with Conv1D or averaged
embeddings, stacked bidirectional LSTMs on variable-length reviews, a Conv1D + LSTM forecaster, the fully
convolutional time series classifier, a pre-activation ResNet block, a U-Net with UpSampling2D, the transformer text
classifier with position embeddings, a Siamese image pair, a convolutional autoencoder, the MNIST convnet, structured
data with many named inputs, wide and deep), files saved after compile() only and after fit() with the optimizer's
state (Adam, SGD with Nesterov momentum, centered RMSprop, AdamW, Nadam, Adagrad, Adamax, Lion, Ftrl, a learning-rate
schedule; multi-output with different losses and loss weights), layer names with odd characters, nested Sequential
models two deep, use_bias=False and center=False everywhere, weight constraints, frozen layers and a frozen nested
model, explicit float32 dtype policies, initial states fed as model inputs, a mask that GlobalMaxPooling1D ignores,
an output listed twice and an input as an output; and the refusals a user meets (bfloat16 and float16 policies,
int8-quantized layers, stateful RNNs, ConvLSTM2D, registered custom layers, integer lookups).

Run from the repository root with a Python that has keras 3.15, tensorflow, jax and h5py:

    python tools/golden/make_unseen2_models.py [--out DIR] [--only NAME_PREFIX[,NAME_PREFIX...]]

Writes the same files as make_sweep_models.py (NAME.keras, NAME.h5, NAME.x.npy, NAME.x1.npy..., NAME.y.npy,
NAME.y1.npy... one per output, MANIFEST.tsv) with the same random weights and inputs; models marked "fit" are then
compiled and trained for one epoch on random data of the input's shape before Keras' prediction is recorded and the
files saved (the optimizer's variables are in both files). Default DIR: dropout4j-io/src/test/resources/unseen2.
"""
import os

from golden_env import REPO  # noqa: E402  (first: it sets the TensorFlow environment)

import keras  # noqa: E402
import numpy as np  # noqa: E402

import make_sweep_models as sweep  # noqa: E402

L = keras.layers
OUT = os.path.join(REPO, "dropout4j-io", "src", "test", "resources", "unseen2")
seq, tokens, functional = sweep.seq, sweep.tokens, sweep.functional

# model -> what to do after the random weights are set (compile, fit); looked up by the patched randomize below
AFTER = {}
_randomize = sweep.randomize


def _randomize_then(model, rng):
    _randomize(model, rng)
    hook = AFTER.pop(id(model), None)
    if hook is not None:
        hook(model, rng)


sweep.randomize = _randomize_then


def _fake_data(model, rng, n=12):
    xs = []
    for t in model.inputs:
        shape = (n,) + tuple(d if d is not None else 6 for d in t.shape[1:])
        if "int" in str(t.dtype):
            xs.append(rng.integers(1, 20, size=shape).astype("int32"))
        else:
            xs.append(rng.normal(0.0, 1.0, shape).astype("float32"))
    return xs if len(xs) > 1 else xs[0]


def trained(build, optimizer, loss="mse", fit=True, **compile_args):
    """build() -> model, compiled with `optimizer` and `loss` and (if fit) trained one epoch on random data."""
    def factory():
        model = build()

        def after(m, rng):
            m.compile(optimizer=optimizer() if callable(optimizer) else optimizer, loss=loss, **compile_args)
            if fit:
                ys = []
                for o in m.outputs:
                    shape = (12,) + tuple(o.shape[1:])
                    ys.append(rng.uniform(0.0, 1.0, shape).astype("float32"))
                if loss == "sparse_categorical_crossentropy":
                    ys = [rng.integers(0, o.shape[-1], size=(12,)).astype("int32") for o in m.outputs]
                if isinstance(loss, dict):
                    ys = {}
                    for o, name in zip(m.outputs, m.output_names):
                        if loss[name] == "sparse_categorical_crossentropy":
                            ys[name] = rng.integers(0, o.shape[-1], size=(12,)).astype("int32")
                        else:
                            ys[name] = rng.uniform(0.0, 1.0, (12,) + tuple(o.shape[1:])).astype("float32")
                m.fit(_fake_data(m, rng), ys if isinstance(ys, dict) or len(ys) > 1 else ys[0], epochs=1,
                      batch_size=4, verbose=0, shuffle=False)
        AFTER[id(model)] = after
        return model
    return factory


def dense_mlp():
    return seq((6,), L.Dense(8, activation="relu"), L.BatchNormalization(), L.Dropout(0.2), L.Dense(3))


# --- tutorials ---

def text_cnn():
    """keras.io text_classification_from_scratch: Conv1D with strides over embeddings, global max pooling."""
    i = keras.Input((24,), dtype="int64")
    x = L.Dropout(0.5)(L.Embedding(30, 8)(i))
    x = L.Conv1D(8, 7, padding="valid", activation="relu", strides=3)(x)
    x = L.Conv1D(8, 3, padding="valid", activation="relu", strides=1)(x)
    x = L.Dropout(0.5)(L.Dense(8, activation="relu")(L.GlobalMaxPooling1D()(x)))
    return i, L.Dense(1, activation="sigmoid", name="predictions")(x)


def imdb_bilstm_var_len():
    """keras.io bidirectional_lstm_imdb: variable-length int input, two stacked bidirectional LSTMs."""
    i = keras.Input(shape=(None,), dtype="int32")
    x = L.Embedding(20, 8)(i)
    x = L.Bidirectional(L.LSTM(6, return_sequences=True))(x)
    x = L.Bidirectional(L.LSTM(6))(x)
    return i, L.Dense(1, activation="sigmoid")(x)


def timeseries_fcn():
    """keras.io timeseries_classification_from_scratch: three Conv1D-BN-ReLU blocks, GAP, softmax."""
    i = keras.Input((16, 1))
    x = i
    for _ in range(3):
        x = L.ReLU()(L.BatchNormalization()(L.Conv1D(6, 3, padding="same")(x)))
    return i, L.Dense(2, activation="softmax")(L.GlobalAveragePooling1D()(x))


def resnet_preact():
    """A pre-activation ResNet block (BN-ReLU-Conv twice), an identity and a projected shortcut."""
    i = keras.Input((8, 8, 3))
    x = L.Conv2D(4, 3, padding="same")(i)
    for filters, stride in ((4, 1), (6, 2)):
        y = L.Activation("relu")(L.BatchNormalization()(x))
        shortcut = x if stride == 1 and filters == x.shape[-1] else L.Conv2D(filters, 1, strides=stride)(y)
        y = L.Conv2D(filters, 3, strides=stride, padding="same")(y)
        y = L.Conv2D(filters, 3, padding="same")(L.Activation("relu")(L.BatchNormalization()(y)))
        x = L.Add()([shortcut, y])
    return i, L.Dense(3)(L.GlobalAveragePooling2D()(L.Activation("relu")(x)))


def unet_upsampling():
    """A three-level U-Net: MaxPooling2D down, UpSampling2D + Conv2D up, skips concatenated, sigmoid mask."""
    i = keras.Input((8, 8, 1))
    c1 = L.Conv2D(4, 3, padding="same", activation="relu")(i)
    c2 = L.Conv2D(6, 3, padding="same", activation="relu")(L.MaxPooling2D()(c1))
    c3 = L.Conv2D(8, 3, padding="same", activation="relu")(L.MaxPooling2D()(c2))
    u2 = L.Concatenate()([L.Conv2D(6, 2, padding="same")(L.UpSampling2D()(c3)), c2])
    u2 = L.Conv2D(6, 3, padding="same", activation="relu")(u2)
    u1 = L.Concatenate(axis=-1)([c1, L.UpSampling2D(size=(2, 2))(u2)])
    return i, L.Conv2D(1, 1, activation="sigmoid")(L.Conv2D(4, 3, padding="same", activation="relu")(u1))


def transformer_positions():
    """keras.io text_classification_with_transformer, Lambda-free: token and position ids as two inputs."""
    ids = keras.Input((6,), dtype="int32", name="tokens")
    pos = keras.Input((6,), dtype="int32", name="positions")
    x = L.Add()([L.Embedding(20, 8)(ids), L.Embedding(6, 8)(pos)])
    a = L.Dropout(0.1)(L.MultiHeadAttention(num_heads=2, key_dim=8)(x, x))
    x = L.LayerNormalization(epsilon=1e-6)(L.Add()([x, a]))
    f = L.Dropout(0.1)(L.Dense(8)(L.Dense(16, activation="relu")(x)))
    x = L.LayerNormalization(epsilon=1e-6)(L.Add()([x, f]))
    x = L.Dropout(0.1)(L.Dense(6, activation="relu")(L.Dropout(0.1)(L.GlobalAveragePooling1D()(x))))
    return [ids, pos], L.Dense(2, activation="softmax")(x)


def siamese_images():
    """A Siamese pair of small images: one shared conv tower (a functional sub-model), squared difference, sigmoid."""
    t_in = keras.Input((8, 8, 1))
    t = L.Conv2D(4, 3, activation="tanh")(t_in)
    t = L.AveragePooling2D(2)(t)
    tower = keras.Model(t_in, L.Dense(5)(L.Flatten()(t)), name="tower")
    a = keras.Input((8, 8, 1))
    b = keras.Input((8, 8, 1))
    d = L.Subtract()([tower(a), tower(b)])
    return [a, b], L.Dense(1, activation="sigmoid")(L.BatchNormalization()(L.Multiply()([d, d])))


def conv_autoencoder():
    """keras.io autoencoder: strided Conv2D down, Conv2DTranspose up, sigmoid reconstruction."""
    i = keras.Input((8, 8, 1))
    x = L.Conv2D(4, 3, activation="relu", padding="same", strides=2)(i)
    x = L.Conv2D(6, 3, activation="relu", padding="same", strides=2)(x)
    x = L.Conv2DTranspose(6, 3, strides=2, activation="relu", padding="same")(x)
    x = L.Conv2DTranspose(4, 3, strides=2, activation="relu", padding="same")(x)
    return i, L.Conv2D(1, 3, activation="sigmoid", padding="same")(x)


def structured_inputs():
    """keras.io structured_data: one named (1,) input per feature, concatenated."""
    names = ["age", "trestbps", "chol", "thalach", "oldpeak", "slope"]
    ins = [keras.Input((1,), name=n) for n in names]
    x = L.Dropout(0.3)(L.Dense(8, activation="relu")(L.Concatenate()(ins)))
    return ins, L.Dense(1, activation="sigmoid")(x)


def wide_deep():
    """Wide & deep: token embeddings flattened beside numeric features, a linear wide part added to the deep one."""
    tok = keras.Input((4,), dtype="int32", name="cat_ids")
    num = keras.Input((5,), name="numeric")
    deep = L.Dense(6, activation="relu")(L.Concatenate()([L.Flatten()(L.Embedding(12, 3)(tok)), num]))
    return [tok, num], L.Add()([L.Dense(1)(deep), L.Dense(1)(num)])


def multi_out_heads():
    i = keras.Input((7,), name="features")
    h = L.Dense(8, activation="relu")(i)
    return i, [L.Dense(1, name="score")(h), L.Dense(3, activation="softmax", name="klass")(h)]


def initial_states_as_inputs():
    """An LSTM and a GRU whose initial states are model inputs (a decoder step served on its own)."""
    x = keras.Input((5, 3))
    h0 = keras.Input((4,))
    c0 = keras.Input((4,))
    g0 = keras.Input((2,))
    s = L.LSTM(4, return_sequences=True)(x, initial_state=[h0, c0])
    return [x, h0, c0, g0], L.GRU(2)(s, initial_state=[g0])


def mask_then_max_pool():
    """Embedding(mask_zero) -> LSTM sequences -> GlobalMaxPooling1D, which takes the padded steps too in Keras 3."""
    i = keras.Input((7,), dtype="int32")
    x = L.LSTM(4, return_sequences=True)(L.Embedding(20, 4, mask_zero=True)(i))
    return i, L.Dense(2)(L.GlobalMaxPooling1D()(x))


def mask_into_conv1d():
    """A mask from Embedding(mask_zero) dropped by Conv1D, then a masked-again average over a second branch."""
    i = keras.Input((7,), dtype="int32")
    e = L.Embedding(20, 4, mask_zero=True)(i)
    c = L.GlobalAveragePooling1D()(L.Conv1D(3, 2, padding="same")(e))
    g = L.GlobalAveragePooling1D()(L.Dense(3)(e))
    return i, L.Concatenate()([c, g])


def odd_names():
    """Layer and input names with spaces, dots, dashes, colons, non-ASCII letters and brackets."""
    i = keras.Input((5,), name="input data.v2")
    x = L.Dense(4, activation="relu", name="dense 1")(i)
    x = L.BatchNormalization(name="bn.block-1")(x)
    y = L.Dense(4, name="ünïcödé_层")(x)
    z = L.Dense(4, name="a:b (c) [d]")(x)
    return i, L.Dense(2, name="out@v#2")(L.Add(name="add+merge")([y, z]))


def nested_sequential_deep():
    """A Sequential inside a Sequential inside a functional model, plus a functional head."""
    inner = keras.Sequential([keras.Input((6, 6, 2)), L.Conv2D(3, 3, activation="relu"), L.BatchNormalization()],
                             name="inner_block")
    outer = keras.Sequential([keras.Input((6, 6, 2)), inner, L.MaxPooling2D(), L.Flatten()], name="features")
    h_in = keras.Input((12,))
    head = keras.Model(h_in, L.Dense(2)(L.Dense(5, activation="relu")(h_in)), name="head")
    i = keras.Input((6, 6, 2))
    return i, head(outer(i))


def sequential_of_models():
    """A Sequential whose steps are a nested frozen Sequential and a functional head, as Keras 3 nests them."""
    inner = keras.Sequential([keras.Input((6,)), L.Dense(4), L.Dense(3)], name="inner")
    inner.trainable = False
    h_in = keras.Input((3,))
    head = keras.Model(h_in, L.Dense(2)(h_in), name="fhead")
    return keras.Sequential([keras.Input((6,)), L.Dense(6), inner, L.BatchNormalization(), head], name="outer")


def transfer_frozen_base():
    """The transfer-learning idiom: Sequential([base, GlobalAveragePooling2D(), Dense]) with base.trainable = False,
    the base a functional conv net whose BatchNormalization sits between convolutions (its legacy HDF5 weight order
    lists the trainable weights of all its layers before the moving statistics)."""
    b_in = keras.Input((8, 8, 3))
    x = L.Conv2D(4, 3, padding="same")(b_in)
    x = L.ReLU()(L.BatchNormalization()(x))
    base = keras.Model(b_in, L.Conv2D(5, 3, strides=2)(x), name="base")
    base.trainable = False
    return keras.Sequential([keras.Input((8, 8, 3)), base, L.GlobalAveragePooling2D(), L.Dropout(0.2),
                             L.Dense(3, activation="softmax")], name="classifier")


def fine_tuned_base():
    """A nested Sequential base that trains, BatchNormalization in the middle (legacy order differs from layer order)."""
    base = keras.Sequential([keras.Input((8, 8, 2)), L.Conv2D(3, 3), L.BatchNormalization(), L.Conv2D(4, 3),
                             L.BatchNormalization(), L.Flatten()], name="base_seq")
    i = keras.Input((8, 8, 2))
    return i, L.Dense(2)(base(i))


def no_bias_everywhere():
    i = keras.Input((6, 6, 2))
    x = L.Conv2D(4, 3, use_bias=False)(i)
    x = L.BatchNormalization(center=False)(x)
    x = L.DepthwiseConv2D(2, use_bias=False)(x)
    x = L.SeparableConv2D(3, 2, use_bias=False)(x)
    x = L.Reshape((4, 3))(x)
    x = L.Conv1D(3, 2, use_bias=False)(x)
    x = L.LSTM(3, use_bias=False, return_sequences=True)(x)
    x = L.GRU(3, use_bias=False)(x)
    return i, L.Dense(2, use_bias=False)(L.LayerNormalization(center=False)(x))


def constraints_everywhere():
    c = keras.constraints
    i = keras.Input((6,), dtype="int32")
    x = L.Embedding(20, 4, embeddings_constraint=c.UnitNorm())(i)
    x = L.Conv1D(4, 2, kernel_constraint=c.MaxNorm(1.5), bias_constraint=c.NonNeg())(x)
    x = L.LSTM(3, kernel_constraint=c.MinMaxNorm(0.5, 1.0, rate=0.5), recurrent_constraint=c.UnitNorm(axis=0),
               bias_constraint=c.MaxNorm(2.0))(x)
    return i, L.Dense(2, kernel_constraint=c.NonNeg(), bias_constraint=c.UnitNorm(axis=0))(x)


def frozen_parts():
    enc = keras.Sequential([keras.Input((6,)), L.Dense(5, activation="relu"), L.BatchNormalization()], name="enc")
    enc.trainable = False
    i = keras.Input((6,))
    x = enc(i)
    d = L.Dense(4, activation="tanh", trainable=False)
    return i, L.Dense(2)(L.BatchNormalization(trainable=False)(d(x)))


def explicit_float32_policy():
    p = keras.DTypePolicy("float32")
    return seq((5,), L.Dense(4, activation="relu", dtype=p), L.LayerNormalization(dtype="float32"),
               L.Dense(2, dtype=keras.DTypePolicy("float32")))


def output_twice_and_input_out():
    i = keras.Input((4,))
    y = L.Dense(3)(i)
    return i, [y, L.Activation("linear")(y), i]


def bfloat16_policy():
    keras.mixed_precision.set_global_policy("mixed_bfloat16")
    try:
        return seq((5,), L.Dense(4, activation="relu"), L.Dense(2, dtype="float32"))
    finally:
        keras.mixed_precision.set_global_policy("float32")


def int8_quantized():
    m = seq((6,), L.Dense(8, activation="relu"), L.Dense(3))
    AFTER[id(m)] = lambda model, rng: model.quantize("int8")
    return m


def stateful_lstm():
    i = keras.Input(batch_shape=(3, 5, 2))
    return i, L.Dense(2)(L.LSTM(4, stateful=True)(i))


def conv_lstm():
    return seq((3, 6, 6, 1), L.ConvLSTM2D(2, 3, padding="same", return_sequences=False), L.Flatten(), L.Dense(2))


@keras.saving.register_keras_serializable(package="unseen2")
class ScaledDense(L.Layer):
    """A user's registered custom layer: a Dense with a learned scalar scale."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.scale = self.add_weight(shape=(), name="scale", initializer="ones")

    def call(self, x):
        return keras.ops.matmul(x, self.kernel) * self.scale

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def custom_layer():
    return seq((5,), L.Dense(4), ScaledDense(2, name="scaled"))


def string_lookup_head():
    i = keras.Input((3,), dtype="int64")
    x = L.IntegerLookup(vocabulary=[3, 7, 11, 19], output_mode="int")(i)
    return i, L.Dense(2)(L.Flatten()(L.Embedding(6, 2)(x)))


TF = "tensorflow"
S = keras.optimizers.schedules
O = keras.optimizers
# name -> (family, model factory, input shape(s) or token maker, backend)
MODELS = {
    # tutorials
    "text_cnn_strided": ("tutorial", lambda: functional(text_cnn), tokens((24,), 30), TF),
    "text_embed_gap": ("tutorial", lambda: seq((10,), L.Embedding(20, 6), L.GlobalAveragePooling1D(),
                                               L.Dense(8, activation="relu"), L.Dense(1, activation="sigmoid"),
                                               dtype="int32"), tokens((10,)), TF),
    "imdb_bilstm_var_len": ("tutorial", lambda: functional(imdb_bilstm_var_len), tokens((9,)), TF),
    "imdb_gru_stack_masked": ("tutorial", lambda: seq((8,), L.Embedding(20, 5, mask_zero=True),
                                                      L.GRU(6, return_sequences=True, dropout=0.2),
                                                      L.GRU(4, recurrent_dropout=0.1), L.Dense(1), dtype="int32"),
                              tokens((8,)), TF),
    "timeseries_conv_lstm": ("tutorial", lambda: seq((20, 2), L.Conv1D(6, 5, padding="same", activation="relu"),
                                                     L.MaxPooling1D(2), L.LSTM(5, return_sequences=True),
                                                     L.LSTM(3), L.Dense(1)), (20, 2), TF),
    "timeseries_fcn": ("tutorial", lambda: functional(timeseries_fcn), (16, 1), TF),
    "mnist_convnet": ("tutorial", lambda: seq((10, 10, 1), L.Conv2D(4, (3, 3), activation="relu"),
                                              L.MaxPooling2D(pool_size=(2, 2)), L.Conv2D(6, 3, activation="relu"),
                                              L.Flatten(), L.Dropout(0.5), L.Dense(3, activation="softmax")),
                      (10, 10, 1), TF),
    "resnet_preact": ("tutorial", lambda: functional(resnet_preact), (8, 8, 3), TF),
    "unet_upsampling": ("tutorial", lambda: functional(unet_upsampling), (8, 8, 1), TF),
    "transformer_positions": ("tutorial", lambda: functional(transformer_positions),
                              [tokens((6,)), lambda rng: np.tile(np.arange(6, dtype="int32"), (3, 1))], TF),
    "siamese_images": ("tutorial", lambda: functional(siamese_images), [(8, 8, 1), (8, 8, 1)], TF),
    "conv_autoencoder": ("tutorial", lambda: functional(conv_autoencoder), (8, 8, 1), TF),
    "structured_inputs": ("tutorial", lambda: functional(structured_inputs), [(1,)] * 6, TF),
    "wide_deep": ("tutorial", lambda: functional(wide_deep), [tokens((4,), 12), (5,)], TF),
    # saved after compile() only or after fit(), optimizer state in the file
    "compiled_only_huber_auc": ("training", trained(dense_mlp, "adam", loss="huber", fit=False,
                                                    metrics=["mae", keras.metrics.AUC(name="auc")]), (6,), TF),
    "fit_adam": ("training", trained(dense_mlp, lambda: O.Adam(1e-3, amsgrad=True)), (6,), TF),
    "fit_sgd_nesterov": ("training", trained(dense_mlp, lambda: O.SGD(0.01, momentum=0.9, nesterov=True)), (6,),
                         TF),
    "fit_rmsprop_centered": ("training", trained(dense_mlp, lambda: O.RMSprop(1e-3, momentum=0.5, centered=True)),
                             (6,), TF),
    "fit_adamw": ("training", trained(dense_mlp, lambda: O.AdamW(1e-3, weight_decay=0.01)), (6,), TF),
    "fit_nadam": ("training", trained(dense_mlp, lambda: O.Nadam()), (6,), TF),
    "fit_adagrad": ("training", trained(dense_mlp, lambda: O.Adagrad()), (6,), TF),
    "fit_adamax": ("training", trained(dense_mlp, lambda: O.Adamax()), (6,), TF),
    "fit_lion": ("training", trained(dense_mlp, lambda: O.Lion()), (6,), TF),
    "fit_ftrl": ("training", trained(dense_mlp, lambda: O.Ftrl()), (6,), TF),
    "fit_schedule_clipnorm": ("training", trained(dense_mlp, lambda: O.Adam(S.ExponentialDecay(1e-2, 10, 0.9),
                                                                             clipnorm=1.0)), (6,), TF),
    "fit_multi_output_losses": ("training", trained(lambda: functional(multi_out_heads), "rmsprop",
                                                    loss={"score": "mse",
                                                          "klass": "sparse_categorical_crossentropy"},
                                                    loss_weights={"score": 0.5, "klass": 1.0},
                                                    metrics={"klass": ["accuracy"]}), (7,), TF),
    "fit_lstm_text": ("training", trained(lambda: seq((6,), L.Embedding(20, 4, mask_zero=True), L.LSTM(3),
                                                      L.Dense(2), dtype="int32"),
                                          "adam", loss="sparse_categorical_crossentropy"), tokens((6,)), TF),
    # file and config variants
    # TensorFlow's name scopes refuse spaces and most punctuation; on JAX any name is a valid one
    "odd_names": ("variant", lambda: functional(odd_names), (5,), "jax"),
    "nested_sequential_deep": ("variant", lambda: functional(nested_sequential_deep), (6, 6, 2), TF),
    "sequential_of_models": ("variant", sequential_of_models, (6,), TF),
    "transfer_frozen_base": ("variant", transfer_frozen_base, (8, 8, 3), TF),
    "fine_tuned_base": ("variant", lambda: functional(fine_tuned_base), (8, 8, 2), TF),
    "fit_frozen_base": ("training", trained(transfer_frozen_base, "adam", loss="categorical_crossentropy"), (8, 8, 3),
                        TF),
    "no_bias_everywhere": ("variant", lambda: functional(no_bias_everywhere), (6, 6, 2), TF),
    "constraints_everywhere": ("variant", lambda: functional(constraints_everywhere), tokens((6,)), TF),
    "frozen_parts": ("variant", lambda: functional(frozen_parts), (6,), TF),
    "explicit_float32_policy": ("variant", explicit_float32_policy, (5,), TF),
    "initial_states_as_inputs": ("variant", lambda: functional(initial_states_as_inputs),
                                 [(5, 3), (4,), (4,), (2,)], TF),
    "mask_then_max_pool": ("variant", lambda: functional(mask_then_max_pool), tokens((7,)), TF),
    "mask_into_conv1d": ("variant", lambda: functional(mask_into_conv1d), tokens((7,)), TF),
    "output_twice_and_input_out": ("variant", lambda: functional(output_twice_and_input_out), (4,), TF),
    "activations_by_name": ("variant", lambda: seq((6,), L.Dense(5, activation="selu",
                                                                kernel_initializer="lecun_normal"),
                                                   L.AlphaDropout(0.1), L.Dense(5, activation="leaky_relu"),
                                                   L.Dense(5, activation="softplus"), L.Activation("elu"),
                                                   L.Dense(4, activation="hard_silu"),
                                                   L.Activation("sigmoid")), (6,), TF),
    "gru_jax": ("variant", lambda: seq((5, 3), L.GRU(4, return_sequences=True), L.LSTM(2)), (5, 3), "jax"),
    # refusals (KNOWN.tsv)
    "bfloat16_policy": ("refused", bfloat16_policy, (5,), TF),
    "float16_policy": ("refused", lambda: seq((5,), L.Dense(4, dtype="float16"), L.Dense(2, dtype="float16")),
                       (5,), TF),
    "int8_quantized": ("refused", int8_quantized, (6,), TF),
    "stateful_lstm": ("refused", lambda: functional(stateful_lstm), (5, 2), TF),
    "conv_lstm2d": ("refused", conv_lstm, (3, 6, 6, 1), TF),
    "custom_layer": ("refused", custom_layer, (5,), TF),
    "integer_lookup": ("refused", lambda: functional(string_lookup_head),
                       lambda rng: rng.choice([3, 7, 11, 19, 5], size=(3, 3)).astype("int64"), TF),
}

if __name__ == "__main__":
    sweep.main(MODELS, OUT, __file__)
