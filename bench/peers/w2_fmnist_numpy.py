#!/usr/bin/python3
"""W2 peer: Fashion-MNIST MLP 784-256-128-10 in plain NumPy.

Hand-written forward and backward in the article's style (forward, cost,
backward, update), float32 throughout. Layout: examples are ROWS here (a batch
is B x 784, so gathering a shuffled batch copies contiguous rows); the weights
keep the article's (n_out, n_in) shape and a layer computes Z = A_prev @ W.T + b,
which NumPy hands to BLAS as a transposed GEMM (no copy).

ReLU hidden layers, softmax cross-entropy (mean over the batch), SGD with
momentum in PyTorch's formula (v = mu*v + g; theta -= lr*v), lr 0.05, mu 0.9,
batch 128, the 60000 training examples shuffled each epoch, last partial batch
(96 examples) kept. Init: He normal, W = randn(n_out, n_in) * sqrt(2/n_in),
biases 0 (numpy.random.default_rng(seed)).

Threads: --threads T sets OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and
MKL_NUM_THREADS to T before NumPy is imported (compare.sh sets them too).

Each epoch is timed with perf_counter around that epoch's training loop only
(shuffle, batch gather, forward, backward, update). Prints one JSON line:
  {"workload":"w2","impl":"numpy","threads":T,"epoch_seconds":[...],
   "median_seconds":<median of epochs 2..N>,"test_accuracy":...,"train_cost":<last epoch's mean batch cost>,...}
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fmnist  # noqa: E402  (imports no NumPy yet)


def main():
    args = fmnist.parse_args(__doc__)  # sets the thread variables: before NumPy/torch

    import numpy as np

    f32 = np.float32
    x_train, y_train = fmnist.load("train")
    x_test, y_test = fmnist.load("t10k")
    n = x_train.shape[0]

    rng = np.random.default_rng(args.seed)
    sizes = [784, 256, 128, 10]
    W = [(rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / n_in)).astype(f32)
         for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    b = [np.zeros(n_out, dtype=f32) for n_out in sizes[1:]]
    vW = [np.zeros_like(w) for w in W]
    vb = [np.zeros_like(v) for v in b]
    lr, mu = f32(args.lr), f32(args.momentum)

    def forward(X):
        Z1 = X @ W[0].T + b[0]
        A1 = np.maximum(Z1, 0)
        Z2 = A1 @ W[1].T + b[1]
        A2 = np.maximum(Z2, 0)
        Z3 = A2 @ W[2].T + b[2]
        return A1, A2, Z3

    def step(X, y):
        m = X.shape[0]
        # forward
        A1, A2, Z3 = forward(X)
        # cost: softmax cross-entropy, shifted by the row max for stability
        Z3 -= Z3.max(axis=1, keepdims=True)
        E = np.exp(Z3)
        S = E.sum(axis=1, keepdims=True)
        rows = np.arange(m)
        cost = float(np.mean(np.log(S[:, 0]) - Z3[rows, y]))
        # backward: dC/dZ3 = (softmax - onehot) / m
        dZ3 = E / S
        dZ3[rows, y] -= 1
        dZ3 /= f32(m)
        dW3 = dZ3.T @ A2
        db3 = dZ3.sum(axis=0)
        dZ2 = dZ3 @ W[2]
        dZ2 *= A2 > 0
        dW2 = dZ2.T @ A1
        db2 = dZ2.sum(axis=0)
        dZ1 = dZ2 @ W[1]
        dZ1 *= A1 > 0
        dW1 = dZ1.T @ X
        db1 = dZ1.sum(axis=0)
        # update: v = mu*v + g; theta -= lr*v
        for p, v, g in zip(W + b, vW + vb, (dW1, dW2, dW3, db1, db2, db3)):
            v *= mu
            v += g
            p -= lr * v
        return cost

    epoch_seconds = []
    epoch_costs = []
    for _ in range(args.epochs):
        total = 0.0
        batches = 0
        start = time.perf_counter()
        order = rng.permutation(n)
        for i in range(0, n, args.batch):
            idx = order[i:i + args.batch]
            total += step(x_train[idx], y_train[idx])
            batches += 1
        epoch_seconds.append(time.perf_counter() - start)
        epoch_costs.append(total / batches)

    _, _, Z3 = forward(x_test)
    test_accuracy = float(np.mean(Z3.argmax(axis=1) == y_test))

    assert all(w.dtype == f32 for w in W + b), "a parameter left float32"
    fmnist.print_result("numpy", args, epoch_seconds, epoch_costs, test_accuracy,
                        layout="examples as rows", version=np.__version__)


if __name__ == "__main__":
    main()
