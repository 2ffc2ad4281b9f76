#!/usr/bin/env bash
# The playground's browser tests against a real server:
#   tests/browser/run.sh SCRATCHNET_BINARY OUTPUT_DIR
# starts `SCRATCHNET_BINARY serve --port 0`, runs every *.test.mjs here in headless Chromium
# (playwright-core, /usr/bin/chromium or $CHROMIUM), writes the screenshots and the server's
# log into OUTPUT_DIR and stops the server. Exits non-zero when any test fails.
# SCRATCHNET_ASSETS=apps/playground serves the page from disk (--assets) instead of the
# copies compiled into the binary.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 SCRATCHNET_BINARY OUTPUT_DIR" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
binary=$(realpath "$1")
mkdir -p "$2"
out=$(cd "$2" && pwd)

# Dependencies: installed again only when the lock file is newer than the installation.
if [[ ! -f $here/node_modules/.package-lock.json || $here/package-lock.json -nt $here/node_modules/.package-lock.json ]]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi

assets=()
if [[ -n ${SCRATCHNET_ASSETS:-} ]]; then assets=(--assets "$(realpath "$SCRATCHNET_ASSETS")"); fi

# The server's output comes through a FIFO: its first line says which port it took.
fifo=$(mktemp -u "${TMPDIR:-/tmp}/scratchnet-serve.XXXXXX")
mkfifo "$fifo"
"$binary" serve --port 0 "${assets[@]}" >"$fifo" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
exec 3<"$fifo"
rm -f "$fifo"

url=
while IFS= read -r -t 60 line <&3; do
  echo "server: $line"
  if [[ $line =~ serving\ on\ (http://[^[:space:]]+/) ]]; then
    url=${BASH_REMATCH[1]}
    break
  fi
done
if [[ -z $url ]]; then
  echo "$0: the server did not print 'serving on http://…/' within 60 s" >&2
  exit 1
fi
cat <&3 >"$out/server.log" &  # keep reading: a full pipe would block the server

cd "$here"
SCRATCHNET_URL=$url SCRATCHNET_BINARY=$binary SCREENSHOT_DIR=$out \
  node --test --test-concurrency=1 --test-reporter=spec ./*.test.mjs
