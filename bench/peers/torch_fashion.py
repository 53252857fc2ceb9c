#!/usr/bin/env python3
"""PyTorch peer for the Fashion-MNIST presets of `dropout4j train` (workloads W2 mlp, W3 cnn, lstm), for
`dropout4j bench fashion-mlp|fashion-cnn|fashion-lstm`.

Models (the `dropout4j train` presets, Keras defaults reproduced: Glorot-uniform kernels, zero biases, LSTM
recurrent kernel orthogonal; softmax + cross-entropy fused into nn.CrossEntropyLoss on logits):
    mlp   Flatten -> Linear(784, 512) relu -> Dropout(0.2) -> Linear(512, 512) relu -> Dropout(0.2) -> Linear(512, 10)
    cnn   Conv2d(1, 32, 3) relu -> Conv2d(32, 64, 3) relu -> MaxPool2d(2) -> Dropout(0.25) -> Flatten
          -> Linear(9216, 128) relu -> Dropout(0.5) -> Linear(128, 10)
    lstm  the 28 image rows as a 28-step sequence of 28 features -> Dropout(0.2) on the inputs -> LSTM(28, 128)
          -> Linear(128, 10) on the last hidden state. nn.LSTM has no recurrent dropout (its `dropout=` acts only
          between stacked layers), so the Keras/dropout4j recurrent_dropout=0.2 is NOT reproduced: PyTorch does
          slightly less work here.
Adam(lr 1e-3, betas 0.9/0.999, eps 1e-7), batch 128, pixels / 255, a fresh shuffle of the 60 000 training
images per epoch (torch.randperm). Like Keras' fit, every batch's loss and accuracy are read back (.item()).

Timing: --warmup batches first (untimed), then --runs timed windows of --batches batches each, back to back.
Output, one line per timed window:
    RESULT {"peer": "pytorch", "torch_version": ..., "workload": "fashion-cnn", "batch_size": 128,
            "batches": 50, "seconds": 6.1, "epoch_seconds": 57.2, "threads": 2, ...}
`epoch_seconds` = seconds / (batches * batch_size) * 60000 (a 60k-image epoch, extrapolated; no evaluation).

Needs torch and numpy (Debian: apt-get install -y python3-torch; data: apt-get install -y dataset-fashion-mnist).
Usage: python3 torch_fashion.py --workload mlp|cnn|lstm [--batches 50] [--warmup 10] [--runs 1] [--threads 2]
           [--data-dir /usr/share/datasets/fashion-mnist] [--seed 1]
Run with OMP_WAIT_POLICY=PASSIVE (Debian's torch otherwise over-subscribes 2 cores with two thread pools).
"""
import argparse
import json
import os
import time

import numpy as np
import torch
import torch.nn as nn

from fashion_idx import DEFAULT_DATA_DIR, EPOCH_IMAGES, read_idx


def keras_init(model):
    for m in model.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
        if isinstance(m, nn.LSTM):
            for name, p in m.named_parameters():
                if "weight_ih" in name:
                    nn.init.xavier_uniform_(p)
                elif "weight_hh" in name:
                    nn.init.orthogonal_(p)
                else:
                    nn.init.zeros_(p)
    return model


class LstmNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.in_drop = nn.Dropout(0.2)
        self.lstm = nn.LSTM(28, 128, batch_first=True)
        self.fc = nn.Linear(128, 10)

    def forward(self, x):
        _, (h, _) = self.lstm(self.in_drop(x.reshape(-1, 28, 28)))
        return self.fc(h[-1])


def build(workload):
    if workload == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Dropout(0.2),
                             nn.Linear(512, 512), nn.ReLU(), nn.Dropout(0.2), nn.Linear(512, 10))
    if workload == "cnn":
        return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(),
                             nn.MaxPool2d(2), nn.Dropout(0.25), nn.Flatten(),
                             nn.Linear(64 * 12 * 12, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10))
    return LstmNet()


def batches(n, batch, seed):
    """Endless shuffled index batches, a new permutation per pass (epoch); a final partial batch is dropped."""
    g = torch.Generator().manual_seed(seed)
    while True:
        perm = torch.randperm(n, generator=g)
        for i in range(0, n - batch + 1, batch):
            yield perm[i:i + batch]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--workload", required=True, choices=["mlp", "cnn", "lstm"])
    p.add_argument("--batches", type=int, default=50, help="timed batches per run")
    p.add_argument("--warmup", type=int, default=10, help="untimed batches first")
    p.add_argument("--runs", type=int, default=1, help="timed windows of --batches batches")
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--threads", type=int, default=2, help="torch.set_num_threads")
    p.add_argument("--data-dir", default=DEFAULT_DATA_DIR)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args(argv)
    if a.batches < 1 or a.runs < 1 or a.threads < 1 or a.batch_size < 1 or a.warmup < 0:
        p.error(f"--batches, --runs, --threads, --batch-size must be >= 1 and --warmup >= 0, received "
                f"{a.batches}, {a.runs}, {a.threads}, {a.batch_size}, {a.warmup}")
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    images = read_idx(a.data_dir, "train-images-idx3-ubyte")
    labels = read_idx(a.data_dir, "train-labels-idx1-ubyte")
    x = torch.from_numpy(images.astype(np.float32) / 255.0).reshape(-1, 1, 28, 28)
    y = torch.from_numpy(labels.astype(np.int64))
    model = keras_init(build(a.workload))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    stream = batches(x.shape[0], a.batch_size, a.seed)

    def step():
        idx = next(stream)
        xb, yb = x[idx], y[idx]
        opt.zero_grad()
        out = model(xb)
        loss = loss_fn(out, yb)
        loss.backward()
        opt.step()
        acc = (out.detach().argmax(1) == yb).float().mean().item()  # Keras' fit tracks both per batch
        return loss.item(), acc

    for _ in range(a.warmup):
        step()
    for _ in range(a.runs):
        t0 = time.perf_counter()
        for _ in range(a.batches):
            loss, acc = step()
        seconds = time.perf_counter() - t0
        print("RESULT " + json.dumps({
            "peer": "pytorch", "torch_version": torch.__version__, "workload": "fashion-" + a.workload,
            "batch_size": a.batch_size, "batches": a.batches, "seconds": round(seconds, 4),
            "epoch_seconds": round(seconds / (a.batches * a.batch_size) * EPOCH_IMAGES, 4),
            "warmup_batches": a.warmup, "threads": torch.get_num_threads(),
            "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", ""), "last_loss": loss,
            "last_accuracy": acc}), flush=True)


if __name__ == "__main__":
    main()
