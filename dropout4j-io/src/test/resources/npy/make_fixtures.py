"""Writes the .npy fixtures of NpyFileTest with real numpy (run once; the tests only read the files).

    python3 make_fixtures.py      # numpy 2.4.6 wrote the committed files
Every array is arange-based so the test can compute the expected values without Python.
"""
import numpy as np
from numpy.lib import format as npf


def save(name, a, version=None):
    with open(name, "wb") as f:
        npf.write_array(f, a, version=version, allow_pickle=False)


save("f4_2x3.npy", np.arange(6, dtype="<f4").reshape(2, 3) / 4)          # 0, 0.25, ... 1.25
save("f8_2x3.npy", np.arange(6, dtype="<f8").reshape(2, 3) / 3)          # k/3, rounded to float32 on read
save("i4_3x2.npy", np.arange(6, dtype="<i4").reshape(3, 2) - 2)          # -2 .. 3
save("i8_4.npy", np.arange(4, dtype="<i8") * 1000)                       # 0, 1000, 2000, 3000
save("u1_2x2.npy", np.array([[0, 7], [200, 255]], dtype="|u1"))
save("bool_3.npy", np.array([True, False, True]))
save("f4_scalar.npy", np.array(2.5, dtype="<f4"))
save("f4_2x2x3.npy", np.arange(12, dtype="<f4").reshape(2, 2, 3))
save("big_endian_f4_2.npy", np.array([1.5, -2.0], dtype=">f4"))
save("v2_f4_2x3.npy", np.arange(6, dtype="<f4").reshape(2, 3) / 4, version=(2, 0))
save("v3_f4_2x3.npy", np.arange(6, dtype="<f4").reshape(2, 3) / 4, version=(3, 0))
save("fortran_f4_2x3.npy", np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)))
save("complex_2.npy", np.array([1 + 2j, 3 - 1j], dtype="<c8"))
print("numpy", np.__version__)
