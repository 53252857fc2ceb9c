"""Realistic functional models for make_functional_fixtures.py --part realistic: written as a team would write them
with Keras 3 (no layer chosen because dropout4j has it). Each function returns an uncompiled or compiled model."""
import keras
from keras import ops

L = keras.layers
VOCAB = 20
SEQ = 8


def transformer_encoder():
    """Token + position embeddings added, one post-norm encoder block (MHA, FFN, residuals), pooled classifier."""
    tokens = keras.Input(shape=(SEQ,), dtype="int32", name="tokens")
    positions = keras.Input(shape=(SEQ,), dtype="int32", name="positions")
    x = L.Add()([L.Embedding(VOCAB, 16, name="token_emb")(tokens), L.Embedding(SEQ, 16, name="pos_emb")(positions)])
    attn = L.MultiHeadAttention(num_heads=2, key_dim=8, dropout=0.1, name="mha")(x, x)
    x = L.LayerNormalization(epsilon=1e-6)(L.Add()([x, L.Dropout(0.1)(attn)]))
    ffn = L.Dense(16)(L.Dense(32, activation="gelu")(x))
    x = L.LayerNormalization(epsilon=1e-6)(x + L.Dropout(0.1)(ffn))
    x = L.GlobalAveragePooling1D()(x)
    x = L.Dropout(0.2)(x)
    return keras.Model([tokens, positions], L.Dense(3, activation="softmax", name="label")(x), name="encoder_clf")


def text_bilstm():
    """Embedding(mask_zero) + Bidirectional LSTM + dropout + sigmoid: the Keras IMDB example's shape."""
    ids = keras.Input(shape=(None,), dtype="int32", name="ids")
    x = L.Embedding(VOCAB, 8, mask_zero=True)(ids)
    x = L.Bidirectional(L.LSTM(6, return_sequences=True))(x)
    x = L.Bidirectional(L.LSTM(4))(x)
    x = L.Dropout(0.5)(x)
    return keras.Model(ids, L.Dense(1, activation="sigmoid")(x), name="imdb_bilstm")


def siamese():
    """A shared encoder model applied to two inputs; distance from Subtract/Multiply and cosine from Dot."""
    inp = keras.Input(shape=(6,))
    h = L.Dense(8, activation="relu")(inp)
    encoder = keras.Model(inp, L.Dense(4)(L.Dropout(0.1)(h)), name="encoder")
    a = keras.Input(shape=(6,), name="left")
    b = keras.Input(shape=(6,), name="right")
    ea, eb = encoder(a), encoder(b)
    diff = L.Subtract()([ea, eb])
    sq = L.Multiply()([diff, diff])
    cos = L.Dot(axes=1, normalize=True)([ea, eb])
    out = L.Dense(1, activation="sigmoid", name="same")(L.Concatenate()([sq, cos]))
    return keras.Model([a, b], out, name="siamese")


def text_tabular():
    """Text + tabular inputs, a class head and a regression head, compiled with loss_weights."""
    text = keras.Input(shape=(SEQ,), dtype="int32", name="text")
    table = keras.Input(shape=(5,), name="table")
    t = L.Embedding(VOCAB, 8, mask_zero=True)(text)
    t = L.GlobalAveragePooling1D()(t)
    u = L.BatchNormalization()(L.Dense(8, activation="relu")(table))
    h = L.Dropout(0.3)(L.Dense(16, activation="relu")(L.Concatenate()([t, u])))
    kind = L.Dense(3, activation="softmax", name="kind")(h)
    price = L.Dense(1, name="price")(h)
    model = keras.Model({"text": text, "table": table}, {"kind": kind, "price": price}, name="text_tabular")
    model.compile(optimizer="adam", loss={"kind": "sparse_categorical_crossentropy", "price": "mse"},
                  loss_weights={"kind": 1.0, "price": 0.5}, metrics={"kind": ["accuracy"], "price": ["mae"]})
    return model


def resnet_block():
    """A ResNet basic block (conv-BN-relu-conv-BN + projected shortcut, Add, relu), pooled classifier."""
    img = keras.Input(shape=(8, 8, 3), name="image")
    x = L.Conv2D(8, 3, padding="same", use_bias=False)(img)
    x = L.Activation("relu")(L.BatchNormalization()(x))
    y = L.Conv2D(8, 3, padding="same", use_bias=False)(x)
    y = L.Activation("relu")(L.BatchNormalization()(y))
    y = L.BatchNormalization()(L.Conv2D(8, 3, padding="same", use_bias=False)(y))
    x = L.ReLU()(L.Add()([x, y]))
    s = L.BatchNormalization()(L.Conv2D(16, 1, strides=2)(x))
    z = L.Conv2D(16, 3, strides=2, padding="same")(x)
    x = L.Activation("relu")(L.Add()([s, z]))
    x = L.MaxPooling2D()(x)
    x = L.GlobalAveragePooling2D()(x)
    return keras.Model(img, L.Dense(4, activation="softmax")(L.Dropout(0.25)(x)), name="resnet_block")


