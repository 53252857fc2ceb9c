#!/usr/bin/env bash
# Whole-process race of the circles case study as a user runs it: `./dropout4j circles --repeats 1` (both models,
# 4000 epochs, validation every epoch, plots, CSV and JSON) against the whole PyTorch script training the same two
# models (bench/peers/torch_circles.py --rate 0.0 0.4, Debian's python3-torch), alternating, N passes each (default
# 5); prints every pass, then min/median/max and the ratio of the medians. The launcher's jar and class-data archive
# are made first (one untimed run), as a user's second run finds them. The launcher's JDK is the one the race uses:
# JAVA_HOME=/path/to/jdk-25 bench/process.sh races with JDK 25 and its AOT cache instead of JDK 17's AppCDS archive.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
passes="${1:-5}"
python="${PYTHON:-/usr/bin/python3}"
if ! "$python" -c "import torch" 2>/dev/null; then
  echo "process.sh: $python has no torch; install it with: apt-get install -y python3-torch (or set PYTHON)" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
./dropout4j data circles --samples 100 --noise 0.1 --seed 1 --output "$work/circles.csv" >/dev/null
./dropout4j circles --repeats 1 --out "$work/warm" >/dev/null 2>&1
now() { date +%s.%N; }
d4j=(); torch=()
for i in $(seq "$passes"); do
  t0="$(now)"; ./dropout4j circles --repeats 1 --out "$work/run" >/dev/null 2>&1; t1="$(now)"
  "$python" bench/peers/torch_circles.py --data "$work/circles.csv" --rate 0.0 0.4 --runs 1 >/dev/null 2>&1; t2="$(now)"
  a="$(echo "$t1 - $t0" | bc)"; b="$(echo "$t2 - $t1" | bc)"
  d4j+=("$a"); torch+=("$b")
  printf 'pass %d: dropout4j %.2f s, pytorch %.2f s\n' "$i" "$a" "$b"
done
stats() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {printf "min %.2f median %.2f max %.2f", v[1], v[int((NR+1)/2)], v[NR]}'; }
med() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
echo "dropout4j circles --repeats 1 (whole process): $(stats "${d4j[@]}") s"
echo "pytorch $("$python" -c 'import torch; print(torch.__version__)') torch_circles.py (whole process): $(stats "${torch[@]}") s"
jdk="${JAVA_HOME:+$JAVA_HOME/bin/}java"
echo "dropout4j ran on: $("$jdk" -version 2>&1 | head -1)"
printf 'pytorch / dropout4j (medians): %.1fx; load average %s\n' "$(echo "$(med "${torch[@]}") / $(med "${d4j[@]}")" | bc -l)" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
