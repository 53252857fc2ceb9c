#!/usr/bin/env python3
"""Serving peer of `PredictBench`: single-row predict latency (p50/p99) and rows/s at batch 64 of the mlp
(784-512-512-10, softmax) in PyTorch, eval mode under torch.inference_mode(), with the weights dropout4j wrote as
.npy files (w00 kernel [784, 512], w01 bias, ...; x.npy 64 rows and y.npy dropout4j's predictions on them, which the
model must reproduce within 1e-5 before anything is timed). Prints one `RESULT key=value ...` line per pass."""
import argparse
import os
import time

import numpy as np
import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--weights", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--calls", type=int, default=5000)
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    files = sorted(f for f in os.listdir(a.weights) if f.startswith("w"))
    arrays = [np.load(os.path.join(a.weights, f)) for f in files]
    layers = []
    for i in range(0, len(arrays), 2):
        kernel, bias = arrays[i], arrays[i + 1]
        lin = torch.nn.Linear(kernel.shape[0], kernel.shape[1])
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(kernel.T.copy()))
            lin.bias.copy_(torch.from_numpy(bias))
        layers.append(lin)
        layers.append(torch.nn.ReLU() if i + 2 < len(arrays) else torch.nn.Softmax(dim=-1))
    model = torch.nn.Sequential(*layers).eval()
    x = torch.from_numpy(np.load(os.path.join(a.weights, "x.npy")))
    expected = np.load(os.path.join(a.weights, "y.npy"))
    with torch.inference_mode():
        diff = float(np.abs(model(x).numpy() - expected).max())
        if not diff < 1e-5:
            raise SystemExit("PyTorch and dropout4j disagree: max |difference| %g" % diff)
        print("torch %s agrees with dropout4j to %.1e" % (torch.__version__, diff), flush=True)
        one = x[:1].clone()
        for _ in range(a.runs):
            for _ in range(a.calls):
                model(one)
            lat = []
            for _ in range(a.calls):
                t0 = time.perf_counter_ns()
                model(one)
                lat.append(time.perf_counter_ns() - t0)
            lat.sort()
            p50 = lat[len(lat) // 2] / 1e3
            p99 = lat[min(len(lat) - 1, int(np.ceil(len(lat) * 0.99)) - 1)] / 1e3
            warm = time.perf_counter() + a.seconds * 0.5
            while time.perf_counter() < warm:
                model(x)
            n = 0
            t0 = time.perf_counter()
            end = t0 + a.seconds
            while True:
                model(x)
                n += 1
                now = time.perf_counter()
                if now >= end:
                    break
            rows = n * x.shape[0] / (now - t0)
            print("RESULT p50_us=%.3f p99_us=%.3f rows/s_b64=%.1f version=%s" % (p50, p99, rows, torch.__version__),
                  flush=True)


if __name__ == "__main__":
    main()
