// W3: this machine's single-precision GEMM rate at the shapes of one W2
// training step (Fashion-MNIST MLP 784-256-128-10, batch 128), measured through
// OpenBLAS's cblas_sgemm. It is the ceiling scratchnet's training step is
// compared against: a step can't do its 8 matrix products faster than the BLAS.
//
// The 8 products of one step, column-major, examples as columns (X is 784x128),
// transposes through CblasTrans (no copies):
//   forward   Z1  = W1 ·X     256x784 · 784x128
//             Z2  = W2 ·A1    128x256 · 256x128
//             Z3  = W3 ·A2     10x128 · 128x128
//   backward  dW3 = G3 ·A2ᵀ    10x128 · 128x128
//             G2  = W3ᵀ·G3    128x10  ·  10x128
//             dW2 = G2 ·A1ᵀ   128x128 · 128x256
//             G1  = W2ᵀ·G2    256x128 · 128x128
//             dW1 = G1 ·Xᵀ    256x128 · 128x784
// (no dX: the input needs no gradient). Flops of a product = 2·m·n·k; a step is
// their sum. Every product is linear in the batch, so flops per example =
// step_flops / batch.
//
// Build (compare.sh does this):
//   g++ -std=c++20 -O2 -march=native bench/gemm_rate.cpp -o build/bench/gemm_rate -lopenblas
// Run (compare.sh runs it with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, so
// OpenBLAS picks its kernel for this CPU itself):
//   env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE build/bench/gemm_rate --threads 1
// Prints one JSON line on stdout:
//   {"workload":"w3","impl":"openblas_sgemm","threads":T,"gflops":<step_flops / median step time /
//   1e9>,
//    "step_flops":...,"step_seconds":<median>,"largest_product":{...},"products":[...],...}
// and a one-line human summary, with the largest product's own rate, on stderr.
#include <cblas.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Matrix {
  int rows, cols;
  std::vector<float> data;  // column-major, leading dimension = rows
  Matrix(int r, int c, std::uint32_t seed) : rows(r), cols(c), data(std::size_t(r) * c) {
    // Deterministic values in [-1, 1): no zeros, no denormals, nothing to skip.
    std::uint32_t s = seed * 2654435761u + 1;
    for (float& v : data) {
      s = s * 1664525u + 1013904223u;
      v = float(s >> 8) / float(1u << 23) - 1.0f;
    }
  }
  float* ptr() { return data.data(); }
};

