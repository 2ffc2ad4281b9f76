// W1 reference point: the article's XOR network (2-3-1, sigmoid, squared-error
// cost C = 1/(2m) * sum((Y - Yhat)^2), learning rate 1, 5000 full-batch epochs,
// float64) as the smallest hand-written C++ loop: fixed-size plain arrays,
// sigmoid through std::exp, no Eigen, no heap allocation. It is the floor that
// scratchnet's W1 time is compared against ("within 2x of the hand loop").
//
// Build (compare.sh does this):
//   g++ -std=c++20 -O2 -march=native bench/xor_hand_loop.cpp -o build/bench/xor_hand_loop
// Run:
//   build/bench/xor_hand_loop [--repeats 20] [--epochs 5000]
// Prints one JSON line:
//   {"workload":"w1","impl":"hand_loop","seconds":<median>,"best":<best>,"final_cost":<cost at
//   epoch 4999>,...}
// "seconds" is the median over the repeats of the time of the 5000 epochs
// (std::chrono::steady_clock), "best" the fastest repeat.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

// The article's initial weights: Xavier, W = randn(n_out, n_in) / sqrt(n_in),
// biases 0, drawn with NumPy after np.random.seed(48), layer 1 (3x2) first, then
// layer 2 (1x3). Printed with 17 significant digits by
//   /usr/bin/python3 bench/peers/w1_xor_numpy.py --print-weights
// (format(v, ".17g")), so they round-trip to the exact float64 values.
constexpr double kInitW1[3][2] = {
    {-0.70260344432074817, -0.75193792067451404},
    {-0.45118780694921667, 0.75065656081645005},
    {-0.11130154283236932, 0.77338282405439673},
};
constexpr double kInitW2[3] = {-1.1979175261364463, 0.40451065623948357, 0.96685306507843005};

// Examples are columns: X is 2x4 with columns (0,0), (0,1), (1,0), (1,1).
constexpr double kX[2][4] = {{0, 0, 1, 1}, {0, 1, 0, 1}};
constexpr double kY[4] = {0, 1, 1, 0};
constexpr int kM = 4;

constexpr double kReferenceFinalCost = 0.0008926880678235163;

struct Params {
  double w1[3][2];
  double b1[3];
  double w2[3];
  double b2;
};

// Hides the initial weights from the optimiser so the repeats can't be folded
// into one or computed at compile time.
void escape(void* p) {
  asm volatile("" : : "g"(p) : "memory");
}

inline double sigmoid(double z) {
  return 1.0 / (1.0 + std::exp(-z));
}

// Trains from `p` in place for `epochs` epochs; returns the cost of the last
// epoch's forward pass (before that epoch's update), as the article logs it.
__attribute__((noinline)) double train(Params& p, int epochs, double lr) {
  double cost = NAN;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    // forward
    double a1[3][kM];
    double a2[kM];
    for (int k = 0; k < 3; ++k)
      for (int j = 0; j < kM; ++j)
        a1[k][j] = sigmoid(p.w1[k][0] * kX[0][j] + p.w1[k][1] * kX[1][j] + p.b1[k]);
    for (int j = 0; j < kM; ++j)
      a2[j] = sigmoid(p.w2[0] * a1[0][j] + p.w2[1] * a1[1][j] + p.w2[2] * a1[2][j] + p.b2);
    // cost
    double sum = 0;
    for (int j = 0; j < kM; ++j) {
      const double e = kY[j] - a2[j];
      sum += e * e;
    }
    cost = (1.0 / (2 * kM)) * sum;
    // backward
    double dz2[kM];
    for (int j = 0; j < kM; ++j)
      dz2[j] = -(kY[j] - a2[j]) / kM * a2[j] * (1 - a2[j]);
    double dw2[3] = {0, 0, 0};
    double db2 = 0;
    for (int j = 0; j < kM; ++j) {
      for (int k = 0; k < 3; ++k)
        dw2[k] += dz2[j] * a1[k][j];
      db2 += dz2[j];
    }
    double dw1[3][2] = {};
    double db1[3] = {};
    for (int k = 0; k < 3; ++k)
      for (int j = 0; j < kM; ++j) {
        const double dz1 = p.w2[k] * dz2[j] * a1[k][j] * (1 - a1[k][j]);
        dw1[k][0] += dz1 * kX[0][j];
        dw1[k][1] += dz1 * kX[1][j];
        db1[k] += dz1;
      }
    // update
    for (int k = 0; k < 3; ++k) {
      p.w1[k][0] -= lr * dw1[k][0];
      p.w1[k][1] -= lr * dw1[k][1];
      p.b1[k] -= lr * db1[k];
      p.w2[k] -= lr * dw2[k];
    }
    p.b2 -= lr * db2;
  }
  return cost;
}

Params initial() {
  Params p{};
  std::memcpy(p.w1, kInitW1, sizeof p.w1);
  std::memcpy(p.w2, kInitW2, sizeof p.w2);
  escape(&p);
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  int repeats = 20;
  int epochs = 5000;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--repeats") == 0 && i + 1 < argc) {
      repeats = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--epochs") == 0 && i + 1 < argc) {
      epochs = std::atoi(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: %s [--repeats N] [--epochs N]\n", argv[0]);
      return 2;
    }
  }
  if (repeats < 1 || epochs < 1) {
    std::fprintf(stderr, "--repeats and --epochs must be positive\n");
    return 2;
  }

  {  // warm-up: page in the code and libm, settle the clock
    Params p = initial();
    volatile double sink = train(p, epochs, 1.0);
    (void)sink;
  }

  std::vector<double> seconds;
  double final_cost = NAN;
  for (int r = 0; r < repeats; ++r) {
    Params p = initial();
    const auto start = std::chrono::steady_clock::now();
    const double cost = train(p, epochs, 1.0);
    const auto stop = std::chrono::steady_clock::now();
    escape(&p);
    seconds.push_back(std::chrono::duration<double>(stop - start).count());
    final_cost = cost;
  }
  std::vector<double> sorted = seconds;
  std::sort(sorted.begin(), sorted.end());
  const std::size_t n = sorted.size();
  const double median = n % 2 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);

  // The reference is for 5000 epochs only; JSON has no NaN, so null otherwise.
  char reference_error[32] = "null";
  if (epochs == 5000)
    std::snprintf(reference_error, sizeof reference_error, "%.3g",
                  std::fabs(final_cost - kReferenceFinalCost));
  std::printf(
      "{\"workload\":\"w1\",\"impl\":\"hand_loop\",\"seconds\":%.9g,\"best\":%.9g,"
      "\"final_cost\":%.17g,\"repeats\":%d,\"epochs\":%d,\"reference_error\":%s}\n",
      median, sorted.front(), final_cost, repeats, epochs, reference_error);
  return 0;
}
