"""Fashion-MNIST for the W2 peers: read the IDX files with gzip + NumPy.

Images come back as float32 rows (one example a row, 784 pixels, divided by
255), labels as int64. No download: the files must be in DATA_DIR (default
/usr/share/datasets/fashion-mnist, override with $FASHION_MNIST_DIR).
Shared by w2_fmnist_numpy.py and w2_fmnist_torch.py.
"""
import gzip
import os
import re
import struct

import numpy as np

DATA_DIR = os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist")


def _read_idx(path, magic):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    found, = struct.unpack(">I", raw[:4])
    if found != magic:
        raise ValueError(f"{path}: magic {found:#x}, expected {magic:#x}")
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if data.size != int(np.prod(dims)):
        raise ValueError(f"{path}: {data.size} bytes of data for shape {dims}")
    return data.reshape(dims)


def load(split):
    """split: "train" or "t10k". Returns (images float32 (n, 784), labels int64 (n,))."""
    images = _read_idx(os.path.join(DATA_DIR, f"{split}-images-idx3-ubyte.gz"), 0x803)
    labels = _read_idx(os.path.join(DATA_DIR, f"{split}-labels-idx1-ubyte.gz"), 0x801)
    x = images.reshape(images.shape[0], -1).astype(np.float32) / np.float32(255)
    return x, labels.astype(np.int64)


def loaded_blas():
    """The BLAS-like shared libraries this process has mapped (for the record)."""
    names = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1]
                if re.search(r"(blas|mkl|dnnl|gomp|omp)[^/]*\.so", os.path.basename(path)):
                    names.add(path)
    except OSError:
        pass
    return sorted(names)
