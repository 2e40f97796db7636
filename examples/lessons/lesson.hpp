// Shared by the lesson programs: a time unit, a stopwatch, and the check
// that makes a program exit non-zero when a timing is not what the lesson
// teaches. The lessons use a short unit (asyncio's tutorials use seconds) so
// that they can run as tests; they assert ratios, never absolute times.
#pragma once

#include <chrono>
#include <cstdio>

namespace lesson {

/// One "second" of the asyncio tutorials.
inline constexpr std::chrono::milliseconds unit{40};

class stopwatch {
public:
  /// Elapsed time in units.
  double units() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_) /
           std::chrono::duration<double>(unit);
  }

private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

/// Prints "<what>: <took> units (expected <low>..<high>)" and records a
/// failure when took is outside [low, high).
inline bool expect_between(const char *what, double took, double low, double high) {
  bool ok = took >= low && took < high;
  std::printf("%-40s %5.2f units  (expected %.2f..%.2f)%s\n", what, took, low, high,
              ok ? "" : "  <-- WRONG");
  return ok;
}

} // namespace lesson
