#!/usr/bin/env python3
"""PyTorch peer for `dropout4j bench mc-dropout`: Monte Carlo dropout, T stochastic passes over N inputs, batched.

Models (random Keras-style weights; the time does not depend on their values):
    circles  Linear(2, 500) relu -> Dropout(0.4) -> Linear(500, 1) sigmoid        (the circles study's model B)
    mlp      Linear(784, 512) relu -> Dropout(0.2) -> Linear(512, 512) relu -> Dropout(0.2) -> Linear(512, 10) softmax
Each pass runs the whole N-row batch with dropout active and everything else in inference mode, under
torch.no_grad(); the T outputs are stacked and summarised as dropout4j's McPrediction is (mean, standard deviation,
predictive entropy, expected entropy, mutual information), so both sides do the same work end to end.

Timing: --warmup untimed calls first, then --runs timed calls, one RESULT line each:
    RESULT {"peer": "pytorch", "torch_version": ..., "workload": "circles", "seconds": 1.23, "inputs": 10000,
            "passes": 100, "threads": 2}
Needs torch (Debian: apt-get install -y python3-torch). Run with OMP_WAIT_POLICY=PASSIVE.
Usage: python3 torch_mc_dropout.py --workload circles|mlp [--inputs 10000] [--passes 100] [--runs 3]
           [--warmup 1] [--threads 2] [--seed 1]
"""
import argparse
import json
import time

import torch
import torch.nn as nn


def model(workload):
    if workload == "circles":
        return nn.Sequential(nn.Linear(2, 500), nn.ReLU(), nn.Dropout(0.4), nn.Linear(500, 1), nn.Sigmoid())
    return nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Dropout(0.2), nn.Linear(512, 512), nn.ReLU(),
                         nn.Dropout(0.2), nn.Linear(512, 10), nn.Softmax(dim=1))


def entropy(p, binary):
    eps = 1e-7
    p = p.clamp(eps, 1 - eps)
    if binary:
        return -(p * p.log() + (1 - p) * (1 - p).log()).sum(-1)
    return -(p * p.log()).sum(-1)


def mc_predict(net, x, passes, binary):
    with torch.no_grad():
        draws = torch.stack([net(x) for _ in range(passes)])      # (T, N, outputs)
        mean = draws.mean(0)
        std = draws.std(0, unbiased=False)
        predictive = entropy(mean, binary)
        expected = entropy(draws, binary).mean(0)
        return mean, std, predictive, predictive - expected


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--workload", choices=["circles", "mlp"], required=True)
    ap.add_argument("--inputs", type=int, default=10000)
    ap.add_argument("--passes", type=int, default=100)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    net = model(a.workload)
    net.eval()
    for m in net.modules():
        if isinstance(m, nn.Dropout):
            m.train()                                             # only the dropout layers sample
    width = 2 if a.workload == "circles" else 784
    x = torch.randn(a.inputs, width) if a.workload == "circles" else torch.rand(a.inputs, width)
    binary = a.workload == "circles"
    for _ in range(a.warmup):
        mc_predict(net, x, a.passes, binary)
    for _ in range(a.runs):
        t0 = time.perf_counter()
        mc_predict(net, x, a.passes, binary)
        seconds = time.perf_counter() - t0
        print("RESULT " + json.dumps({"peer": "pytorch", "torch_version": torch.__version__, "workload": a.workload,
                                      "seconds": round(seconds, 4), "inputs": a.inputs, "passes": a.passes,
                                      "threads": a.threads}), flush=True)


if __name__ == "__main__":
    main()
