#!/usr/bin/python3
"""W1 peer: the article's XOR network (2-3-1, sigmoid) in plain NumPy.

The article's style: vectorised, examples as columns, forward -> cost -> backward
-> update, float64. Squared-error cost C = 1/(2m) * sum((Y - Yhat)^2), learning
rate 1, 5000 full-batch epochs, Xavier init W = randn(n_out, n_in) / sqrt(n_in),
biases 0, np.random.seed(48) with layer 1 drawn before layer 2.

Prints one JSON line:
  {"workload":"w1","impl":"numpy","seconds":<5000 epochs only>,"final_cost":<cost at epoch 4999>}
"final_cost" is the cost of the forward pass of the last epoch (4999), before
that epoch's update, as in the article's log; "cost_after_training" (not
timed) is the cost after the last update.
"""
import argparse
import json
import time

import numpy as np

REFERENCE_FINAL_COST = 0.0008926880678235163


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def xavier(n_out, n_in):
    return np.random.randn(n_out, n_in) / np.sqrt(n_in)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5000)
    parser.add_argument("--lr", type=float, default=1.0)
    parser.add_argument("--print-weights", action="store_true",
                        help="print the seed-48 initial weights with 17 significant digits and exit")
    args = parser.parse_args()

    X = np.array([[0, 0, 1, 1],
                  [0, 1, 0, 1]], dtype=np.float64)
    Y = np.array([[0, 1, 1, 0]], dtype=np.float64)
    m = X.shape[1]

    np.random.seed(48)
    W1 = xavier(3, 2)
    b1 = np.zeros((3, 1))
    W2 = xavier(1, 3)
    b2 = np.zeros((1, 1))

    if args.print_weights:
        for name, w in (("W1", W1), ("W2", W2)):
            print(name, [[format(v, ".17g") for v in row] for row in w])
        return

    lr = args.lr
    cost = float("nan")
    start = time.perf_counter()
    for _ in range(args.epochs):
        # forward
        Z1 = W1 @ X + b1
        A1 = sigmoid(Z1)
        Z2 = W2 @ A1 + b2
        A2 = sigmoid(Z2)
        # cost
        cost = (1.0 / (2 * m)) * np.sum(np.square(Y - A2))
        # backward
        dA2 = -(Y - A2) / m
        dZ2 = dA2 * A2 * (1 - A2)
        dW2 = dZ2 @ A1.T
        db2 = np.sum(dZ2, axis=1, keepdims=True)
        dA1 = W2.T @ dZ2
        dZ1 = dA1 * A1 * (1 - A1)
        dW1 = dZ1 @ X.T
        db1 = np.sum(dZ1, axis=1, keepdims=True)
        # update
        W1 = W1 - lr * dW1
        b1 = b1 - lr * db1
        W2 = W2 - lr * dW2
        b2 = b2 - lr * db2
    seconds = time.perf_counter() - start

    # Not timed: the cost of the trained network (a forward pass after the last
    # update), which is what a "final cost" printed after training usually is.
    A2 = sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2)
    cost_after = (1.0 / (2 * m)) * np.sum(np.square(Y - A2))

    print(json.dumps({"workload": "w1", "impl": "numpy", "seconds": seconds,
                      "final_cost": float(cost), "cost_after_training": float(cost_after)}))


if __name__ == "__main__":
    main()
