#!/usr/bin/python3
"""Regenerates tests/io/corpus: small .npy files written by NumPy itself (valid_*) and broken
variants (bad_*). The valid files are the reader's independent reference: element (i, j, ...)
of every valid array holds value(i, j, ...) below, which test_npy_reader.cpp recomputes.
They are also the libFuzzer seed corpus. Run: /usr/bin/python3 tests/io/make_npy_corpus.py"""
import io
import os

import numpy as np
from numpy.lib import format as npf

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def value(shape, dtype):
    """C-order element k (0-based) holds k + 1 (+ i(k + 1)/2 for complex): exact in every dtype."""
    k = np.arange(1, int(np.prod(shape)) + 1, dtype=np.float64).reshape(shape)
    if np.issubdtype(dtype, np.complexfloating):
        return (k - 0.5j * k).astype(dtype)
    if dtype == np.bool_:
        return (k.astype(np.int64) % 2 == 0)
    if np.issubdtype(dtype, np.signedinteger):
        return (-k).astype(dtype)
    return k.astype(dtype)


def save(name, arr, version=None, fortran=False):
    if fortran:
        arr = np.asfortranarray(arr)
    buf = io.BytesIO()
    if version is None:
        np.save(buf, arr, allow_pickle=False)
    else:
        npf.write_array(buf, arr, version=version, allow_pickle=False)
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(buf.getvalue())
    return buf.getvalue()


def main():
    os.makedirs(HERE, exist_ok=True)
    save("valid_f8_2x3.npy", value((2, 3), np.float64))
    save("valid_f8_3x2_fortran.npy", value((3, 2), np.float64), fortran=True)
    save("valid_f8_2x3x4_fortran.npy", value((2, 3, 4), np.float64), fortran=True)
    save("valid_f8be_4.npy", value((4,), np.dtype(">f8")))
    save("valid_c16_3.npy", value((3,), np.complex128))
    save("valid_c16be_2x2.npy", value((2, 2), np.dtype(">c16")))
    save("valid_c8_2x2_fortran.npy", value((2, 2), np.complex64), fortran=True)
    save("valid_f4_5.npy", value((5,), np.float32))
    save("valid_f4be_5.npy", value((5,), np.dtype(">f4")))
    save("valid_i8_3.npy", value((3,), np.int64))
    save("valid_i4be_3.npy", value((3,), np.dtype(">i4")))
    save("valid_i1_3.npy", value((3,), np.int8))
    save("valid_u2_3.npy", value((3,), np.uint16))
    save("valid_bool_4.npy", value((4,), np.bool_))
    save("valid_f8_scalar.npy", value((), np.float64))
    save("valid_f8_v2_2x2.npy", value((2, 2), np.float64), version=(2, 0))
    save("valid_f8_v3_3.npy", value((3,), np.float64), version=(3, 0))

    good = save("bad_truncated_f8_4x4.npy", value((4, 4), np.float64))
    with open(os.path.join(HERE, "bad_truncated_f8_4x4.npy"), "wb") as f:
        f.write(good[:-13])
    with open(os.path.join(HERE, "bad_header_cut.npy"), "wb") as f:
        f.write(good[:40])
    lying = good.replace(b"(4, 4)", b"(9, 4)")
    with open(os.path.join(HERE, "bad_lying_shape.npy"), "wb") as f:
        f.write(lying)
    save("bad_zero_size.npy", np.zeros((0, 3)))
    save("bad_unicode.npy", np.array(["ab", "cd"]))
    save("bad_structured.npy", np.zeros(2, dtype=[("a", "<f8"), ("b", "<i4")]))
    with open(os.path.join(HERE, "bad_object.npy"), "wb") as f:
        np.save(f, np.array([1, "x"], dtype=object), allow_pickle=True)
    with open(os.path.join(HERE, "bad_magic.npy"), "wb") as f:
        f.write(b"\x93NUMPX" + good[6:])


if __name__ == "__main__":
    main()
