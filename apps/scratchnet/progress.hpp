// A progress bar for long training on a terminal: epoch, cost, epochs per second and time
// left, redrawn in place at most ten times a second. Off a terminal it draws nothing, and
// the plain log lines are all there is.
//
// The bar decides by a clock it is given (steady_clock by default), so its tests need no
// real time: tests/test_progress.cpp drives it with a fake clock, and
// SCRATCHNET_FAULT=progress-clock-late gives a real run a clock that is always late enough.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace scratchnet::cli {

// The time as the bar reads it.
using ProgressClock = std::function<std::chrono::steady_clock::time_point()>;

// SCRATCHNET_FAULT=progress-clock-late (tests/test_cli_explain.cpp): the bar's clock moves
// one second on every reading, so a run of a few hundred epochs shows the bar on a terminal,
// however fast the machine is.
inline constexpr std::string_view kProgressClockLate = "progress-clock-late";

// A clock that moves on by `step` at every reading, from an arbitrary start.
inline ProgressClock stepping_clock(std::chrono::steady_clock::duration step) {
  auto now = std::make_shared<std::chrono::steady_clock::time_point>();
  return [now, step] { return *now += step; };
}

// steady_clock, or the late clock that SCRATCHNET_FAULT=progress-clock-late asks for.
inline ProgressClock progress_clock_from_environment() {
  const char* fault = std::getenv("SCRATCHNET_FAULT");
  if (fault && fault == kProgressClockLate) return stepping_clock(std::chrono::seconds(1));
  return [] { return std::chrono::steady_clock::now(); };
}

class ProgressBar {
 public:
  // Draws on stdout when `enabled` and stdout is a terminal.
  ProgressBar(int epochs, bool enabled)
      : ProgressBar(epochs, enabled && ::isatty(1), progress_clock_from_environment()) {}

  // Draws when `enabled`, wherever stdout is, by `clock` (read once here: the start).
  ProgressBar(int epochs, bool enabled, ProgressClock clock)
      : epochs_(epochs), enabled_(enabled), clock_(std::move(clock)) {
    if (enabled_) start_ = last_draw_ = clock_();
  }

  bool enabled() const { return enabled_; }

  // Called after every epoch; cheap unless it is time to redraw.
  void update(int epoch, double cost) { print(frame(epoch, cost)); }

  // Before printing a normal line: take the bar off the screen.
  void clear() { print(clear_text()); }

  // What update(epoch, cost) draws now, "" for nothing; the bar moves on as if it was drawn.
  // Nothing before 300 ms since the start (short runs finish before a bar is worth showing),
  // nothing within 100 ms of the last drawing, and the clock is read only every 64 epochs.
  std::string frame(int epoch, double cost) {
    if (!enabled_ || (epoch & 63) != 63) return "";
    const auto now = clock_();
    if (now - last_draw_ < std::chrono::milliseconds(100)) return "";
    if (now - start_ < std::chrono::milliseconds(300)) return "";
    last_draw_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double rate = (epoch + 1) / seconds;
    const double left = (epochs_ - epoch - 1) / rate;
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(kWidth * static_cast<double>(epoch + 1) / epochs_);
    std::string bar(static_cast<size_t>(filled), '#');
    bar.resize(kWidth, '-');
    char text[256];
    std::snprintf(text, sizeof text,
                  "\r\033[K  [%s] epoch %d/%d  cost %.6g  %.0f epochs/s  %.1f s left", bar.c_str(),
                  epoch + 1, epochs_, cost, rate, left);
    drawn_ = true;
    return text;
  }

  // What clear() prints: the escape that erases a bar on the screen, or "" when none is.
  std::string clear_text() {
    if (!drawn_) return "";
    drawn_ = false;
    return "\r\033[K";
  }

 private:
  static void print(const std::string& text) {
    if (text.empty()) return;
    std::fputs(text.c_str(), stdout);
    std::fflush(stdout);
  }

  int epochs_;
  bool enabled_;
  ProgressClock clock_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_{};
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace scratchnet::cli
