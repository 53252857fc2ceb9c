#!/usr/bin/python3
"""Writes the reference CSVs that dropout4j-core's org.dropout4j.data tests compare against.

Run with Debian's python3 (apt-get install python3-sklearn), not a pyenv/venv python:

    /usr/bin/python3 tools/reference-data/make_reference.py [OUTPUT_DIR]

OUTPUT_DIR defaults to dropout4j-core/src/test/resources/data. Floats are written with repr(), the shortest
string that round-trips to the same double. circles-n100-noise0.1-rs1.csv is not written here: it is a copy of
the shared peer-benchmark file (see PROVENANCE.md); this script prints whether it reproduces that file.
"""
import os
import sys

import numpy as np
import sklearn
from sklearn.datasets import make_circles, make_moons

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "dropout4j-core", "src", "test", "resources", "data")


def write_xy(name, X, y):
    with open(os.path.join(OUT, name), "w") as f:
        f.write("x1,x2,label\n")
        for (a, b), label in zip(X, y):
            f.write(f"{float(a)!r},{float(b)!r},{int(label)}\n")
    print("wrote", name, len(y), "rows")


def write_random_state(name, seeds=(0, 1, 42), count=10):
    """Per seed, `count` values of each sampler, each sampler from a freshly seeded RandomState."""
    with open(os.path.join(OUT, name), "w") as f:
        f.write("seed,index,random_sample,standard_normal,permutation10,randint_0_100,randint_0_2pow40,mixed\n")
        for seed in seeds:
            rs = np.random.RandomState(seed)
            sample = [rs.random_sample() for _ in range(count)]
            rs = np.random.RandomState(seed)
            normal = [rs.standard_normal() for _ in range(count)]
            perm = np.random.RandomState(seed).permutation(count)
            rs = np.random.RandomState(seed)
            small = [int(rs.randint(0, 100)) for _ in range(count)]
            rs = np.random.RandomState(seed)
            big = [int(rs.randint(0, 2 ** 40)) for _ in range(count)]
            rs = np.random.RandomState(seed)
            # even index: standard_normal, odd index: random_sample (exercises the cached second Gaussian)
            mixed = [rs.standard_normal() if i % 2 == 0 else rs.random_sample() for i in range(count)]
            for i in range(count):
                f.write(f"{seed},{i},{sample[i]!r},{normal[i]!r},{int(perm[i])},{small[i]},{big[i]},{mixed[i]!r}\n")
    print("wrote", name)


def write_repr_samples(name):
    """Python's repr() of doubles given by their IEEE-754 bits: every power of two (the lopsided rounding
    intervals), random bit patterns, uniforms, normals and a few hand-picked values."""
    rs = np.random.RandomState(2024)
    values = [2.0 ** e for e in range(-1074, 1024)]
    values += [-v for v in values[::97]]
    bits = rs.randint(0, 2 ** 63, size=1000, dtype=np.int64) * np.where(rs.random_sample(1000) < 0.5, 1, -1)
    values += [float(v) for v in bits.view(np.float64) if np.isfinite(v)]
    values += list(rs.random_sample(300)) + list(rs.standard_normal(300) * 10.0 ** rs.randint(-8, 20, size=300))
    values += [0.0, -0.0, 0.1, 0.5, 1.0, 100.0, 1e-4, 1e-5, 0.00012345, 1e15, 1e16, 1.5e16, 123456789012345678.0,
               2.5e-7, 5e-324, 1.7976931348623157e308, 2.2250738585072014e-308, float("nan"), float("inf"),
               float("-inf"), 9007199254740993.0, 0.30000000000000004, 2.0 ** 60 + 2.0 ** 9]
    with open(os.path.join(OUT, name), "w") as f:
        f.write("# bits (hex, IEEE-754 binary64) and repr(float) of Python %s\n" % sys.version.split()[0])
        for v in values:
            f.write("%016x %r\n" % (np.float64(v).view(np.uint64), float(v)))
    print("wrote", name, len(values), "values")


def main():
    print("sklearn", sklearn.__version__, "numpy", np.__version__, "python", sys.version.split()[0])
    os.makedirs(OUT, exist_ok=True)
    write_xy("moons-n100-noise0.1-rs1.csv", *make_moons(n_samples=100, noise=0.1, random_state=1))
    write_xy("circles-n101-factor0.5-noise0.05-rs42.csv",
             *make_circles(n_samples=101, factor=0.5, noise=0.05, random_state=42))
    write_xy("circles-n100-noshuffle-noise0.1-rs1.csv",
             *make_circles(n_samples=100, shuffle=False, noise=0.1, random_state=1))
    write_xy("circles-n100-nonoise-rs1.csv", *make_circles(n_samples=100, random_state=1))
    write_xy("moons-n101-noshuffle-nonoise.csv", *make_moons(n_samples=101, shuffle=False))
    write_random_state("numpy-randomstate-seeds-0-1-42.csv")
    write_repr_samples("python-repr-samples.txt")

    X, y = make_circles(n_samples=100, noise=0.1, random_state=1)
    expected = "x1,x2,label\n" + "".join(f"{float(a)!r},{float(b)!r},{int(l)}\n" for (a, b), l in zip(X, y))
    shared = os.path.join(OUT, "circles-n100-noise0.1-rs1.csv")
    if os.path.exists(shared):
        with open(shared) as f:
            print("circles-n100-noise0.1-rs1.csv reproduced byte for byte:", f.read() == expected)


if __name__ == "__main__":
    main()
