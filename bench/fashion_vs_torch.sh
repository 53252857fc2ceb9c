#!/usr/bin/env bash
# Same-run speed comparison of `dropout4j train` against the PyTorch peer on Fashion-MNIST (W2 mlp, W3 cnn).
# The machine is shared: run the two back to back, alternating, and compare ratios from the same run, never
# absolute numbers from different times. Each line of the log carries the load average before the step.
#
# usage: bench/fashion_vs_torch.sh [LOG] [CNN_LIMIT]
#   PEER=path/to/peer_torch.py (default: ../shared/peers/torch/peer_torch.py beside the repository)
#   JAVA_OPTS=... extra JVM options for dropout4j (e.g. -Ddropout4j.blas=java)
#   OPENBLAS_NUM_THREADS=1 is worth trying on a loaded machine: on 2026-11-24 (load 5-11 on 2 cores) one OpenBLAS
#   thread trained the mlp 5x faster than two (13.6 s vs 2.7 s per 12800 images), whose workers spin for a core
# Needs: apt-get install -y python3-torch dataset-fashion-mnist
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log="${1:-$here/runs/fashion_vs_torch.log}"
limit="${2:-1280}"
peer="${PEER:-$here/../shared/peers/torch/peer_torch.py}"
mkdir -p "$(dirname "$log")"
: > "$log"
step() {
  echo "=== $* | load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$log"
  /usr/bin/time -f "TIME elapsed %e user %U sys %S maxrss_kb %M" "$@" 2>&1 \
    | grep "RESULT\|seconds per epoch\|TIME\|test accuracy" >> "$log" || true
}
d4j() { JAVA_TOOL_OPTIONS="${JAVA_OPTS:-}" "$here/dropout4j" train "$@" --no-validate --out "$here/runs/bench_tmp"; }
(cd "$(dirname "$peer")/.." && step env OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 "$peer" w3 --epochs 2 --limit "$limit")
step d4j --model cnn --epochs 2 --train-rows "$limit" --test-rows 500
(cd "$(dirname "$peer")/.." && step env OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 "$peer" w2 --epochs 2)
step d4j --model mlp --epochs 2
echo "done: $log (compare epoch 2: RESULT epoch_s vs 'seconds per epoch')"
