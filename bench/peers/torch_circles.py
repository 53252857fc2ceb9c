#!/usr/bin/env python3
"""PyTorch peer for the circles dropout case study (workload W1), for `dropout4j bench`.

Model (Keras defaults reproduced):
    Dense(500, relu, input 2) -> [Dropout(rate) if rate > 0] -> Dense(1, sigmoid)
    kernels Glorot-uniform, biases zero; binary cross-entropy; Adam(lr 1e-3, betas 0.9/0.999, eps 1e-7);
    batch 32 with a fresh shuffle every epoch (30 training rows = 1 batch); training loss and accuracy computed
    for every batch and the test set evaluated (loss and accuracy) after every epoch, as Keras'
    fit(validation_data=...) does for its History.

Data: --data CSV with header x1,x2,label; data rows 1..30 train, 31..100 test (make_circles(n_samples=100,
noise=0.1, random_state=1)).

Output: one line per timed run,
    RESULT {"peer": "pytorch", "torch_version": ..., "rate": ..., "epochs": ..., "seconds": ...,
            "train_acc": ..., "test_acc": ..., "seed": ..., "threads": ...}
`seconds` is the wall time of the whole training loop including the per-epoch evaluation, model build excluded.
train_acc / test_acc are evaluated after training with dropout off (like Keras' model.evaluate).

Needs only torch (no numpy). Works with Debian's python3-torch 1.13 and pip's torch 2.x.
Usage: python3 torch_circles.py --data circles.csv [--epochs 4000] [--runs 1] [--rate 0.0 0.4] [--threads 2]
"""
import argparse
import csv
import json
import sys
import time

import torch
import torch.nn as nn

TRAIN_ROWS = 30
TOTAL_ROWS = 100
BATCH = 32


def load_circles(path):
    """(x_train, y_train, x_test, y_test) as float32 tensors; y has shape (n, 1)."""
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        if [h.strip() for h in header[:3]] != ["x1", "x2", "label"]:
            sys.exit(f"{path}: expected header x1,x2,label, found {header}")
        rows = [[float(v) for v in row[:3]] for row in reader if row]
    if len(rows) != TOTAL_ROWS:
        sys.exit(f"{path}: expected {TOTAL_ROWS} data rows (30 train + 70 test), found {len(rows)}")
    data = torch.tensor(rows, dtype=torch.float32)
    x, y = data[:, :2].contiguous(), data[:, 2:3].contiguous()
    return x[:TRAIN_ROWS], y[:TRAIN_ROWS], x[TRAIN_ROWS:], y[TRAIN_ROWS:]


def build(rate):
    layers = [nn.Linear(2, 500), nn.ReLU()]
    if rate > 0:
        layers.append(nn.Dropout(rate))
    layers += [nn.Linear(500, 1), nn.Sigmoid()]
    model = nn.Sequential(*layers)
    for m in model.modules():
        if isinstance(m, nn.Linear):  # Keras defaults
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    return model


def accuracy(out, y):
    return ((out > 0.5).float() == y).float().mean().item()


def run(rate, seed, epochs, data):
    xtr, ytr, xte, yte = data
    torch.manual_seed(seed)
    model = build(rate)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    loss_fn = nn.BCELoss()
    n = xtr.shape[0]
    t0 = time.perf_counter()
    for _ in range(epochs):
        model.train()
        perm = torch.randperm(n)
        for i in range(0, n, BATCH):
            idx = perm[i:i + BATCH]
            opt.zero_grad()
            out = model(xtr[idx])
            loss = loss_fn(out, ytr[idx])
            loss.backward()
            opt.step()
            loss.item()  # Keras' fit tracks the training loss and accuracy of each batch
            accuracy(out.detach(), ytr[idx])
        model.eval()
        with torch.no_grad():  # validation_data: loss + accuracy on the test rows every epoch
            out = model(xte)
            loss_fn(out, yte).item()
            accuracy(out, yte)
    seconds = time.perf_counter() - t0
    model.eval()
    with torch.no_grad():
        return seconds, accuracy(model(xtr), ytr), accuracy(model(xte), yte)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", required=True, help="circles CSV (x1,x2,label; rows 1..30 train, 31..100 test)")
    p.add_argument("--epochs", type=int, default=4000)
    p.add_argument("--runs", type=int, default=1, help="timed runs per rate (seeds --seed, --seed+1, ...)")
    p.add_argument("--rate", type=float, nargs="+", default=[0.0, 0.4], help="dropout rates (0 = no Dropout layer)")
    p.add_argument("--threads", type=int, default=2, help="torch.set_num_threads")
    p.add_argument("--seed", type=int, default=1000, help="seed of the first run")
    a = p.parse_args(argv)
    if a.epochs < 1 or a.runs < 1 or a.threads < 1:
        p.error(f"--epochs, --runs and --threads must be >= 1, received {a.epochs}, {a.runs}, {a.threads}")
    for r in a.rate:
        if not 0.0 <= r < 1.0:
            p.error(f"invalid value for --rate: expected a float in [0, 1), received rate={r}")
    torch.set_num_threads(a.threads)
    data = load_circles(a.data)
    for rate in a.rate:
        for k in range(a.runs):
            seconds, train_acc, test_acc = run(rate, a.seed + k, a.epochs, data)
            print("RESULT " + json.dumps({
                "peer": "pytorch", "torch_version": torch.__version__, "rate": rate, "epochs": a.epochs,
                "seconds": round(seconds, 4), "train_acc": train_acc, "test_acc": test_acc,
                "seed": a.seed + k, "threads": torch.get_num_threads()}), flush=True)


if __name__ == "__main__":
    main()
