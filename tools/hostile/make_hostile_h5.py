"""Writes the hostile HDF5 fixtures of dropout4j-io's HostileHdf5Test (small files, each one attack).

Needs only h5py and numpy (Debian: apt-get install python3-h5py). Run from the repository root:
    python3 tools/hostile/make_hostile_h5.py
Each file is a legacy Keras .h5 whose model is Dense(1) on 1 input (or larger where the attack needs it), with
the weight datasets replaced by the attack. The files are deterministic apart from HDF5 timestamps (disabled).
"""
import io
import json
import os
import shutil
import zipfile
import zlib

import h5py
import numpy as np

OUT = "dropout4j-io/src/test/resources/hostile"


def config(units, inputs):
    layer = {"class_name": "Dense", "config": {"name": "dense", "units": units, "activation": "linear",
                                               "use_bias": True, "batch_input_shape": [None, inputs]}}
    return json.dumps({"class_name": "Sequential", "config": {"name": "s", "layers": [layer]}})


def model_file(name, units=1, inputs=1):
    f = h5py.File(os.path.join(OUT, name), "w", track_order=True)
    f.attrs["keras_version"] = "2.15.0"
    f.attrs["backend"] = "tensorflow"
    f.attrs["model_config"] = config(units, inputs)
    w = f.create_group("model_weights")
    w.attrs["layer_names"] = [b"dense"]
    g = w.create_group("dense")
    g.attrs["weight_names"] = [b"dense/kernel:0", b"dense/bias:0"]
    d = g.create_group("dense")
    return f, d


def main():
    os.makedirs(OUT, exist_ok=True)
    # 1. the kernel is an external link into another file (which holds "secret" values)
    with h5py.File(os.path.join(OUT, "secret.h5"), "w") as s:
        s["data"] = np.array([[42.0]], dtype="float32")
    f, d = model_file("external_link.h5")
    d["kernel:0"] = h5py.ExternalLink("secret.h5", "/data")
    d["bias:0"] = np.zeros(1, dtype="float32")
    f.close()
    # 2. the kernel's values live in an external raw file (HDF5 external storage)
    with open(os.path.join(OUT, "raw.bin"), "wb") as r:
        r.write(np.array([42.0], dtype="<f4").tobytes())
    f, d = model_file("external_storage.h5")
    d.create_dataset("kernel:0", shape=(1, 1), dtype="<f4", external=[("raw.bin", 0, 4)])
    d["bias:0"] = np.zeros(1, dtype="float32")
    f.close()
    # 3. the kernel is a virtual dataset mapping secret.h5's /data
    f, d = model_file("virtual.h5")
    layout = h5py.VirtualLayout(shape=(1, 1), dtype="float32")
    layout[:, :] = h5py.VirtualSource("secret.h5", "data", shape=(1, 1))
    d.create_virtual_dataset("kernel:0", layout)
    d["bias:0"] = np.zeros(1, dtype="float32")
    f.close()
    # 4. a deflate chunk of a 1x1 kernel that inflates to 64 MiB (a decompression bomb)
    f, d = model_file("chunk_bomb.h5")
    k = d.create_dataset("kernel:0", shape=(1, 1), dtype="<f4", chunks=(1, 1), compression="gzip")
    k.id.write_direct_chunk((0, 0), zlib.compress(bytes(64 << 20), 9))
    d["bias:0"] = np.zeros(1, dtype="float32")
    f.close()
    # 5. a 4096x4096 kernel (64 MiB) compressed into a few hundred KB: more than the file may expand to
    f, d = model_file("compressed_huge.h5", units=4096, inputs=4096)
    d.create_dataset("kernel:0", data=np.zeros((4096, 4096), dtype="<f4"), chunks=(1024, 4096), compression="gzip",
                     compression_opts=9)
    d["bias:0"] = np.zeros(4096, dtype="float32")
    f.close()
    # 6. a group holding a hard link to its own ancestor (a cycle; jHDF's paths grow on every turn)
    f, d = model_file("group_cycle.h5")
    d["kernel:0"] = np.ones((1, 1), dtype="float32")
    d["bias:0"] = np.zeros(1, dtype="float32")
    d["loop"] = f["model_weights"]
    f.close()
    # 7. the same cycle in the real Keras functional fixture residual_mlp.h5 (the shape of the Jazzer finding that
    #    hung the functional import for more than ten minutes)
    functional = "dropout4j-io/src/test/resources/functional/residual_mlp"
    shutil.copyfile(functional + ".h5", os.path.join(OUT, "functional_group_cycle.h5"))
    with h5py.File(os.path.join(OUT, "functional_group_cycle.h5"), "r+") as f:
        f["model_weights"]["dense"]["loop"] = f["model_weights"]
    # 8. a weight that is a soft link to itself
    f, d = model_file("soft_link_loop.h5")
    d["kernel:0"] = h5py.SoftLink("/model_weights/dense/dense/kernel:0")
    d["bias:0"] = np.zeros(1, dtype="float32")
    f.close()
    # 9. a Keras 3 .keras whose model.weights.h5 gives a layer a `cell` that is the layer's own group
    with zipfile.ZipFile(functional + ".keras") as z:
        entries = {n: z.read(n) for n in z.namelist()}
    buf = io.BytesIO(entries["model.weights.h5"])
    with h5py.File(buf, "r+") as f:
        f["layers"]["dense"]["cell"] = f["layers"]["dense"]
    entries["model.weights.h5"] = buf.getvalue()
    with zipfile.ZipFile(os.path.join(OUT, "cell_cycle.keras"), "w") as z:
        for n, b in entries.items():
            z.writestr(zipfile.ZipInfo(n, (1980, 1, 1, 0, 0, 0)), b)
    invalid_utf8_config()


def invalid_utf8_config():
    """10. model_config stored as a UTF-8 string attribute whose bytes are not UTF-8 (0xff 0xfe in the model name)."""
    f, d = model_file("invalid_utf8_config.h5")
    raw = config(1, 1).replace('"s"', '"s\\u00ff"').encode().replace(b"\\u00ff", b"\xff\xfe")
    f.attrs.create("model_config", data=raw, dtype=h5py.string_dtype("utf-8"))
    d["kernel:0"] = np.ones((1, 1), dtype="float32")
    d["bias:0"] = np.zeros(1, dtype="float32")
    f.close()


if __name__ == "__main__":
    main()
