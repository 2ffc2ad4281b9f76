// The progress bar by a fake clock: when it first shows, how often it redraws, what it
// draws, and that it takes itself off the line. No test here waits on real time.
#include <memory>

#include "progress.hpp"
#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

using cli::ProgressBar;
using std::chrono::milliseconds;
using TimePoint = std::chrono::steady_clock::time_point;

// A clock that says what the test sets, and counts how often it is read.
struct FakeClock {
  std::shared_ptr<TimePoint> now = std::make_shared<TimePoint>();
  std::shared_ptr<int> readings = std::make_shared<int>(0);
  cli::ProgressClock clock() const {
    return [time = now, count = readings] {
      ++*count;
      return *time;
    };
  }
  void at(milliseconds since_start) const { *now = TimePoint{} + since_start; }
};

TEST(ProgressBar, NothingBefore300MillisecondsThenAtMostEvery100) {
  const FakeClock fake;
  ProgressBar bar(6400, true, fake.clock());
  fake.at(milliseconds(299));
  EXPECT_EQ(bar.frame(63, 0.5), "");
  fake.at(milliseconds(300));
  EXPECT_NE(bar.frame(127, 0.5), "");
  fake.at(milliseconds(399));
  EXPECT_EQ(bar.frame(191, 0.5), "");
  fake.at(milliseconds(400));
  EXPECT_NE(bar.frame(255, 0.5), "");
  fake.at(milliseconds(450));
  EXPECT_EQ(bar.frame(319, 0.5), "");
  fake.at(milliseconds(5000));
  EXPECT_NE(bar.frame(383, 0.5), "");
}

TEST(ProgressBar, ReadsTheClockOnlyEvery64Epochs) {
  const FakeClock fake;
  ProgressBar bar(1000, true, fake.clock());
  EXPECT_EQ(*fake.readings, 1);  // the start
  fake.at(milliseconds(10000));
  for (int epoch = 0; epoch < 63; ++epoch)
    EXPECT_EQ(bar.frame(epoch, 1.0), "") << epoch;
  EXPECT_EQ(*fake.readings, 1);
  EXPECT_NE(bar.frame(63, 1.0), "");
  EXPECT_EQ(*fake.readings, 2);
  for (int epoch = 64; epoch < 127; ++epoch)
    EXPECT_EQ(bar.frame(epoch, 1.0), "") << epoch;
  EXPECT_EQ(*fake.readings, 2);
}

TEST(ProgressBar, DrawsEpochCostRateAndTimeLeft) {
  const FakeClock fake;
  ProgressBar bar(1024, true, fake.clock());
  fake.at(milliseconds(2000));  // 512 epochs in 2 s: 256 a second, 512 left take 2 s
  EXPECT_EQ(bar.frame(511, 0.125),
            "\r\033[K  [###############---------------] epoch 512/1024  cost 0.125  256 "
            "epochs/s  2.0 s left");
  fake.at(milliseconds(4000));
  EXPECT_EQ(bar.frame(1023, 1.0 / 3),
            "\r\033[K  [##############################] epoch 1024/1024  cost 0.333333  256 "
            "epochs/s  0.0 s left");
}

TEST(ProgressBar, ClearErasesADrawnBarOnce) {
  const FakeClock fake;
  ProgressBar bar(1000, true, fake.clock());
  EXPECT_EQ(bar.clear_text(), "");  // nothing drawn yet
  fake.at(milliseconds(1000));
  ASSERT_NE(bar.frame(63, 1.0), "");
  EXPECT_EQ(bar.clear_text(), "\r\033[K");
  EXPECT_EQ(bar.clear_text(), "");
}

TEST(ProgressBar, DisabledItDrawsNothingAndReadsNoClock) {
  const FakeClock fake;
  ProgressBar bar(1000, false, fake.clock());
  EXPECT_FALSE(bar.enabled());
  fake.at(milliseconds(100000));
  for (int epoch = 0; epoch < 1000; ++epoch)
    EXPECT_EQ(bar.frame(epoch, 1.0), "");
  EXPECT_EQ(bar.clear_text(), "");
  EXPECT_EQ(*fake.readings, 0);
}

// SCRATCHNET_FAULT=progress-clock-late: one second per reading, so the bar shows at the
// first look (epoch 64) and at every look after, at 64 epochs a second.
TEST(ProgressBar, TheLateClockShowsTheBarAtTheFirstLook) {
  ProgressBar bar(1000, true, cli::stepping_clock(std::chrono::seconds(1)));
  const std::string first = bar.frame(63, 0.25);
  EXPECT_NE(first.find("epoch 64/1000"), std::string::npos) << first;
  EXPECT_NE(first.find("  64 epochs/s  14."), std::string::npos) << first;
  EXPECT_NE(bar.frame(127, 0.25).find("epoch 128/1000"), std::string::npos);
}

TEST(ProgressBar, TheEnvironmentChoosesTheLateClock) {
  {
    const ScopedEnvironment fault("SCRATCHNET_FAULT", "progress-clock-late");
    const cli::ProgressClock late = cli::progress_clock_from_environment();
    const TimePoint a = late(), b = late();
    EXPECT_EQ(b - a, std::chrono::seconds(1));
  }
  {
    // Another fault leaves the bar on steady_clock, which no test can tell apart from any
    // other monotonic clock; but it never goes back.
    const ScopedEnvironment fault("SCRATCHNET_FAULT", "kill-after-epochs:3");
    const cli::ProgressClock steady = cli::progress_clock_from_environment();
    const TimePoint a = steady(), b = steady();
    EXPECT_LE(a, b);
    EXPECT_LE(a, std::chrono::steady_clock::now());
  }
}

}  // namespace
}  // namespace scratchnet::testing
