"""What the W2 peers share: their flags, their thread settings, Fashion-MNIST read
with gzip + NumPy, and the JSON line they print.

Images come back as float32 rows (one example a row, 784 pixels, divided by
255), labels as int64. No download: the files must be in DATA_DIR (default
/usr/share/datasets/fashion-mnist, override with $FASHION_MNIST_DIR).
Shared by w2_fmnist_numpy.py and w2_fmnist_torch.py.

NumPy is imported inside the functions: parse_args() must set the thread
variables before NumPy (or PyTorch) is first imported.
"""
import argparse
import gzip
import json
import os
import re
import statistics
import struct

DATA_DIR = os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist")


def parse_args(doc):
    """The peers' flags; sets OMP/OPENBLAS/MKL_NUM_THREADS to --threads."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--momentum", type=float, default=0.9)
    parser.add_argument("--batch", type=int, default=128)
    args = parser.parse_args()
    if args.epochs < 1 or args.threads < 1 or args.batch < 1:
        parser.error("--epochs, --threads and --batch must be positive")
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    return args


def print_result(impl, args, epoch_seconds, epoch_costs, test_accuracy, **extra):
    """The one JSON line compare.sh reads; s/epoch is the median of epochs 2..N."""
    later = epoch_seconds[1:] if len(epoch_seconds) > 1 else epoch_seconds
    print(json.dumps({
        "workload": "w2", "impl": impl, "threads": args.threads,
        "epoch_seconds": epoch_seconds, "median_seconds": statistics.median(later),
        "test_accuracy": test_accuracy, "train_cost": epoch_costs[-1],
        "epoch_costs": epoch_costs, "epochs": args.epochs, "batch": args.batch,
        "init": "he_normal", **extra, "libraries": loaded_blas(),
    }))


def _read_idx(path, magic):
    import numpy as np

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
    import numpy as np
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
