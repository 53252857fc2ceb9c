#!/usr/bin/env bash
# Serving benchmark: single-row predict latency (p50/p99) and rows/s at batch 64 of the mlp preset in a warm JVM,
# dropout4j against ONNX Runtime's Java API (same process, same weights) and PyTorch (bench/peers/torch_predict.py,
# same weights, if /usr/bin/python3 has torch: apt-get install -y python3-torch). Options go to PredictBench:
# --runs 3 --calls 5000 --seconds 2 --python /usr/bin/python3
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
./mvnw -q -B -DskipTests package dependency:build-classpath -pl dropout4j-bench -am \
  -Dmdep.outputFile=target/cp.txt >&2
# with the Vector API module, as the launcher runs (the JDK prints "WARNING: Using incubator modules" on stderr)
exec java --add-modules jdk.incubator.vector -cp "dropout4j-bench/target/dropout4j-bench-0.1.0-SNAPSHOT.jar:$(cat dropout4j-bench/target/cp.txt)" \
  org.dropout4j.bench.serving.PredictBench --peers bench/peers "$@"