struct Product {
  const char* name;
  CBLAS_TRANSPOSE ta, tb;
  Matrix *a, *b, *c;
  int m, n, k;  // C (m x n) = op(A) (m x k) · op(B) (k x n)
  double flops() const { return 2.0 * m * n * k; }
  void run() const {
    cblas_sgemm(CblasColMajor, ta, tb, m, n, k, 1.0f, a->ptr(), a->rows, b->ptr(), b->rows, 0.0f,
                c->ptr(), c->rows);
  }
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

int positive_int(const char* flag, const char* text) {
  char* end = nullptr;
  const long v = std::strtol(text, &end, 10);
  if (*text == '\0' || *end != '\0' || v < 1 || v > 1'000'000) {
    std::fprintf(stderr, "%s wants a positive integer, got '%s'\n", flag, text);
    std::exit(2);
  }
  return int(v);
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 1, repeats = 300, warmup = 30, batch = 128;
  for (int i = 1; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (std::strcmp(argv[i], "--threads") == 0 && has_value) {
      threads = positive_int("--threads", argv[++i]);
    } else if (std::strcmp(argv[i], "--repeats") == 0 && has_value) {
      repeats = positive_int("--repeats", argv[++i]);
    } else if (std::strcmp(argv[i], "--warmup") == 0 && has_value) {
      warmup = positive_int("--warmup", argv[++i]);
    } else if (std::strcmp(argv[i], "--batch") == 0 && has_value) {
      batch = positive_int("--batch", argv[++i]);
    } else {
      std::fprintf(stderr, "usage: %s [--threads T] [--repeats N] [--warmup N] [--batch B]\n",
                   argv[0]);
      return 2;
    }
  }
  openblas_set_num_threads(threads);

  const int B = batch;
  Matrix W1(256, 784, 1), W2(128, 256, 2), W3(10, 128, 3);
  Matrix X(784, B, 4), Z1(256, B, 5), A1(256, B, 6), Z2(128, B, 7), A2(128, B, 8), Z3(10, B, 9);
  Matrix G3(10, B, 10), G2(128, B, 11), G1(256, B, 12);
  Matrix dW3(10, 128, 13), dW2(128, 256, 14), dW1(256, 784, 15);
  const CBLAS_TRANSPOSE N = CblasNoTrans, T = CblasTrans;
  const std::vector<Product> step = {
      {"Z1=W1*X", N, N, &W1, &X, &Z1, 256, B, 784},
      {"Z2=W2*A1", N, N, &W2, &A1, &Z2, 128, B, 256},
      {"Z3=W3*A2", N, N, &W3, &A2, &Z3, 10, B, 128},
      {"dW3=G3*A2^T", N, T, &G3, &A2, &dW3, 10, 128, B},
      {"G2=W3^T*G3", T, N, &W3, &G3, &G2, 128, B, 10},
      {"dW2=G2*A1^T", N, T, &G2, &A1, &dW2, 128, 256, B},
      {"G1=W2^T*G2", T, N, &W2, &G2, &G1, 256, B, 128},
      {"dW1=G1*X^T", N, T, &G1, &X, &dW1, 256, 784, B},
  };
  double step_flops = 0;
  for (const Product& p : step)
    step_flops += p.flops();

  for (int r = 0; r < warmup; ++r)
    for (const Product& p : step)
      p.run();

  std::vector<double> step_seconds;
  std::vector<std::vector<double>> product_seconds(step.size());
  for (int r = 0; r < repeats; ++r) {
    const auto start = Clock::now();
    auto before = start;
    for (std::size_t i = 0; i < step.size(); ++i) {
      step[i].run();
      const auto after = Clock::now();
      product_seconds[i].push_back(std::chrono::duration<double>(after - before).count());
      before = after;
    }
    step_seconds.push_back(std::chrono::duration<double>(before - start).count());
  }

  const double step_median = median(step_seconds);
  const double best = *std::min_element(step_seconds.begin(), step_seconds.end());
  std::size_t largest = 0;
  for (std::size_t i = 1; i < step.size(); ++i)
    if (step[i].flops() > step[largest].flops()) largest = i;

  std::string products;
  for (std::size_t i = 0; i < step.size(); ++i) {
    const Product& p = step[i];
    const double s = median(product_seconds[i]);
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "%s{\"name\":\"%s\",\"m\":%d,\"n\":%d,\"k\":%d,\"flops\":%.0f,\"seconds\":%.6g,"
                  "\"gflops\":%.4g}",
                  i ? "," : "", p.name, p.m, p.n, p.k, p.flops(), s, p.flops() / s / 1e9);
    products += buf;
  }
  const Product& big = step[largest];
  const double big_seconds = median(product_seconds[largest]);
  const char* core = openblas_get_corename();
  const char* config = openblas_get_config();

  std::printf(
      "{\"workload\":\"w3\",\"impl\":\"openblas_sgemm\",\"threads\":%d,\"gflops\":%.4g,"
      "\"best_gflops\":%.4g,\"step_flops\":%.0f,\"flops_per_example\":%.17g,\"batch\":%d,"
      "\"step_seconds\":%.6g,\"repeats\":%d,\"warmup\":%d,"
      "\"largest_product\":{\"name\":\"%s\",\"gflops\":%.4g},\"products\":[%s],"
      "\"openblas_threads\":%d,\"openblas_core\":\"%s\",\"openblas_config\":\"%s\"}\n",
      threads, step_flops / step_median / 1e9, step_flops / best / 1e9, step_flops, step_flops / B,
      B, step_median, repeats, warmup, big.name, big.flops() / big_seconds / 1e9, products.c_str(),
      openblas_get_num_threads(), core ? core : "", config ? config : "");
  std::fprintf(stderr,
               "gemm_rate: %d thread(s), OpenBLAS core %s: one step (8 products, %.1f MFLOP) "
               "%.3f ms median = %.1f GFLOP/s; largest product %s alone %.1f GFLOP/s\n",
               threads, core ? core : "?", step_flops / 1e6, step_median * 1e3,
               step_flops / step_median / 1e9, big.name, big.flops() / big_seconds / 1e9);
  return 0;
}
