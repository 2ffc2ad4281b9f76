#!/usr/bin/python3
"""W1 peer: the article's XOR network (2-3-1, sigmoid) in PyTorch.

Same run as w1_xor_numpy.py: float64, examples as columns (so the weights have
the article's (n_out, n_in) shape and Z = W @ X + b), cost C = 1/(2m) * sum((Y - Yhat)^2),
autograd backward, torch.optim.SGD(lr=1) (plain SGD, no momentum: W <- W - lr*dW),
5000 full-batch epochs. The initial weights are drawn by NumPy exactly as in the
article (np.random.seed(48), W = randn(n_out, n_in) / sqrt(n_in), layer 1 first,
biases 0) and copied into the tensors so the numbers match the reference.
torch.set_num_threads(1): the matrices are 3x2, threads only add overhead.

Prints one JSON line:
  {"workload":"w1","impl":"torch","seconds":<5000 epochs only>,"final_cost":<cost at epoch 4999>}
"""
import argparse
import json
import time

import numpy as np
import torch


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5000)
    parser.add_argument("--lr", type=float, default=1.0)
    args = parser.parse_args()

    torch.set_num_threads(1)
    dtype = torch.float64

    np.random.seed(48)
    w1 = np.random.randn(3, 2) / np.sqrt(2)
    w2 = np.random.randn(1, 3) / np.sqrt(3)

    X = torch.tensor([[0, 0, 1, 1],
                      [0, 1, 0, 1]], dtype=dtype)
    Y = torch.tensor([[0, 1, 1, 0]], dtype=dtype)
    m = X.shape[1]

    W1 = torch.tensor(w1, dtype=dtype, requires_grad=True)
    b1 = torch.zeros((3, 1), dtype=dtype, requires_grad=True)
    W2 = torch.tensor(w2, dtype=dtype, requires_grad=True)
    b2 = torch.zeros((1, 1), dtype=dtype, requires_grad=True)
    optimizer = torch.optim.SGD([W1, b1, W2, b2], lr=args.lr)

    cost = torch.tensor(float("nan"), dtype=dtype)
    start = time.perf_counter()
    for _ in range(args.epochs):
        # forward
        A1 = torch.sigmoid(W1 @ X + b1)
        A2 = torch.sigmoid(W2 @ A1 + b2)
        # cost
        cost = torch.sum((Y - A2) ** 2) / (2 * m)
        # backward
        optimizer.zero_grad(set_to_none=True)
        cost.backward()
        # update
        optimizer.step()
    seconds = time.perf_counter() - start

    print(json.dumps({"workload": "w1", "impl": "torch", "seconds": seconds,
                      "final_cost": cost.item()}))


if __name__ == "__main__":
    main()
