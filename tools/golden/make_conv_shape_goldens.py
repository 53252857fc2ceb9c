#!/usr/bin/env python3
"""Golden outputs and gradients from Keras 3 for dropout4j's convolution-family and reshaping layers, and model files
that use them.

Run from the repository root with a Python that has keras 3.15, tensorflow and h5py:

    python tools/golden/make_conv_shape_goldens.py

Writes

* dropout4j-core/src/test/resources/golden/conv_shape.json: one case per layer configuration (Conv2DTranspose,
  Conv3D, MaxPooling3D, AveragePooling3D, GlobalMaxPooling3D, GlobalAveragePooling3D, SeparableConv1D,
  ZeroPadding1D/2D, Cropping1D/2D, UpSampling1D/2D, RepeatVector, Permute, and channels_first / other-axis variants
  of Conv1D, Conv2D, the pooling layers and BatchNormalization). Each case holds the layer's real Keras config
  (``get_config()``), its weights in Keras order, an input, the inference output, and the gradients of
  ``sum(output * upstream)`` with respect to the input and each trainable weight (``tf.GradientTape``), plus the
  training-mode output for BatchNormalization.
* dropout4j-io/src/test/resources/conv_shape/NAME.keras, NAME.h5 and NAME.json: Sequential and functional models
  built from these layers, saved by Keras in both formats, with fixed inputs and Keras' predictions.
* dropout4j-io/src/test/resources/conv_shape/tfkeras_expected.json: fixed inputs and Keras 3's predictions for the
  tf.keras 2.2.4 files in dropout4j-io/src/test/resources/keras/dl4j (DL4J's test resources, which carry no outputs).
  Keras 3 cannot load them as they are, so each is rebuilt from its own config with the keys Keras 3 no longer
  reads dropped (initializers, regularizers and constraints, unused at inference; a spatial dropout's
  ``trainable``; a one-element BatchNormalization ``axis`` list becomes its element) and given the file's weights.

Everything runs on the TensorFlow backend, except what TensorFlow's CPU kernels refuse (convolutions and transposed
convolutions with data_format="channels_first": "Conv2DCustomBackpropInputOp only supports NHWC"): those cases and
models are computed by the same script in a child process on Keras' JAX backend, and say so in their "backend" field.

Tensors are {"shape", "data"} with the data flat in row-major order (exact float32 values).
"""
import json
import os
import subprocess
import sys

from golden_env import F32, REPO, flat_tensor as T  # noqa: E402  (first: it sets the TensorFlow environment)

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

tf.config.experimental.enable_op_determinism()
L = keras.layers
GOLDEN = os.path.join(REPO, "dropout4j-core", "src", "test", "resources", "golden", "conv_shape.json")
MODELS = os.path.join(REPO, "dropout4j-io", "src", "test", "resources", "conv_shape")

