#!/usr/bin/env bash
# Runs every program of examples/ shortened (--quick), after a build that packaged the examples module
# (./mvnw package or install). The Fashion-MNIST programs are skipped, saying so, when the data set is missing,
# unless DROPOUT4J_REQUIRE_FASHION_MNIST=1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cp="examples/target/classes:dropout4j-core/target/classes:dropout4j-io/target/classes:$(cat examples/target/classpath.txt)"
run() {
  echo "== $1"
  local start=$SECONDS
  java -cp "$cp" "org.dropout4j.examples.$1" --quick
  echo "== $1: $((SECONDS - start)) s"
}
run CirclesCaseStudy
run McDropoutUncertainty
run ExportToTfjs target/tfjs-example
test -s target/tfjs-example/model.json

fashion=${DROPOUT4J_FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
if [ -e "$fashion/train-images-idx3-ubyte.gz" ] || [ -e "$fashion/train-images-idx3-ubyte" ] \
    || [ "${DROPOUT4J_REQUIRE_FASHION_MNIST:-0}" = 1 ]; then
  for c in MlpClassifier CnnDropout LstmDropout SpatialDropoutCnn; do
    run "$c"
  done
else
  echo "skipping the Fashion-MNIST examples: no data in $fashion (sudo apt-get install -y dataset-fashion-mnist)"
fi
