#!/usr/bin/env bash
# From a clean clone: trains the circles models briefly and exports them (./dropout4j circles --export-tfjs
# web/models), installs web/'s npm packages (npm ci), installs Debian's chromium when missing (as root), then serves
# the demo page on 127.0.0.1 and checks in headless Chromium that TF.js' predictions match dropout4j's.
# One line per model; exit status non-zero on any mismatch, load failure or time-out.
#   web/run-browser-check.sh [EPOCHS]      (default 500)
set -euo pipefail
web="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$web/.." && pwd)"
epochs="${1:-500}"
chromium_bin="${CHROMIUM:-/usr/bin/chromium}"

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "run-browser-check: $tool not found; install Node.js 18+ (Debian: apt-get install -y nodejs npm)" >&2
    exit 1
  fi
done

if [ ! -x "$chromium_bin" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "run-browser-check: installing Debian's chromium" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  else
    echo "run-browser-check: no Chromium at $chromium_bin. Install Debian's package as root" \
      "(apt-get install -y chromium) or set CHROMIUM=/path/to/chromium." >&2
    exit 1
  fi
fi

echo "run-browser-check: training and exporting the circles models ($epochs epochs)" >&2
(cd "$repo" && ./dropout4j circles --epochs "$epochs" --repeats 1 --threads 2 --out "$web/target/circles" \
  --export-tfjs "$web/models" --export-rates 0,0.2,0.4,0.6,0.8) >&2

echo "run-browser-check: npm ci" >&2
(cd "$web" && npm ci --no-audit --no-fund --loglevel=error) >&2

cd "$web"
CHROMIUM="$chromium_bin" node test/browser-check.mjs