# (class name, keyword arguments, per-sample input shape)
CASES = [
    ("ZeroPadding1D", dict(padding=(1, 2)), (4, 3)),
    ("ZeroPadding1D", dict(padding=2, data_format="channels_first"), (3, 4)),
    ("ZeroPadding2D", dict(padding=((1, 0), (2, 1))), (3, 4, 2)),
    ("ZeroPadding2D", dict(padding=1, data_format="channels_first"), (2, 3, 3)),
    ("Cropping1D", dict(cropping=(1, 2)), (6, 3)),
    ("Cropping2D", dict(cropping=((1, 0), (0, 2))), (4, 5, 2)),
    ("Cropping2D", dict(cropping=1, data_format="channels_first"), (2, 4, 5)),
    ("UpSampling1D", dict(size=3), (3, 2)),
    ("UpSampling2D", dict(size=(2, 3)), (3, 2, 2)),
    ("UpSampling2D", dict(size=(2, 3), interpolation="bilinear"), (3, 4, 2)),
    ("UpSampling2D", dict(size=(4, 2), interpolation="bilinear", data_format="channels_first"), (2, 3, 5)),
    ("RepeatVector", dict(n=3), (4,)),
    ("Permute", dict(dims=(2, 1)), (3, 4)),
    ("Permute", dict(dims=(3, 1, 2)), (2, 3, 4)),
    ("Conv2DTranspose", dict(filters=3, kernel_size=3, strides=2, padding="same"), (4, 5, 2)),
    ("Conv2DTranspose", dict(filters=3, kernel_size=3, strides=2, padding="valid"), (4, 5, 2)),
    ("Conv2DTranspose", dict(filters=2, kernel_size=(2, 3), strides=(3, 1), padding="valid"), (3, 4, 2)),
    ("Conv2DTranspose", dict(filters=2, kernel_size=3, strides=2, padding="valid", output_padding=1), (3, 3, 2)),
    ("Conv2DTranspose", dict(filters=2, kernel_size=3, strides=(2, 3), padding="same", output_padding=(1, 2)),
     (3, 3, 2)),
    ("Conv2DTranspose", dict(filters=2, kernel_size=3, strides=2, padding="same", data_format="channels_first",
                             activation="tanh"), (3, 4, 3)),
    ("Conv3D", dict(filters=3, kernel_size=2), (4, 5, 4, 2)),
    ("Conv3D", dict(filters=2, kernel_size=3, strides=2, padding="same", activation="relu"), (5, 4, 6, 2)),
    ("Conv3D", dict(filters=2, kernel_size=(2, 2, 3), dilation_rate=(2, 1, 1), use_bias=False), (5, 4, 4, 3)),
    ("Conv3D", dict(filters=2, kernel_size=(1, 2, 3), strides=(2, 1, 1), data_format="channels_first"),
     (3, 4, 4, 5)),
    ("MaxPooling3D", dict(), (4, 4, 6, 2)),
    ("MaxPooling3D", dict(pool_size=3, strides=2, padding="same"), (5, 4, 3, 2)),
    ("MaxPooling3D", dict(pool_size=(2, 1, 2), strides=1, data_format="channels_first"), (2, 3, 4, 4)),
    ("AveragePooling3D", dict(pool_size=2), (4, 4, 6, 2)),
    ("AveragePooling3D", dict(pool_size=3, strides=2, padding="same"), (5, 4, 3, 2)),
    ("AveragePooling3D", dict(pool_size=2, strides=1, padding="same", data_format="channels_first"), (2, 3, 3, 4)),
    ("GlobalMaxPooling3D", dict(), (3, 2, 4, 3)),
    ("GlobalMaxPooling3D", dict(data_format="channels_first", keepdims=True), (3, 2, 4, 3)),
    ("GlobalAveragePooling3D", dict(), (3, 2, 4, 3)),
    ("GlobalAveragePooling3D", dict(data_format="channels_first", keepdims=True), (3, 2, 4, 3)),
    ("SeparableConv1D", dict(filters=4, kernel_size=3, depth_multiplier=2), (7, 3)),
    ("SeparableConv1D", dict(filters=3, kernel_size=3, strides=2, padding="same", activation="relu"), (7, 2)),
    ("SeparableConv1D", dict(filters=2, kernel_size=2, dilation_rate=2, use_bias=False), (7, 3)),
    ("SeparableConv1D", dict(filters=3, kernel_size=3, padding="same", data_format="channels_first"), (2, 6)),
    ("Conv1D", dict(filters=3, kernel_size=3, strides=2, padding="same", data_format="channels_first"), (2, 7)),
    ("MaxPooling1D", dict(pool_size=3, strides=2, padding="same", data_format="channels_first"), (2, 7)),
    ("AveragePooling1D", dict(pool_size=2, padding="valid", data_format="channels_first"), (2, 7)),
    ("AveragePooling1D", dict(pool_size=3, strides=1, padding="same", data_format="channels_first"), (2, 5)),
    ("GlobalMaxPooling1D", dict(data_format="channels_first"), (2, 5)),
    ("GlobalAveragePooling1D", dict(data_format="channels_first", keepdims=True), (2, 5)),
    ("Conv2D", dict(filters=3, kernel_size=3, strides=2, padding="same", data_format="channels_first"), (2, 5, 6)),
    ("MaxPooling2D", dict(pool_size=3, strides=2, padding="same", data_format="channels_first"), (2, 5, 6)),
    ("AveragePooling2D", dict(pool_size=2, strides=1, padding="same", data_format="channels_first"), (2, 3, 4)),
    ("BatchNormalization", dict(axis=1), (3, 4, 5)),
    ("BatchNormalization", dict(axis=2, momentum=0.9, epsilon=0.01, center=False), (4, 3)),
    ("BatchNormalization", dict(axis=-2, scale=False), (3, 4, 2)),
    ("Conv2DTranspose", dict(filters=2, kernel_size=3, dilation_rate=2), (4, 5, 3)),
    ("Conv2DTranspose", dict(filters=3, kernel_size=(2, 3), dilation_rate=(2, 1), padding="same"), (4, 4, 2)),
    ("Conv2DTranspose", dict(filters=2, kernel_size=2, dilation_rate=(1, 3), padding="valid", output_padding=0),
     (3, 4, 2)),
    ("Conv2D", dict(filters=6, kernel_size=(3, 2), groups=2, padding="same", activation="relu"), (5, 4, 4)),
    ("Conv2D", dict(filters=3, kernel_size=2, groups=3, strides=2), (5, 5, 6)),
    ("Conv1D", dict(filters=4, kernel_size=3, groups=2, padding="causal", dilation_rate=2), (7, 6)),
    ("Conv1D", dict(filters=6, kernel_size=2, groups=3, data_format="channels_first"), (3, 5)),
]


