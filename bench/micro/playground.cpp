// The playground's engine, without the network in between (LiveRun, as `scratchnet serve`
// drives it for a page): what a frame costs and how fast training goes while frames stream.
//
// BM_PlaygroundGrid/grid:N/neurons:K — one frame that trains nothing: the output of the
// article's 2-3-1 XOR network over an N×N grid of the plane (the decision boundary), with
// (K = 1) or without each hidden neuron's map, encoded as the JSON the page receives. The
// time of one grid; counter bytes: the frame's size.
//
// BM_PlaygroundStreaming/grid:N — frames as the page asks for them, each training for 30 ms
// then drawing an N×N grid with the neurons ({"train_seconds": 0.03, "grid": N, "neurons":
// true}). Counters: epochs/s of training while streaming (the target: ≥ 100,000) and
// frames/s (≥ 20; the HTTP round trip and the browser's drawing come on top, see
// bench/playground/).
#include <benchmark/benchmark.h>

#include <cmath>

#include "scratchnet/run/live_run.hpp"

namespace scratchnet::bench {

void apply_timing(benchmark::internal::Benchmark* b);  // setup.cpp

namespace {

RunConfig xor_config() {
  return run_config_from_json(R"({"data": "xor", "hidden": [3], "epochs": 1000000000})");
}

void BM_PlaygroundGrid(benchmark::State& state) {
  LiveRun run(xor_config());
  const FrameRequest request{.grid = static_cast<int>(state.range(0)),
                             .neurons = state.range(1) != 0};
  size_t bytes = 0;
  for (auto _ : state) {
    const std::string frame = run.frame_json(request);
    bytes = frame.size();
    benchmark::DoNotOptimize(frame.data());
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_PlaygroundGrid)
    ->ArgNames({"grid", "neurons"})
    ->Args({100, 0})
    ->Args({100, 1})
    ->Args({200, 1})
    ->Unit(benchmark::kMillisecond)
    ->Apply(apply_timing);

void BM_PlaygroundStreaming(benchmark::State& state) {
  LiveRun run(xor_config());
  const FrameRequest request{
      .train_seconds = 0.03, .grid = static_cast<int>(state.range(0)), .neurons = true};
  const int first_epoch = run.session().epochs_done();
  for (auto _ : state) {
    const std::string frame = run.frame_json(request);
    benchmark::DoNotOptimize(frame.data());
  }
  const double epochs = run.session().epochs_done() - first_epoch;
  state.counters["epochs/s"] = benchmark::Counter(epochs, benchmark::Counter::kIsRate);
  state.counters["frames/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  if (!std::isfinite(run.session().result().train_cost))
    state.SkipWithError("the cost is not finite");
}
// Real time: a frame trains for a span of the wall clock.
BENCHMARK(BM_PlaygroundStreaming)
    ->ArgNames({"grid"})
    ->Arg(100)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(2);

}  // namespace
}  // namespace scratchnet::bench
