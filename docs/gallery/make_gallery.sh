#!/usr/bin/env bash
# Regenerates every picture in docs/gallery/ from the article's examples, with the CLI
# built by `./dev run` (or `./dev test`). Run from anywhere: docs/gallery/make_gallery.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cli="$root/build/scratchnet"
gallery="$root/docs/gallery"
[ -x "$cli" ] || { echo "build first: ./dev run" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# train NAME FLAGS…: trains quietly, keeps the learning curve and both decision boundaries.
train() {
  local name=$1
  shift
  "$cli" train "$@" --quiet --out "$work/$name" >/dev/null
  for picture in learning_curve decision_boundary decision_boundary_shaded; do
    cp "$work/$name/$picture.png" "$gallery/${name}_$picture.png"
  done
}

weights="$root/examples/or_article_weights.json"
train or --data or --init-params "$weights" --lr 1 --epochs 5000
train xor_cross --data xor --cross 0*1 --init plain --seed 48 --lr 1 --epochs 5000
train xor_hidden3 --data xor --hidden 3 --init xavier --seed 48 --lr 1 --epochs 5000 --graph
cp "$work/xor_hidden3/graph.svg" "$gallery/xor_hidden3_graph.svg"
train xor_hidden3_plain --data xor --hidden 3 --init plain --seed 48 --lr 1 --epochs 5000
train xor_hidden5_3 --data xor --hidden 5,3 --init xavier --seed 48 --lr 1 --epochs 5000

# The article's hand calculation: one OR example, every node with its value and gradient.
"$cli" explain --data or --init-params "$weights" --example 0 --out "$work/explain" >/dev/null
cp "$work/explain/graph.svg" "$gallery/or_graph.svg"

# The learning-rate lesson.
"$cli" sweep --data xor --hidden 5,3 --lr 0.005,0.5,5,50 --out "$work/sweep" >/dev/null
cp "$work/sweep/learning_rate_sweep.png" "$gallery/learning_rate_sweep.png"

# The playground: two of the browser tests' screenshots (the page trained on XOR; the graph
# stepper on the article's OR example, backward at b), taken by `./dev test` or by
# `ctest --test-dir build -R browser` into build/browser/.
shots="$root/build/browser"
if [ -f "$shots/a-xor-trained.png" ] && [ -f "$shots/b-or-backward.png" ]; then
  cp "$shots/a-xor-trained.png" "$gallery/playground.png"
  cp "$shots/b-or-backward.png" "$gallery/playground_stepper.png"
else
  echo "no browser screenshots in $shots: run ctest --test-dir build -R browser first" >&2
fi

ls "$gallery"