def gradients(layer, x, upstream):
    """d sum(layer(x) * upstream) / d (x, trainable weights...), at inference."""
    if keras.backend.backend() == "jax":
        import jax
        trainable = [v.value for v in layer.trainable_variables]
        frozen = [v.value for v in layer.non_trainable_variables]

        import inspect
        kwargs = {"training": False} if "training" in inspect.signature(layer.call).parameters else {}

        def loss(xv, tv):
            out, _ = layer.stateless_call(tv, frozen, xv, **kwargs)
            return jax.numpy.sum(out * upstream)

        gx, gw = jax.grad(loss, argnums=(0, 1))(x, trainable)
        return [gx] + list(gw)
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        loss = tf.reduce_sum(layer(xt, training=False) * upstream)
    return tape.gradient(loss, [xt] + list(layer.trainable_weights))


def case(index):
    cls, kwargs, shape = CASES[index]
    rng = np.random.default_rng(2027 + index)
    keras.utils.set_random_seed(3 + index)
    layer = getattr(L, cls)(**kwargs)
    x = rng.uniform(-1, 1, (2,) + shape).astype(F32)
    layer.build((None,) + shape)
    weights = []
    for w in layer.weights:
        if "moving_variance" in w.path:
            v = rng.uniform(0.5, 1.5, w.shape)
        elif "gamma" in w.path:
            v = rng.uniform(0.5, 1.5, w.shape)
        else:
            v = rng.uniform(-0.6, 0.6, w.shape)
        w.assign(v.astype(F32))
        weights.append(np.asarray(w.numpy(), dtype=F32))
    y = np.asarray(layer(x, training=False))
    upstream = rng.uniform(-1, 1, y.shape).astype(F32)
    grads = gradients(layer, x, upstream)
    doc = {
        "class_name": cls,
        "backend": keras.backend.backend(),
        "config": layer.get_config(),
        "input": T(x),
        "weights": [T(w) for w in weights],
        "output": T(y),
        "upstream": T(upstream),
        "input_grad": T(np.asarray(grads[0])),
        "weight_grads": [T(np.zeros(w.shape) if g is None else np.asarray(g))
                         for w, g in zip(layer.trainable_weights, grads[1:])],
    }
    if cls == "BatchNormalization":
        fresh = L.BatchNormalization.from_config(layer.get_config())
        fresh.build((None,) + shape)
        fresh.set_weights(weights)
        doc["training_output"] = T(np.asarray(fresh(x, training=True)))
        doc["moving_after_training"] = [T(np.asarray(w.numpy())) for w in fresh.non_trainable_weights]
    return doc


