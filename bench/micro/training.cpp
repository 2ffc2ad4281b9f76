// Whole training steps, through the public API as a program would write them.
//
// BM_TrainingStep/batch:B/width:W — one mini-batch step of the W2 network shape,
// 784-W-W/2-10, ReLU, softmax cross-entropy from the logits, SGD with momentum 0.9 (lr 0.05),
// float32, He init, on random pixels and random classes. The trainer's dataset holds exactly
// B examples, so train_epoch() is one step: zero_grad, forward, backward, optimiser step
// (no shuffle and no copy of the batch: the graph holds the data). Nothing allocates.
// Counters: FLOPS, the matrix products' flops per step over the step time —
//   forward        2·B·(784·W + W·W/2 + W/2·10)
//   ∂W             the same again
//   ∂A (inputs)    2·B·(W·W/2 + W/2·10)   (none for the first layer: X is data)
// (1,007,104 per example at W = 256, as bench/README.md's W3 counts) — and examples/s.
//
// BM_XorEpoch — the article's 2-3-1 sigmoid network on XOR, float64, squared-error cost,
// Xavier init with seed 48: one full-batch epoch, Trainer::step(1.0), per iteration. The
// weights go back to their seed-48 start every 5000 epochs, so the timed epochs are those
// of the article's run (W1 of bench/README.md), repeated.
#include <benchmark/benchmark.h>

#include <cmath>

#include "scratchnet/data/data.hpp"
#include "scratchnet/train/train.hpp"

namespace scratchnet::bench {

void apply_timing(benchmark::internal::Benchmark* b);  // setup.cpp: real time with > 1 thread

namespace {

constexpr Index kPixels = 784;
constexpr Index kClasses = 10;

double step_flops(Index batch, Index width) {
  const double b = static_cast<double>(batch), w = static_cast<double>(width), h = w / 2;
  const double forward = 2 * b * (kPixels * w + w * h + h * kClasses);
  const double input_grads = 2 * b * (w * h + h * kClasses);
  return 2 * forward + input_grads;
}

void BM_TrainingStep(benchmark::State& state) {
  const Index batch = state.range(0), width = state.range(1);
  NumpyRandom rng(1);
  NetworkSpec spec;
  spec.n_inputs = kPixels;
  spec.hidden = {width, width / 2};
  spec.activation = "relu";
  spec.n_outputs = kClasses;
  spec.init = Init::he;
  spec.loss = Loss::softmax_ce;
  Sequential<float> model = make_network<float>(spec, rng);
  // Pixels uniform in [0, 1], like Fashion-MNIST's bytes / 255.
  const Matrix<float> X = ((Matrix<float>::Random(kPixels, batch).array() + 1.0f) / 2.0f).matrix();
  Matrix<float> Y(1, batch);
  for (Index j = 0; j < batch; ++j)
    Y(0, j) = std::floor(static_cast<float>(rng.uniform() * kClasses));

  TrainOptions options;
  options.learning_rate = 0.05;
  options.loss = Loss::softmax_ce;
  options.batch_size = batch;
  options.optimizer = {"momentum", {{"momentum", 0.9}}};
  Trainer<float> trainer(model, X, Y, options);
  const auto optimizer = make_optimizer(model.parameters(), options.optimizer_options());
  float cost = trainer.train_epoch(*optimizer);  // the first pass may plan

  for (auto _ : state) {
    cost = trainer.train_epoch(*optimizer);
    benchmark::DoNotOptimize(cost);
  }
  if (!std::isfinite(cost)) state.SkipWithError("the cost is not finite");

  const auto iterations = static_cast<double>(state.iterations());
  state.counters["FLOPS"] =
      benchmark::Counter(step_flops(batch, width) * iterations, benchmark::Counter::kIsRate);
  state.counters["examples"] =
      benchmark::Counter(static_cast<double>(batch) * iterations, benchmark::Counter::kIsRate);
}

// Batch 32…1024 at width 256, then width 64…1024 at batch 128 (128/256 only once).
void training_step_args(benchmark::internal::Benchmark* b) {
  for (long batch : {32, 64, 128, 256, 512, 1024})
    b->Args({batch, 256});
  for (long width : {64, 128, 512, 1024})
    b->Args({128, width});
  b->ArgNames({"batch", "width"});
  apply_timing(b);
}
BENCHMARK(BM_TrainingStep)->Apply(training_step_args);

void BM_XorEpoch(benchmark::State& state) {
  const Dataset<double> data = gate_dataset<double>("xor");
  NumpyRandom rng(48);
  Sequential<double> model;
  auto& layer1 = model.add<LinearLayer<double>>(2, 3, Init::xavier, rng);
  model.add<SigmoidLayer<double>>();
  auto& layer2 = model.add<LinearLayer<double>>(3, 1, Init::xavier, rng);
  model.add<SigmoidLayer<double>>();
  const Matrix<double> W1 = layer1.W(), b1 = layer1.b(), W2 = layer2.W(), b2 = layer2.b();
  Trainer<double> trainer(model, data.X, data.Y);

  int epoch = 0;
  double cost = 0;
  for (auto _ : state) {
    if (epoch == 5000) {  // the article's run is 5000 epochs: start it again
      layer1.set_params(W1, b1);
      layer2.set_params(W2, b2);
      epoch = 0;
    }
    cost = trainer.train_epoch(1.0);
    ++epoch;
    benchmark::DoNotOptimize(cost);
  }
  if (!std::isfinite(cost)) state.SkipWithError("the cost is not finite");
}
BENCHMARK(BM_XorEpoch)->Apply(apply_timing);

}  // namespace
}  // namespace scratchnet::bench
