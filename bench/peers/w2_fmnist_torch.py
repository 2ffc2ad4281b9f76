#!/usr/bin/python3
"""W2 peer: Fashion-MNIST MLP 784-256-128-10 in PyTorch.

ReLU hidden layers, softmax cross-entropy (nn.functional.cross_entropy, mean over
the batch), torch.optim.SGD(lr=0.05, momentum=0.9) (PyTorch's formula:
v = mu*v + g; theta -= lr*v), batch 128, float32, the 60000 training examples
shuffled each epoch (torch.randperm), last partial batch (96 examples) kept.
Init: He/Kaiming normal, W ~ N(0, 2/fan_in) (nn.init.kaiming_normal_ with
nonlinearity="relu"), biases 0 -- the same scheme as scratchnet's --init he.
The whole training set is a tensor in memory and batches are gathered by index
(no DataLoader, whose per-batch overhead would not be PyTorch's compute).

Threads: --threads T calls torch.set_num_threads(T) and sets OMP_NUM_THREADS,
OPENBLAS_NUM_THREADS, MKL_NUM_THREADS to T before torch is imported
(compare.sh sets them in the environment too).

Each epoch is timed with perf_counter around that epoch's training loop only
(shuffle, batch gather, forward, backward, step); loading and the test pass are
outside. Prints one JSON line:
  {"workload":"w2","impl":"torch","threads":T,"epoch_seconds":[...],
   "median_seconds":<median of epochs 2..N>,"test_accuracy":...,"train_cost":<last epoch's mean batch cost>,...}
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fmnist  # noqa: E402  (imports no NumPy yet)


def main():
    args = fmnist.parse_args(__doc__)  # sets the thread variables: before NumPy/torch

    import torch
    import torch.nn.functional as F

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    x_train, y_train = (torch.from_numpy(a) for a in fmnist.load("train"))
    x_test, y_test = (torch.from_numpy(a) for a in fmnist.load("t10k"))
    n = x_train.shape[0]

    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 10),
    )
    for layer in model:
        if isinstance(layer, torch.nn.Linear):
            torch.nn.init.kaiming_normal_(layer.weight, mode="fan_in", nonlinearity="relu")
            torch.nn.init.zeros_(layer.bias)
    model = model.to(torch.float32)
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum)

    epoch_seconds = []
    epoch_costs = []
    for _ in range(args.epochs):
        model.train()
        total = 0.0
        batches = 0
        start = time.perf_counter()
        order = torch.randperm(n)
        for i in range(0, n, args.batch):
            idx = order[i:i + args.batch]
            xb, yb = x_train[idx], y_train[idx]
            loss = F.cross_entropy(model(xb), yb)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            total += loss.item()
            batches += 1
        epoch_seconds.append(time.perf_counter() - start)
        epoch_costs.append(total / batches)

    model.eval()
    with torch.no_grad():
        test_accuracy = (model(x_test).argmax(dim=1) == y_test).float().mean().item()

    fmnist.print_result("torch", args, epoch_seconds, epoch_costs, test_accuracy,
                        torch_threads=torch.get_num_threads(), version=torch.__version__)


if __name__ == "__main__":
    main()