def image_model():
    return keras.Sequential([
        keras.Input(shape=(6, 6, 2)),
        L.ZeroPadding2D(1),
        L.Conv2D(4, 3, activation="relu"),
        L.Cropping2D(((1, 0), (0, 1))),
        L.UpSampling2D(2, interpolation="bilinear"),
        L.Conv2DTranspose(3, 3, strides=2, padding="same"),
        L.MaxPooling2D(2),
        L.Permute((3, 1, 2)),
        L.BatchNormalization(axis=1),
        L.Conv2D(2, 3, data_format="channels_first", activation="tanh"),
        L.UpSampling2D(2, data_format="channels_first"),
        L.Flatten(),
        L.Dense(2),
    ], name="shape_image")


def volume_model():
    return keras.Sequential([
        keras.Input(shape=(5, 5, 5, 2)),
        L.Conv3D(3, 2, activation="relu"),
        L.SpatialDropout3D(0.3),
        L.MaxPooling3D(2, strides=1, padding="same"),
        L.AveragePooling3D(2),
        L.Conv3D(2, 1),
        L.GlobalAveragePooling3D(),
        L.Dense(2, activation="softmax"),
    ], name="shape_volume")


def sequence_model():
    return keras.Sequential([
        keras.Input(shape=(10, 3)),
        L.ZeroPadding1D((1, 2)),
        L.SeparableConv1D(4, 3, depth_multiplier=2, activation="relu"),
        L.Cropping1D((1, 1)),
        L.UpSampling1D(2),
        L.Permute((2, 1)),
        L.Conv1D(3, 2, strides=2, data_format="channels_first"),
        L.MaxPooling1D(2, data_format="channels_first"),
        L.GlobalMaxPooling1D(data_format="channels_first"),
        L.RepeatVector(3),
        L.Flatten(),
        L.Dense(2),
    ], name="shape_sequence")


def graph_model():
    x = keras.Input(shape=(6, 6, 2), name="image")
    v = keras.Input(shape=(4, 4, 4, 1), name="volume")
    a = L.MaxPooling2D(2)(L.Conv2DTranspose(2, 2, strides=2, name="up")(x))
    b = L.Cropping2D(1)(L.ZeroPadding2D(1)(x))
    h = L.Add()([a, b])
    h = L.GlobalAveragePooling2D()(L.UpSampling2D(2)(h))
    w = L.GlobalMaxPooling3D()(L.MaxPooling3D(2)(L.Conv3D(2, 3, padding="same")(v)))
    y = L.Dense(3, name="out")(L.Concatenate()([h, w]))
    return keras.Model([x, v], y, name="shape_graph")


MODEL_MAKERS = {"shape_image": image_model, "shape_volume": volume_model, "shape_sequence": sequence_model,
                "shape_graph": graph_model}


def save_model(index, name):
    rng = np.random.default_rng(3000 + index)
    keras.utils.set_random_seed(5)
    model = MODEL_MAKERS[name]()
    inputs = [rng.uniform(-1, 1, (3,) + tuple(i.shape[1:])).astype(F32) for i in model.inputs]
    for w in model.weights:  # nonzero biases and moving statistics, so that a lost weight shows
        if "bias" in w.path or "beta" in w.path or "moving_mean" in w.path:
            w.assign(rng.uniform(-0.5, 0.5, w.shape).astype(F32))
        elif "gamma" in w.path or "moving_variance" in w.path:
            w.assign(rng.uniform(0.5, 1.5, w.shape).astype(F32))
    outputs = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
    outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    model.save(os.path.join(MODELS, name + ".keras"))
    model.save(os.path.join(MODELS, name + ".h5"))
    with open(os.path.join(MODELS, name + ".json"), "w") as f:
        json.dump({"generator": "tools/golden/make_conv_shape_goldens.py", "keras_version": keras.__version__,
                   "tensorflow_version": tf.__version__, "backend": keras.backend.backend(), "inputs": [T(v) for v in inputs],
                   "outputs": [T(v) for v in outputs]}, f)
        f.write("\n")


TFKERAS = ["cnn2d_64.h5", "cnn2d_40.h5", "cnn2d_76.h5", "cnn3d_17.h5", "batchNormError.h5"]
UNUSED_AT_INFERENCE = {"kernel_initializer", "bias_initializer", "depthwise_initializer", "pointwise_initializer",
                       "beta_initializer", "gamma_initializer", "moving_mean_initializer",
                       "moving_variance_initializer", "kernel_regularizer", "bias_regularizer",
                       "activity_regularizer", "kernel_constraint", "bias_constraint", "noise_shape"}


