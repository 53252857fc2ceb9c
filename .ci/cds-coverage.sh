#!/usr/bin/env bash
# The launcher's class-data-sharing archive covers `mc-predict` and `predict`: once the launcher has made it, a run of
# each loads no class from a jar file (neither the project's nor a dependency's; lambda forms, lambdas and proxies,
# which are generated at run time, and the few JDK classes outside the archive are not from a jar). Fails when the
# archive is missing, stale or made from a run that did not load what these commands load. On JDK 25 and later (an AOT
# cache) picocli's classes are exempt, with the few of ours that implement its interfaces: their class files are
# older than Java 6, which an AOT cache of JDK 25 cannot hold once linked (the static archive of JDK 17-24 does).
# Usage: bash .ci/cds-coverage.sh [WORK_DIR]   (JAVA_HOME picks the JDK, as for the launcher)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
work="${1:-target/ci-cds}"
rm -rf "$work"
mkdir -p "$work"
./dropout4j circles --repeats 1 --epochs 50 --no-progress --out "$work/circles" --export-tfjs "$work/tfjs" >/dev/null
./dropout4j convert --input-format=tfjs --output-format=dropout4j "$work/tfjs/dropout" "$work/m.d4j" >/dev/null
./dropout4j data circles --samples 500 --noise 0.1 --seed 1 --output "$work/all.csv" >/dev/null
cut -d, -f1,2 "$work/all.csv" > "$work/x.csv"
java_bin=java
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java_bin="$JAVA_HOME/bin/java"; fi
major=$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
exempt='^$' but=""
if [ "${major%%.*}" -ge 25 ]; then
  exempt='/picocli-[^/]*\.jar$|\.cli\.NumberOptions\$[A-Za-z0-9]*Converter |\.cli\.Main\$ExceptionReport '
  but=" but picocli's"
fi

check() {
  local name="$1" log="$work/$1.classes"
  shift
  DROPOUT4J_JAVA_OPTS="-Xlog:class+load=info:file=$log" ./dropout4j "$@" >/dev/null 2>"$work/$name.err" || {
    cat "$work/$name.err" >&2; echo "CI: dropout4j $* failed" >&2; exit 1; }
  local total shared jars
  total=$(grep -c 'class,load' "$log" || true)
  shared=$(grep -c 'source: shared objects file' "$log" || true)
  jars=$(grep -E 'source: (file|jar):' "$log" | grep -Ev "$exempt" || true)
  if [ -n "$jars" ]; then
    echo "CI: dropout4j $name loaded $(printf '%s\n' "$jars" | wc -l) of $total classes from jar files instead of" \
      "the class-data-sharing archive (DROPOUT4J_CDS, dropout4j-cli/target/cds/), e.g.:" >&2
    printf '%s\n' "$jars" | head -20 >&2
    exit 1
  fi
  echo "CI: dropout4j $name: $shared of $total classes from the class-data-sharing archive, none from a jar$but"
}
check mc-predict mc-predict "$work/m.d4j" --x "$work/x.csv" --passes 10 --seed 1 --output "$work/mc.csv"
check predict predict "$work/m.d4j" --x "$work/x.csv" --output "$work/predict.csv"
