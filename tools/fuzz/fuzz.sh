#!/usr/bin/env bash
# Fuzzes one loader with Jazzer (coverage-guided) for as long as asked:
#   tools/fuzz/fuzz.sh TARGET [DURATION]
# TARGET: d4j keras h5 tfjs npy idx idxGz csv (dropout4j-io, LoaderFuzzTest) or spec (dropout4j-cli, SpecFuzzTest);
# DURATION as for timeout(1): 90s, 20m, 2h (default 10m). Needs only a JDK 17+ (Maven through ./mvnw).
# A finding (an input that throws anything but the loader's documented exception, or takes over 20 s) is written
# by Jazzer into the target's seed folder src/test/resources/org/dropout4j/.../<Class>Inputs/<target>/ as crash-*;
# from then on every build replays it (LoaderMutationTest / SpecMutationTest run all seeds): fix it, keep the file.
set -euo pipefail
target="${1:?usage: tools/fuzz/fuzz.sh TARGET [DURATION]}"
duration="${2:-10m}"
cd "$(dirname "$0")/../.."
module=dropout4j-io
class=LoaderFuzzTest
if [ "$target" = spec ]; then
  module=dropout4j-cli
  class=SpecFuzzTest
fi
# build first, so that DURATION is fuzzing time
./mvnw -q -B test-compile -pl "$module" -am
log="$(mktemp)"
status=0
JAZZER_FUZZ=1 timeout --signal=INT --kill-after=30s "$duration" \
  ./mvnw -o -B test -pl "$module" -am -Dtest="$class#$target" -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest.excludedGroups=none 2>&1 | tee "$log" | grep -vE "^INFO: Instrumented|^\[INFO\] (Download|Copying|Using)" \
  || status=${PIPESTATUS[0]}
if ! grep -q "INITED" "$log"; then
  echo "fuzz.sh: $target: the fuzzer did not start within $duration (see $log)" >&2
  exit 1
fi
runs="$(grep -oE "^#[0-9]+" "$log" | tail -1)"
if [ "$status" = 124 ] || [ "$status" = 130 ]; then
  echo "fuzz.sh: $target: no finding in $duration (${runs#\#} inputs run)" >&2
  exit 0
fi
exit "$status"