def unet():
    """A two-level U-Net: down with MaxPooling2D, up with Conv2DTranspose and UpSampling2D, skips concatenated."""
    img = keras.Input(shape=(8, 8, 2), name="image")
    c1 = L.Conv2D(4, 3, padding="same", activation="relu")(img)
    p1 = L.MaxPooling2D()(c1)
    c2 = L.Conv2D(8, 3, padding="same", activation="relu")(p1)
    p2 = L.MaxPooling2D()(c2)
    b = L.Dropout(0.2)(L.Conv2D(8, 3, padding="same", activation="relu")(p2))
    u2 = L.Conv2DTranspose(8, 2, strides=2, padding="same")(b)
    c3 = L.Conv2D(8, 3, padding="same", activation="relu")(L.Concatenate()([u2, c2]))
    u1 = L.Conv2D(4, 1)(L.UpSampling2D()(c3))
    c4 = L.Conv2D(4, 3, padding="same", activation="relu")(L.Concatenate(axis=-1)([u1, c1]))
    return keras.Model(img, L.Conv2D(1, 1, activation="sigmoid", name="mask")(c4), name="unet")


def nested_models():
    """A Sequential feature extractor and a functional head nested in an outer model, the head used twice."""
    features = keras.Sequential([keras.Input(shape=(6,)), L.Dense(8, activation="relu"), L.Dropout(0.2),
                                 L.Dense(8, activation="tanh")], name="features")
    hin = keras.Input(shape=(8,))
    head = keras.Model(hin, L.Dense(2)(L.Dense(4, activation="relu")(hin)), name="head")
    x = keras.Input(shape=(6,), name="x")
    f = features(x)
    y1 = head(f)
    y2 = head(L.Dense(8, activation="relu")(f))
    return keras.Model(x, [L.Softmax(name="probs")(y1), L.Add(name="sum")([y1, y2])], name="nested_models")


def keyword_calls():
    """Layers called with keyword arguments: training=False on Dropout and BatchNormalization, the Embedding's mask
    passed explicitly as mask= to an LSTM and a pooling layer, MultiHeadAttention with query=/value=/key=."""
    ids = keras.Input(shape=(SEQ,), dtype="int32", name="ids")
    emb = L.Embedding(VOCAB, 8, mask_zero=True)
    x = emb(ids)
    mask = emb.compute_mask(ids)
    x = L.Dropout(0.5)(x, training=False)
    seq = L.LSTM(6, return_sequences=True)(x, mask=mask)
    att = L.MultiHeadAttention(num_heads=2, key_dim=3)(query=seq, value=x, key=x)
    pooled = L.GlobalAveragePooling1D()(att, mask=mask)
    h = L.BatchNormalization()(L.Dense(6)(pooled), training=False)
    return keras.Model(ids, [L.Dense(2)(h), pooled], name="keyword_calls")


def explicit_mask():
    """A mask computed with keras.ops.not_equal and passed as mask= to layers whose inputs carry none."""
    ids = keras.Input(shape=(SEQ,), dtype="int32", name="ids")
    mask = ops.not_equal(ids, 0)
    seq = L.LSTM(6, return_sequences=True)(L.Embedding(VOCAB, 8)(ids), mask=mask)
    return keras.Model(ids, L.GlobalAveragePooling1D()(seq, mask=mask), name="explicit_mask")


def keras_ops():
    """Keras ops on symbolic tensors as written in model code: x + y, x * 2.0, ops.mean, slicing, ops.concatenate."""
    a = keras.Input(shape=(4,), name="a")
    b = keras.Input(shape=(4,), name="b")
    s = keras.Input(shape=(3, 4), name="s")
    h = L.Dense(4, activation="relu")(a) + b
    h = (h * 2.0 - 1.0) / 3.0
    m = ops.mean(h, axis=-1, keepdims=True)
    first = h[:, 0:2]
    last = -ops.sum(s[:, -1], axis=1, keepdims=True)
    steps = ops.mean(ops.tanh(s[:, ::-2, 1:3]), axis=(1, 2), keepdims=True)[:, 0]
    y = L.Dense(2)(ops.concatenate([m, first, last, steps], axis=-1))
    return keras.Model([a, b, s], [y, ops.relu(s[:, 1]) + b], name="keras_ops")