def keras3_config(node):
    """A tf.keras 2 layer config tree as Keras 3 reads it (see the module docstring)."""
    if isinstance(node, dict):
        if isinstance(node.get("class_name"), str) and isinstance(node.get("config"), dict):
            c = node["config"]
            for key in list(c):
                if key in UNUSED_AT_INFERENCE:
                    del c[key]
            if node["class_name"].startswith("SpatialDropout"):
                c.pop("trainable", None)
            if node["class_name"] == "BatchNormalization" and isinstance(c.get("axis"), list) and len(c["axis"]) == 1:
                c["axis"] = c["axis"][0]
        for v in node.values():
            keras3_config(v)
    elif isinstance(node, list):
        for v in node:
            keras3_config(v)


def tfkeras_expected():
    import h5py
    folder = os.path.join(REPO, "dropout4j-io", "src", "test", "resources", "keras", "dl4j")
    out = {"generator": "tools/golden/make_conv_shape_goldens.py", "keras_version": keras.__version__,
           "backend": keras.backend.backend(), "models": {}}
    for j, name in enumerate(TFKERAS):
        path = os.path.join(folder, name)
        with h5py.File(path, "r") as h5:
            config = json.loads(h5.attrs["model_config"])
        keras3_config(config)
        model = keras.Model.from_config(config["config"])
        model.load_weights(path)
        x = np.random.default_rng(4000 + j).uniform(-1, 1, (2,) + tuple(model.input_shape[1:])).astype(F32)
        out["models"][name] = {"input": T(x), "output": T(model.predict(x, verbose=0))}
    with open(os.path.join(MODELS, "tfkeras_expected.json"), "w") as f:
        json.dump(out, f)
        f.write("\n")


def on_jax(argument, what):
    """Runs this script on Keras' JAX backend for what TensorFlow's CPU kernels refuse; returns its JSON answer."""
    env = dict(os.environ, KERAS_BACKEND="jax")
    done = subprocess.run([sys.executable, __file__, argument, json.dumps(what)], env=env, check=True,
                          stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--cases":
        print(json.dumps([case(i) for i in json.loads(sys.argv[2])]))
        return
    if len(sys.argv) == 3 and sys.argv[1] == "--models":
        for j, name in json.loads(sys.argv[2]):
            save_model(j, name)
        print(json.dumps("ok"))
        return
    cases = []
    refused = []
    for i in range(len(CASES)):
        try:
            cases.append(case(i))
        except tf.errors.OpError:
            cases.append(None)
            refused.append(i)
    for i, c in zip(refused, on_jax("--cases", refused) if refused else []):
        cases[i] = c
    doc = {
        "generator": "tools/golden/make_conv_shape_goldens.py",
        "keras_version": keras.__version__,
        "tensorflow_version": tf.__version__,
        "backend": keras.backend.backend() + " (cases whose \"backend\" is jax: TensorFlow's CPU kernels refuse them)",
        "dtype": "float32",
        "description": "convolution-family and reshaping layers: real Keras config, weights, input (batch 2), "
                       "inference output, gradients of sum(output * upstream); tensor data flat, row-major",
        "cases": cases,
    }
    with open(GOLDEN, "w") as fh:
        fh.write(json.dumps(doc, indent=None, separators=(",", ":"), allow_nan=False) + "\n")
    print(f"wrote {GOLDEN} ({os.path.getsize(GOLDEN)} bytes, {len(cases)} cases, {len(refused)} on jax)")
    os.makedirs(MODELS, exist_ok=True)
    refused = []
    for j, name in enumerate(MODEL_MAKERS):
        try:
            save_model(j, name)
        except tf.errors.OpError:
            refused.append((j, name))
    if refused:
        on_jax("--models", refused)
    print(f"wrote {len(MODEL_MAKERS)} models into {MODELS} ({[n for _, n in refused]} on jax)")
    tfkeras_expected()
    print(f"wrote {MODELS}/tfkeras_expected.json")


if __name__ == "__main__":
    main()
