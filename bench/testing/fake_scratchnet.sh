#!/usr/bin/env bash
# Test helper, not a benchmark: stands in for ./build/scratchnet so bench/compare.sh
# can be tried before the CLI has the flags it uses:
#
#   SCRATCHNET=bench/testing/fake_scratchnet.sh bench/compare.sh --quick
#
# It accepts exactly the two `train` command lines of compare.sh's contract (the
# W1 XOR run and the W2 Fashion-MNIST run; anything else is an error, so a typo
# in compare.sh shows) and writes DIR/metrics.json with made-up but plausible
# numbers. It trains nothing; every number it writes is invented.
set -euo pipefail

fail() { echo "fake_scratchnet: $*" >&2; exit 2; }
[ "${1:-}" = train ] || fail "only 'train' is faked, got '${1:-}'"
shift
declare -A opt=()
quiet=0
while [ $# -gt 0 ]; do
  case $1 in
    --quiet) quiet=1; shift ;;
    --*) [ $# -ge 2 ] || fail "$1 needs a value"; opt[${1#--}]=$2; shift 2 ;;
    *) fail "unexpected argument '$1'" ;;
  esac
done
[ "$quiet" = 1 ] || fail "compare.sh always passes --quiet"
out=${opt[out]:-}
[ -n "$out" ] || fail "--out DIR is required"

# expect KEY=VALUE...: each flag given with exactly that value, and no other flag.
expect() {
  local pair key seen=()
  for pair in "$@"; do
    key=${pair%%=*}
    [ "${opt[$key]+x}" ] || fail "--$key missing"
    [ "${opt[$key]}" = "${pair#*=}" ] || fail "--$key is '${opt[$key]}', expected '${pair#*=}'"
    seen+=("$key")
  done
  for key in "${!opt[@]}"; do
    [[ " ${seen[*]} out " == *" $key "* ]] || fail "unexpected flag --$key"
  done
}

mkdir -p "$out"
# A pseudo-random fraction from the clock, for a little spread between runs.
jitter() { echo "0.$(($(date +%N) % 1000))"; }

case ${opt[data]:-} in
  xor)
    expect data=xor hidden=3 init=xavier seed=48 lr=1 epochs=5000
    seconds=$(awk -v j="$(jitter)" 'BEGIN { printf "%.6f", 0.0015 + 0.0003 * j }')
    cat >"$out/metrics.json" <<JSON
{
  "fake": true,
  "epochs": 5000,
  "seconds": $seconds,
  "train_cost": 0.0008926880678235163,
  "train_accuracy": 1.0
}
JSON
    ;;
  fashion-mnist)
    [[ ${opt[epochs]:-} =~ ^[1-9][0-9]*$ ]] || fail "--epochs wants a positive integer"
    [[ ${opt[threads]:-} =~ ^[1-9][0-9]*$ ]] || fail "--threads wants a positive integer"
    expect data=fashion-mnist hidden=256,128 activation=relu loss=softmax-ce init=he \
      optimizer=momentum momentum=0.9 lr=0.05 batch=128 dtype=float32 seed=1 \
      "epochs=${opt[epochs]}" "threads=${opt[threads]}"
    n=${opt[epochs]} t=${opt[threads]}
    list=$(awk -v n="$n" -v t="$t" -v j="$(jitter)" 'BEGIN {
      for (i = 1; i <= n; i++) printf "%s%.4f", (i > 1 ? ", " : ""), (i == 1 ? 1.2 : 0.9 + 0.05 * j) / (t > 1 ? 1.6 : 1) }')
    total=$(awk -v l="$list" 'BEGIN { n = split(l, a, ", "); s = 0; for (i = 1; i <= n; i++) s += a[i]; printf "%.4f", s }')
    acc=$(awk -v n="$n" 'BEGIN { printf "%.4f", 0.90 - 0.06 / n }')
    cost=$(awk -v n="$n" 'BEGIN { printf "%.4f", 0.25 + 0.3 / n }')
    cat >"$out/metrics.json" <<JSON
{
  "fake": true,
  "epochs": $n,
  "epoch_seconds": [$list],
  "seconds": $total,
  "train_cost": $cost,
  "train_accuracy": $(awk -v a="$acc" 'BEGIN { printf "%.4f", a + 0.02 }'),
  "test_accuracy": $acc
}
JSON
    ;;
  *) fail "--data '${opt[data]:-}' is not faked (xor or fashion-mnist)" ;;
esac
echo "fake: wrote $out/metrics.json"
