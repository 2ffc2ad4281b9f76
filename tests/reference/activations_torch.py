# The expected numbers of tests/test_activations_torch.cpp, computed with Debian's
# python3-torch in float64:  /usr/bin/python3 tests/reference/activations_torch.py
#
# A fixed network Linear(2→3), <activation>, Linear(3→1), sigmoid with binary cross-entropy
# (torch: binary_cross_entropy_with_logits), 5 examples as columns, full-batch gradient
# descent at rate 0.5 for 5 steps. Printed: the cost before each step and the parameters
# after the last, flattened row-major, as C++ initialisers.
import math
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

CASES = {
    "leaky-relu 0.01": lambda z: F.leaky_relu(z, 0.01),
    "leaky-relu 0.2": lambda z: F.leaky_relu(z, 0.2),
    "sine": torch.sin,
    "elu 1": lambda z: F.elu(z, 1.0),
    "elu 0.5": lambda z: F.elu(z, 0.5),
}


def run(activation):
    W1 = torch.tensor([[0.5, -0.3], [0.8, 0.2], [-0.6, 0.9]], requires_grad=True)
    b1 = torch.tensor([[0.1], [-0.2], [0.05]], requires_grad=True)
    W2 = torch.tensor([[0.7, -1.1, 0.4]], requires_grad=True)
    b2 = torch.tensor([[0.3]], requires_grad=True)
    X = torch.tensor([[0.0, 1.0, 0.5, -1.0, 2.0], [1.0, 0.0, -0.5, 1.5, 1.0]])
    Y = torch.tensor([[1.0, 0.0, 1.0, 0.0, 1.0]])
    params = [W1, b1, W2, b2]
    opt = torch.optim.SGD(params, lr=0.5)
    costs = []
    for _ in range(5):
        opt.zero_grad()
        Z = W2 @ activation(W1 @ X + b1) + b2
        c = F.binary_cross_entropy_with_logits(Z, Y)
        costs.append(c.item())
        c.backward()
        opt.step()
    return costs, [p.detach().flatten().tolist() for p in params]


def cpp(values):
    return "{" + ", ".join(repr(v) for v in values) + "}"


for name, activation in CASES.items():
    costs, params = run(activation)
    print(f'    {{"{name}", {cpp(costs)},')
    print("     {" + ", ".join(cpp(p) for p in params) + "}},")
