// Every operation of the registry alone, forward and backward, at the shapes its
// example_input_shapes gives for the sizes {256, 784, 128} (a Fashion-MNIST first layer:
// 256 units, 784 pixels, a batch of 128): BM_Op/<name>/forward and BM_Op/<name>/backward.
// The label shows the input shapes. items_per_second counts the elements of the largest
// input (the data an operation streams through); matmul reports FLOPS (2·m·k·n per product)
// instead. Backward computes the gradient of every input but the labels, accumulating (+=)
// into buffers that are never reset, as it would into a parameter's gradient.
//
// And BM_Gemm: the largest product of a W2 training step, 256×784 · 784×128 in float32,
// written directly in Eigen, so the machine's GEMM rate shows next to the operations and
// the training step.
#include <benchmark/benchmark.h>

#include <cmath>
#include <string>
#include <vector>

#include "scratchnet/graph/ops.hpp"
#include "scratchnet/tensor/random.hpp"

namespace scratchnet::bench {

void apply_timing(benchmark::internal::Benchmark* b);  // setup.cpp: real time with > 1 thread

namespace {

constexpr std::array<Index, 3> kSizes = {256, 784, 128};

// One operation's inputs, output, upstream gradient and input gradients, sized once.
struct OpCase {
  std::vector<Matrix<float>> inputs;
  std::vector<const Matrix<float>*> input_values;
  Matrix<float> output;
  Matrix<float> upstream;
  std::vector<Matrix<float>> grads;
  std::vector<Matrix<float>*> input_grads;  // null for the labels
  std::string label;                        // "256x784 784x128"
  double elements = 0;                      // of the largest input

  explicit OpCase(const OpDef<float>& op) {
    NumpyRandom rng(7);
    const std::vector<Shape> shapes = op.example_input_shapes(kSizes);
    inputs.reserve(shapes.size());
    grads.reserve(shapes.size());
    for (size_t i = 0; i < shapes.size(); ++i) {
      const Shape s = shapes[i];
      if (static_cast<int>(i) == op.label_slot) {
        // Class indices 0…K−1, K the rows of the other input (a two-input loss).
        const Index classes = shapes[1 - i].rows;
        Matrix<float> labels(s.rows, s.cols);
        for (Index j = 0; j < labels.size(); ++j)
          labels(j) = std::floor(static_cast<float>(rng.uniform() * static_cast<double>(classes)));
        inputs.push_back(std::move(labels));
        grads.emplace_back();
      } else {
        inputs.push_back(rng.randn<float>(s.rows, s.cols));
        grads.push_back(Matrix<float>::Zero(s.rows, s.cols));
      }
      label += (i ? " " : "") + std::to_string(s.rows) + "x" + std::to_string(s.cols);
      elements = std::max(elements, static_cast<double>(s.rows * s.cols));
    }
    for (size_t i = 0; i < shapes.size(); ++i) {
      input_values.push_back(&inputs[i]);
      input_grads.push_back(static_cast<int>(i) == op.label_slot ? nullptr : &grads[i]);
    }
    const Shape out = op.output_shape(shapes);
    output.resize(out.rows, out.cols);
    op.forward(input_values, op.example_params,
               output);  // backward may read the output (sigmoid, softmax)
    upstream = rng.randn<float>(out.rows, out.cols);
  }
};

void report(benchmark::State& state, const OpDef<float>& op, const OpCase& c, int products) {
  state.SetLabel(c.label);
  const auto iterations = static_cast<double>(state.iterations());
  if (op.name == "matmul") {
    const std::array<Index, 3> s = kSizes;
    const double flops = 2.0 * static_cast<double>(s[0] * s[1] * s[2]) * products;
    state.counters["FLOPS"] = benchmark::Counter(flops * iterations, benchmark::Counter::kIsRate);
  } else {
    state.SetItemsProcessed(static_cast<int64_t>(c.elements * iterations));
  }
}

void op_forward(benchmark::State& state, const OpDef<float>* op) {
  OpCase c(*op);
  for (auto _ : state) {
    op->forward(c.input_values, op->example_params, c.output);
    benchmark::DoNotOptimize(c.output.data());
    benchmark::ClobberMemory();
  }
  report(state, *op, c, 1);
}

void op_backward(benchmark::State& state, const OpDef<float>* op) {
  OpCase c(*op);
  for (auto _ : state) {
    op->backward(c.input_values, op->example_params, c.output, c.upstream, c.input_grads);
    benchmark::ClobberMemory();
  }
  report(state, *op, c, 2);  // matmul: ∂W = G·Aᵀ and ∂A = Wᵀ·G
}

void BM_Gemm(benchmark::State& state) {
  const Index m = state.range(0), k = state.range(1), n = state.range(2);
  const Matrix<float> W = Matrix<float>::Random(m, k);
  const Matrix<float> X = Matrix<float>::Random(k, n);
  Matrix<float> Z(m, n);
  for (auto _ : state) {
    Z.noalias() = W * X;
    benchmark::DoNotOptimize(Z.data());
    benchmark::ClobberMemory();
  }
  const double flops = 2.0 * static_cast<double>(m * k * n);
  state.counters["FLOPS"] = benchmark::Counter(flops * static_cast<double>(state.iterations()),
                                               benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Gemm)->Args({256, 784, 128})->ArgNames({"m", "k", "n"})->Apply(apply_timing);

[[maybe_unused]] const bool registered = [] {
  for (const OpDef<float>* op : op_registry<float>()) {
    const std::string name = "BM_Op/" + std::string(op->name);
    benchmark::RegisterBenchmark((name + "/forward").c_str(), op_forward, op)->Apply(apply_timing);
    benchmark::RegisterBenchmark((name + "/backward").c_str(), op_backward, op)
        ->Apply(apply_timing);
  }
  return true;
}();

}  // namespace
}  // namespace scratchnet::bench
