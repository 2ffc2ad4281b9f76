#!/usr/bin/env bash
# scratchnet side by side with its peers, in one run, and the table of it.
#
#   bench/compare.sh [--epochs N] [--threads "1 2"] [--quick] [--results DIR] [--strict]
#
# W1  the article's XOR network: NumPy, PyTorch, a hand-written C++ loop, scratchnet
# W2  Fashion-MNIST MLP 784-256-128-10: PyTorch, NumPy, scratchnet, at each thread count
# W3  OpenBLAS sgemm on the products of one W2 step vs scratchnet's effective rate
# and scratchnet's step time vs batch size and width (build/bench/scratchnet_bench).
# bench/README.md says what each number means.
#
# Needs scratchnet built in ./build (`./dev run`); SCRATCHNET=/path overrides
# ./build/scratchnet, SCRATCHNET_BENCH=/path overrides ./build/bench/scratchnet_bench,
# PYTHON=/path overrides /usr/bin/python3 (which must see NumPy and PyTorch).
# Exit status: 0 when everything was measured, 1 when something could not be,
# 2 on a usage error or a missing build, 3 with --strict when a target FAILs.
set -euo pipefail
export LC_NUMERIC=C # a '.' in $EPOCHREALTIME and printf

usage() {
  cat <<'EOF'
usage: bench/compare.sh [options]

  --epochs N       W2 epochs per run (default 5; 20 gives the accuracy figure,
                   which is judged only with --epochs 20 or more)
  --threads "1 2"  thread counts for W2 and W3 (default "1 2")
  --quick          a fast smoke run: W2 with 2 epochs (unless --epochs is given),
                   5 scratchnet W1 runs and 5 hand-loop repeats instead of 20,
                   50 GEMM repeats instead of 300
  --results DIR    where to write the raw JSON lines, logs and report.md
                   (default bench/results/<date>_<time>/)
  --strict         exit 3 when a target FAILs
  -h, --help       this help

Run from anywhere; it works in the repository that holds it. Build first: ./dev run
EOF
}

caller_pwd=$PWD
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
warn() { printf 'compare.sh: %s\n' "$*" >&2; }
# abspath P: P as an absolute path, relative ones taken from where we were started.
abspath() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$caller_pwd/$1" ;; esac; }
is_count() { [[ $1 =~ ^[1-9][0-9]*$ ]]; }

epochs=5 epochs_given=0 threads="1 2" quick=0 results="" strict=0
while [ $# -gt 0 ]; do
  case $1 in
    --epochs) epochs=${2-}; epochs_given=1; shift 2 || { usage >&2; exit 2; } ;;
    --epochs=*) epochs=${1#*=}; epochs_given=1; shift ;;
    --threads) threads=${2-}; shift 2 || { usage >&2; exit 2; } ;;
    --threads=*) threads=${1#*=}; shift ;;
    --quick) quick=1; shift ;;
    --results) results=${2-}; shift 2 || { usage >&2; exit 2; } ;;
    --results=*) results=${1#*=}; shift ;;
    --strict) strict=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) warn "unknown option '$1'"; usage >&2; exit 2 ;;
  esac
