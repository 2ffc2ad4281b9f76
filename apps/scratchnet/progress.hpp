// A progress bar for long training on a terminal: epoch, cost, epochs per second and time
// left, redrawn in place at most ten times a second. Off a terminal it draws nothing, and
// the plain log lines are all there is.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>

namespace scratchnet::cli {

class ProgressBar {
 public:
  ProgressBar(int epochs, bool enabled) : epochs_(epochs), enabled_(enabled && ::isatty(1)) {}

  bool enabled() const { return enabled_; }

  // Called after every epoch; cheap unless it is time to redraw.
  void update(int epoch, double cost) {
    if (!enabled_ || (epoch & 63) != 63) return;  // look at the clock every 64 epochs
    const auto now = Clock::now();
    if (now - last_draw_ < std::chrono::milliseconds(100)) return;
    // Short runs finish before a bar is worth showing.
    if (now - start_ < std::chrono::milliseconds(300)) return;
    last_draw_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double rate = (epoch + 1) / seconds;
    const double left = (epochs_ - epoch - 1) / rate;
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(kWidth * static_cast<double>(epoch + 1) / epochs_);
    std::string bar(static_cast<size_t>(filled), '#');
    bar.resize(kWidth, '-');
    std::printf("\r\033[K  [%s] epoch %d/%d  cost %.6g  %.0f epochs/s  %.1f s left", bar.c_str(),
                epoch + 1, epochs_, cost, rate, left);
    std::fflush(stdout);
    drawn_ = true;
  }

  // Before printing a normal line: take the bar off the screen.
  void clear() {
    if (drawn_) std::printf("\r\033[K");
    drawn_ = false;
  }

 private:
  using Clock = std::chrono::steady_clock;
  int epochs_;
  bool enabled_;
  bool drawn_ = false;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_draw_ = start_;
};

}  // namespace scratchnet::cli
