"""What the Fashion-MNIST peers (torch_fashion.py, keras_fashion.py) share: the data folder, the images per epoch
the timings are scaled to, and reading an IDX file as dropout4j's FashionMnist does. Only numpy is needed."""
import gzip
import os
import struct
import sys

import numpy as np

EPOCH_IMAGES = 60000
DEFAULT_DATA_DIR = os.environ.get("DROPOUT4J_FASHION_MNIST") or "/usr/share/datasets/fashion-mnist"


def read_idx(directory, stem):
    """The IDX array `stem` (e.g. train-images-idx3-ubyte) from directory, gzipped or not."""
    for name, opener in ((stem + ".gz", gzip.open), (stem, open)):
        path = os.path.join(directory, name)
        if os.path.exists(path):
            with opener(path, "rb") as f:
                data = f.read()
            ndim = data[3]
            dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
            return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)
    sys.exit(f"error: Fashion-MNIST file {stem}[.gz] not found in {directory} "
             f"(apt-get install -y dataset-fashion-mnist, or pass --data-dir)")