def seq2seq_gru():
    """An encoder GRU's final state as the decoder GRU's initial_state (teacher forcing), per-step softmax."""
    enc_in = keras.Input(shape=(None, 3), name="encoder_in")
    dec_in = keras.Input(shape=(None, 4), name="decoder_in")
    _, state = L.GRU(8, return_state=True, name="encoder")(enc_in)
    dec = L.GRU(8, return_sequences=True, name="decoder")(dec_in, initial_state=state)
    return keras.Model([enc_in, dec_in], L.TimeDistributed(L.Dense(4, activation="softmax"))(dec), name="seq2seq")


def mobilenet_block():
    """A MobileNetV2 inverted residual: expand 1x1, DepthwiseConv2D, ReLU(6), project, Add; SeparableConv2D head."""
    img = keras.Input(shape=(8, 8, 4), name="image")
    x = L.ReLU(6.0)(L.BatchNormalization()(L.Conv2D(12, 1, use_bias=False)(img)))
    x = L.ReLU(max_value=6.0)(L.BatchNormalization()(L.DepthwiseConv2D(3, padding="same", use_bias=False)(x)))
    x = L.BatchNormalization()(L.Conv2D(4, 1, use_bias=False)(x))
    x = L.Add()([img, x])
    x = L.SeparableConv2D(6, 3, activation="relu")(x)
    x = L.GlobalAveragePooling2D()(x)
    return keras.Model(img, L.Dense(3, activation="softmax")(L.Dropout(0.2)(x)), name="mobilenet_block")


def shared_text_encoder():
    """Question/answer pair: one Embedding and one Conv1D shared by both texts, max-pooled, compared and two heads."""
    q = keras.Input(shape=(SEQ,), dtype="int32", name="question")
    a = keras.Input(shape=(SEQ,), dtype="int32", name="answer")
    emb = L.Embedding(VOCAB, 6, name="shared_emb")
    conv = L.Conv1D(5, 3, padding="same", activation="relu", name="shared_conv")
    pool = L.GlobalMaxPooling1D()
    eq, ea = pool(conv(emb(q))), pool(conv(emb(a)))
    both = L.Concatenate()([eq, ea, L.Multiply()([eq, ea]), L.Subtract()([eq, ea])])
    h = L.Dropout(0.3)(L.Dense(8, activation="relu")(both))
    match = L.Dense(1, activation="sigmoid", name="match")(h)
    topic = L.Dense(4, activation="softmax", name="topic")(L.Average()([eq, ea]))
    return keras.Model([q, a], [match, topic], name="qa_match")


def attention_pooling():
    """A GRU over a sequence, Attention between a learned query and the states, LayerNorm, multi-label sigmoid."""
    seq = keras.Input(shape=(6, 5), name="signal")
    states = L.GRU(8, return_sequences=True)(seq)
    query = L.Dense(8)(L.GlobalAveragePooling1D()(states))
    query = L.Reshape((1, 8))(query)
    ctx = L.Attention(use_scale=True)([query, states])
    ctx = L.Flatten()(ctx)
    h = L.LayerNormalization()(L.Concatenate()([ctx, L.GlobalMaxPooling1D()(states)]))
    tags = L.Dense(3, activation="sigmoid", name="tags")(L.Dropout(0.2)(h))
    score = L.Dense(1, name="score")(h)
    return keras.Model(seq, [tags, score], name="attention_pooling")


def conv1d_timeseries():
    """A dilated causal Conv1D stack with residuals and SpatialDropout1D, pooled regression (a WaveNet-ish block)."""
    x_in = keras.Input(shape=(16, 2), name="series")
    x = L.Conv1D(6, 1)(x_in)
    for rate in (1, 2, 4):
        y = L.Conv1D(6, 2, dilation_rate=rate, padding="causal", activation="relu")(x)
        y = L.SpatialDropout1D(0.1)(y)
        x = L.Add()([x, y])
    x = L.AveragePooling1D(2)(x)
    x = L.Flatten()(x)
    return keras.Model(x_in, L.Dense(1)(x), name="wavenet_block")


def gated_residual_mlp():
    """A residual MLP written with operators: x + dropout(dense(x)), then a sigmoid gate x * g (GLU-style)."""
    x = keras.Input(shape=(8,), name="features")
    h = L.Dense(8, activation="relu")(x)
    x1 = x + L.Dropout(0.1)(h)
    gate = L.Dense(8, activation="sigmoid")(x1)
    return keras.Model(x, L.Dense(2)(x1 * gate), name="gated_residual_mlp")


MODELS = {f.__name__: f for f in (transformer_encoder, text_bilstm, siamese, text_tabular, resnet_block, unet,
                                   nested_models, keyword_calls, keras_ops, mobilenet_block, shared_text_encoder,
                                   attention_pooling, conv1d_timeseries, gated_residual_mlp, seq2seq_gru,
                                   explicit_mask)}
# models dropout4j refuses, with a part of the message that names why (the test checks the refusal)
REFUSED = {}
