#!/usr/bin/env bash
# The playground's browser tests against a real server:
#   tests/browser/run.sh SCRATCHNET_BINARY OUTPUT_DIR [NAME.test.mjs…]
# starts `SCRATCHNET_BINARY serve --port 0`, runs the tests named (every *.test.mjs here by
# default; ctest runs one per file) in headless Chromium
# (playwright-core, /usr/bin/chromium or $CHROMIUM), writes the screenshots and the server's
# log into OUTPUT_DIR and stops the server. Exits non-zero when any test fails.
# SCRATCHNET_ASSETS=apps/playground serves the page from disk (--assets) instead of the
# copies compiled into the binary.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 SCRATCHNET_BINARY OUTPUT_DIR [NAME.test.mjs…]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
binary=$(realpath "$1")
mkdir -p "$2"
out=$(cd "$2" && pwd)
shift 2
tests=("$@")
if [[ ${#tests[@]} -eq 0 ]]; then tests=("$here"/*.test.mjs); fi

chromium=${CHROMIUM:-/usr/bin/chromium}
for tool in node npm "$chromium"; do
  command -v "$tool" >/dev/null ||
    { echo "$0: $tool not found: ./dev test installs it (Debian's chromium, the machine's node and npm)" >&2; exit 1; }
done

# Dependencies: installed again only when the lock file is newer than the installation;
# under a lock, as ctest may start several of these at once.
(
  flock 9
  if [[ ! -f $here/node_modules/.package-lock.json || $here/package-lock.json -nt $here/node_modules/.package-lock.json ]]; then
    (cd "$here" && npm ci --no-audit --no-fund)
  fi
) 9>"$here/.npm-install.lock"

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
SCRATCHNET_URL=$url SCRATCHNET_BINARY=$binary SCREENSHOT_DIR=$out CHROMIUM=$chromium \
  node --test --test-concurrency=1 --test-reporter=spec "${tests[@]}"
