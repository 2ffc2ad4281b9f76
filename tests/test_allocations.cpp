// The training loop does no heap allocation in steady state: the graph is built and its
// buffers sized once, then every epoch only computes. Counted by replacing malloc.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>

#include "scratchnet/scratchnet.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define SCRATCHNET_COUNTS_ALLOCATIONS 0  // the sanitizer owns malloc
#else
#define SCRATCHNET_COUNTS_ALLOCATIONS 1

namespace {
std::atomic<long> allocation_count{0};
}

extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void* malloc(size_t size) {
  allocation_count.fetch_add(1, std::memory_order_relaxed);
  return __libc_malloc(size);
}
void* calloc(size_t n, size_t size) {
  allocation_count.fetch_add(1, std::memory_order_relaxed);
  return __libc_calloc(n, size);
}
void* realloc(void* p, size_t size) {
  allocation_count.fetch_add(1, std::memory_order_relaxed);
  return __libc_realloc(p, size);
}
}
#endif

namespace scratchnet {
namespace {

template <class T>
void expect_no_allocation_in_steady_state([[maybe_unused]] std::vector<Index> hidden,
                                          [[maybe_unused]] Index m) {
#if SCRATCHNET_COUNTS_ALLOCATIONS
  NumpyRandom rng(48);
  NetworkSpec spec;
  spec.n_inputs = 4;
  spec.hidden = std::move(hidden);
  Sequential<T> model = make_network<T>(spec, rng);
  const Matrix<T> X = rng.randn<T>(4, m);
  const Matrix<T> Y = (rng.randn<T>(1, m).array() > 0).template cast<T>().matrix();
  Trainer<T> trainer(model, X, Y);
  trainer.step(T(0.5));  // the first pass may plan

  const long sanity = allocation_count.load();
  {
    volatile void* p = std::malloc(16);
    std::free(const_cast<void*>(p));
  }
  ASSERT_GT(allocation_count.load(), sanity) << "the counter does not see malloc";

  const long before = allocation_count.load();
  for (int epoch = 0; epoch < 100; ++epoch)
    trainer.step(T(0.5));
  EXPECT_EQ(allocation_count.load() - before, 0) << "allocations in 100 training steps";
#else
  GTEST_SKIP() << "allocation counting is off under AddressSanitizer";
#endif
}

TEST(Allocations, NoneInTheTrainingStepOfTheArticlesXorNetwork) {
  expect_no_allocation_in_steady_state<double>({3}, 4);
}

TEST(Allocations, NoneInTheTrainingStepOfADeeperNetworkOnMoreData) {
  expect_no_allocation_in_steady_state<double>({16, 8}, 200);
}

TEST(Allocations, NoneInFloat32Either) {
  expect_no_allocation_in_steady_state<float>({8}, 64);
}

// Beyond the article: shuffled mini-batches with a smaller last batch, ReLU, softmax
// cross-entropy, L2, and each optimiser; matrices large enough to go to the BLAS kernels.
template <class T>
void expect_no_allocation_in_mini_batch_epochs([[maybe_unused]] OptimizerKind kind,
                                               [[maybe_unused]] int threads) {
#if SCRATCHNET_COUNTS_ALLOCATIONS
  set_threads(threads);
  NumpyRandom rng(7);
  NetworkSpec spec;
  spec.n_inputs = 64;
  spec.hidden = {96, 48};
  spec.activation = "relu";
  spec.n_outputs = 10;
  spec.loss = Loss::softmax_ce;
  spec.init = Init::he;
  Sequential<T> model = make_network<T>(spec, rng);
  const Index m = 1000;  // batches of 128, then one of 104
  const Matrix<T> X = rng.randn<T>(64, m);
  Matrix<T> Y(1, m);
  for (Index j = 0; j < m; ++j)
    Y(0, j) = static_cast<T>(j % 10);
  TrainOptions options;
  options.learning_rate = 0.01;
  options.loss = Loss::softmax_ce;
  options.batch_size = 128;
  options.l2 = 1e-4;
  options.optimizer = kind;
  Trainer<T> trainer(model, X, Y, options);
  const auto optimizer = make_optimizer(model.parameters(), options.optimizer_options());
  trainer.train_epoch(*optimizer);  // the first pass may plan

  const long before = allocation_count.load();
  for (int epoch = 0; epoch < 3; ++epoch)
    ASSERT_TRUE(std::isfinite(trainer.train_epoch(*optimizer)));
  EXPECT_EQ(allocation_count.load() - before, 0) << "allocations in 3 epochs of 8 batches";
  set_threads(1);
#else
  GTEST_SKIP() << "allocation counting is off under AddressSanitizer";
#endif
}

TEST(Allocations, NoneInMiniBatchEpochsWithMomentum) {
  expect_no_allocation_in_mini_batch_epochs<float>(OptimizerKind::momentum, 1);
}

TEST(Allocations, NoneInMiniBatchEpochsWithAdamInFloat64) {
  expect_no_allocation_in_mini_batch_epochs<double>(OptimizerKind::adam, 1);
}

TEST(Allocations, NoneInMiniBatchEpochsWithPlainSgd) {
  expect_no_allocation_in_mini_batch_epochs<float>(OptimizerKind::sgd, 1);
}
// Not tested on two threads: OpenBLAS's threaded GEMM mallocs a small job table per call
// (inside OpenBLAS, docs/PERFORMANCE.md).

}  // namespace
}  // namespace scratchnet