done
is_count "$epochs" || { warn "--epochs wants a positive integer, got '$epochs'"; exit 2; }
read -ra thread_counts <<<"${threads//,/ }" # "1 2" or "1,2"
[ ${#thread_counts[@]} -gt 0 ] || { warn "--threads wants counts like \"1 2\""; exit 2; }
for t in "${thread_counts[@]}"; do
  is_count "$t" || { warn "--threads wants positive integers, got '$t'"; exit 2; }
done
threads="${thread_counts[*]}"

w1_runs=20 hand_repeats=20 gemm_repeats=300
if [ "$quick" = 1 ]; then
  w1_runs=5 hand_repeats=5 gemm_repeats=50
  [ "$epochs_given" = 1 ] || epochs=2
fi

# --- what we run ---------------------------------------------------------------
if [ -n "${SCRATCHNET:-}" ]; then
  sn=$(abspath "$SCRATCHNET")
  [ -x "$sn" ] || { warn "SCRATCHNET=$SCRATCHNET is not an executable file"; exit 2; }
else
  sn=$root/build/scratchnet
  if [ ! -x "$sn" ]; then
    echo "compare.sh: ./build/scratchnet is missing — run ./dev run first" >&2
    exit 2
  fi
fi
if [ -n "${SCRATCHNET_BENCH:-}" ]; then
  snb=$(abspath "$SCRATCHNET_BENCH")
  snb_shown=$SCRATCHNET_BENCH
else
  snb=$root/build/bench/scratchnet_bench
  snb_shown=build/bench/scratchnet_bench
fi
# The peers are Debian packages too; install the missing ones (as ./dev does for the build).
peer_packages=()
for pkg in python3-numpy python3-torch libopenblas-dev; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
    peer_packages+=("$pkg")
done
if [ ${#peer_packages[@]} -gt 0 ] && [ -z "${PYTHON:-}" ]; then
  say "installing ${peer_packages[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${peer_packages[@]}" >/dev/null
fi
py=${PYTHON:-/usr/bin/python3}
"$py" -c 'import numpy' 2>/dev/null || {
  warn "$py can't import numpy (apt-get install python3-numpy python3-torch)"
  exit 2
}
has_torch=1
"$py" -c 'import torch' 2>/dev/null || {
  has_torch=0
  warn "$py can't import torch: the PyTorch peers will be missing (apt-get install python3-torch)"
}

if [ -n "$results" ]; then
  results=$(abspath "$results")
else
  results=$root/bench/results/$(date +%Y-%m-%d_%H%M%S)
fi
logs=$results/logs
mkdir -p "$logs"
jsonl=$results/results.jsonl
: >"$jsonl"
peer_bin=$root/build/bench
mkdir -p "$peer_bin"

failed=()
# run_json LABEL NAME CMD...: run CMD; its last line of output is a JSON object,
# appended to results.jsonl. Output goes to logs/NAME.out, errors to logs/NAME.log.
# A failure is noted and the run goes on.
run_json() {
  local label=$1 name=$2 status=0 line
  shift 2
  say "$label"
  "$@" >"$logs/$name.out" 2>"$logs/$name.log" || status=$?
  if [ "$status" = 0 ]; then
    line=$(tail -n 1 "$logs/$name.out")
    if printf '%s' "$line" | "$py" -c '
import json, sys
d = json.loads(sys.stdin.read())
sys.exit(0 if isinstance(d, dict) and "workload" in d else 1)' 2>/dev/null; then
      printf '%s\n' "$line" >>"$jsonl"
      return 0
    fi
    warn "$label: the last line of its output is not a result line (see $logs/$name.out)"
  else
    warn "$label failed (exit $status); see $logs/$name.log"
  fi
  failed+=("$label")
}

# build_peer NAME [LIBS...]: bench/NAME.cpp -> build/bench/NAME, when out of date.
build_peer() {
  local name=$1 src=bench/$1.cpp bin=$peer_bin/$1
  shift
  if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ]; then
    say "g++ -O2 -march=native $src -> build/bench/$name"
    if ! g++ -std=c++20 -O2 -march=native "$src" -o "$bin" "$@" 2>"$logs/build_$name.log"; then
      warn "building $src failed; see $logs/build_$name.log"
      rm -f "$bin"
    fi
  fi
}

# with_threads T CMD...: CMD with every BLAS/OpenMP runtime asked for T threads.
with_threads() {
  local t=$1
  shift
  OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t MKL_NUM_THREADS=$t "$@"
}

# --- the machine -----------------------------------------------------------------
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
date_shown=$(date '+%Y-%m-%d %H:%M:%S %Z')
cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)
cores=$(nproc)
avx2=no avx512=no
grep -qw avx2 /proc/cpuinfo && avx2=yes
grep -qw avx512f /proc/cpuinfo && avx512=yes
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
branch=$(git rev-parse --abbrev-ref HEAD 2>/dev/null || echo "?")
[ -n "$(git status --porcelain 2>/dev/null)" ] && commit="$commit (branch $branch, with uncommitted changes)" ||
  commit="$commit (branch $branch)"
openblas_env=none
vars=()
for v in OPENBLAS_CORETYPE OPENBLAS_L2_SIZE; do
  [ -n "${!v+x}" ] && vars+=("$v=${!v}")
done
[ ${#vars[@]} -gt 0 ] && openblas_env="${vars[*]} (unset for the W3 GEMM measurement only)"
omp_wait_policy=${OMP_WAIT_POLICY:-unset}
peers=$("$py" -c '
import numpy, platform
s = f"Python {platform.python_version()}, NumPy {numpy.__version__}"
try:
    import torch
    s += f", PyTorch {torch.__version__}"
except ImportError:
    pass
print(s)' 2>/dev/null || echo "?")
say "results in $results (load average $load_start)"
if awk -v l="${load_start%% *}" 'BEGIN { exit !(l >= 0.5) }' && [ "$omp_wait_policy" = unset ]; then
  warn "the machine is busy (load average $load_start): OpenMP threads that spin while a core is"
  warn "taken can make multi-threaded runs (PyTorch at 2 threads) many times slower; consider"
  warn "OMP_WAIT_POLICY=PASSIVE bench/compare.sh …, which every program of the run then gets"
fi

# --- W1: the article's XOR network -------------------------------------------------
build_peer xor_hand_loop
build_peer gemm_rate -lopenblas

run_json "W1 NumPy" w1_numpy with_threads 1 "$py" bench/peers/w1_xor_numpy.py
[ "$has_torch" = 1 ] && run_json "W1 PyTorch" w1_torch with_threads 1 "$py" bench/peers/w1_xor_torch.py
if [ -x "$peer_bin/xor_hand_loop" ]; then
  run_json "W1 hand loop ($hand_repeats repeats)" w1_hand_loop \
    with_threads 1 "$peer_bin/xor_hand_loop" --repeats "$hand_repeats"
else
  failed+=("W1 hand loop (not built)")
fi

# w1_scratchnet: the XOR command $w1_runs times; prints the collected result line.
# shellcheck disable=SC2317 # called through run_json
w1_scratchnet() {
  local dir=$results/w1_scratchnet i t0 t1 walls=()
  for ((i = 1; i <= w1_runs; i++)); do
    mkdir -p "$dir/run$i"
    t0=$EPOCHREALTIME
    with_threads 1 "$sn" train --data xor --hidden 3 --init xavier --seed 48 --lr 1 --epochs 5000 \
      --threads 1 --quiet --out "$dir/run$i" >"$dir/run$i/output.txt" 2>&1 || {
      cat "$dir/run$i/output.txt" >&2
      return 1
    }
    t1=$EPOCHREALTIME
    walls+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')")
  done
  "$py" bench/report.py collect-w1 "$dir" "${walls[@]}"
}
run_json "W1 scratchnet ($w1_runs runs)" w1_scratchnet w1_scratchnet

# --- W2: Fashion-MNIST MLP, at each thread count ---------------------------------------
# w2_scratchnet T: one training run at T threads; prints the collected result line.
# shellcheck disable=SC2317 # called through run_json
w2_scratchnet() {
  local t=$1 dir=$results/w2_scratchnet_t$1
  mkdir -p "$dir"
  with_threads "$t" "$sn" train --data fashion-mnist --hidden 256,128 --activation relu \
    --loss softmax-ce --init he --optimizer momentum --momentum 0.9 --lr 0.05 --batch 128 \
    --dtype float32 --epochs "$epochs" --threads "$t" --seed 1 --quiet --out "$dir" \
    >"$dir/output.txt" 2>&1 || {
    cat "$dir/output.txt" >&2
    return 1
  }
  "$py" bench/report.py collect-w2 "$dir" "$t"
}
for t in "${thread_counts[@]}"; do
  [ "$has_torch" = 1 ] && run_json "W2 PyTorch, $t thread(s), $epochs epoch(s)" "w2_torch_t$t" \
    with_threads "$t" "$py" bench/peers/w2_fmnist_torch.py --epochs "$epochs" --threads "$t"
  run_json "W2 NumPy, $t thread(s), $epochs epoch(s)" "w2_numpy_t$t" \
    with_threads "$t" "$py" bench/peers/w2_fmnist_numpy.py --epochs "$epochs" --threads "$t"
  run_json "W2 scratchnet, $t thread(s), $epochs epoch(s)" "w2_scratchnet_t$t" w2_scratchnet "$t"
done

# The accuracy target is judged on the tuned recipe (README), not on the speed workload.
# shellcheck disable=SC2317 # called through run_json
w2_recipe() {
  local dir=$results/w2_recipe
  mkdir -p "$dir"
  "$sn" train --data fashion-mnist --hidden 256,128 --activation relu --loss softmax-ce \
    --init he --optimizer adam --lr 0.001 --lr-decay exponential --lr-gamma 0.85 --batch 128 \
    --dtype float32 --epochs 20 --seed 1 --quiet --out "$dir" >"$dir/output.txt" 2>&1 || {
    cat "$dir/output.txt" >&2
    return 1
  }
  "$py" bench/report.py collect-w2 "$dir" auto scratchnet_recipe
}
if [ "$epochs" -ge 20 ]; then
  run_json "W2 accuracy recipe: scratchnet, Adam with decay, 20 epochs" w2_recipe w2_recipe
fi

# --- W3: the GEMM rate, with OpenBLAS choosing its own kernel ---------------------------
for t in "${thread_counts[@]}"; do
  if [ -x "$peer_bin/gemm_rate" ]; then
    run_json "W3 OpenBLAS sgemm, $t thread(s)" "w3_gemm_t$t" \
      env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
      "OMP_NUM_THREADS=$t" "OPENBLAS_NUM_THREADS=$t" "MKL_NUM_THREADS=$t" \
      "$peer_bin/gemm_rate" --threads "$t" --repeats "$gemm_repeats"
  else
    failed+=("W3 gemm_rate (not built)")
  fi
done

# --- scale: scratchnet's step vs batch and width -----------------------------------
scale_note=""
if [ -x "$snb" ]; then
  say "scale: $snb_shown --benchmark_filter=BM_TrainingStep"
  if ! with_threads 1 "$snb" --benchmark_filter='BM_TrainingStep' --benchmark_format=json \
    >"$results/scale.json" 2>"$logs/scale.log"; then
    warn "$snb_shown failed; see $logs/scale.log"
    failed+=("scale ($snb_shown)")
    rm -f "$results/scale.json"
    scale_note="(scale table skipped: $snb_shown failed; see $logs/scale.log)"
  fi
else
  scale_note="(scale table skipped: $snb_shown not built)"
  echo "$scale_note" >&2
fi

# --- the report ------------------------------------------------------------------------
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
busy=$(awk -v l="${load_start%% *}" 'BEGIN { print (l >= 0.5) ? "true" : "false" }')
DATE="$date_shown" CPU="$cpu" CORES="$cores" AVX2="$avx2" AVX512="$avx512" COMMIT="$commit" \
  SN="$sn" PEERS="$peers" THREADS="$threads" EPOCHS="$epochs" OPENBLAS_ENV="$openblas_env" \
  LOAD_START="$load_start" LOAD_END="$load_end" BUSY="$busy" SCALE_NOTE="$scale_note" \
  QUICK="$quick" OMP_POLICY="$omp_wait_policy" "$py" - "$results/machine.json" <<'EOF'
import json, os, sys
e = os.environ
json.dump({
    "date": e["DATE"], "cpu": e["CPU"], "cores": int(e["CORES"]), "avx2": e["AVX2"],
    "avx512": e["AVX512"], "commit": e["COMMIT"], "scratchnet": e["SN"], "peers": e["PEERS"],
    "threads": [int(t) for t in e["THREADS"].split()], "epochs": int(e["EPOCHS"]),
    "openblas_env": e["OPENBLAS_ENV"], "load_start": e["LOAD_START"], "load_end": e["LOAD_END"],
    "busy": e["BUSY"] == "true", "scale_note": e["SCALE_NOTE"], "quick": e["QUICK"] == "1",
    "omp_wait_policy": e["OMP_POLICY"],
}, open(sys.argv[1], "w"), indent=1)
EOF

echo >&2
status=0
BENCH_STRICT=$strict "$py" bench/report.py table "$results" | tee "$results/report.md" || status=$?
if [ ${#failed[@]} -gt 0 ]; then
  echo >&2
  warn "not measured: $(printf '%s; ' "${failed[@]}")logs in $logs"
  [ "$status" = 0 ] && status=1
fi
exit "$status"
