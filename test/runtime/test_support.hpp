// Helpers shared by the aio unit tests.
#pragma once

#include <aio/aio.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace aio_test {

using namespace std::chrono_literals;
using clock = std::chrono::steady_clock;

/// Milliseconds since start.
inline double elapsed_ms(clock::time_point start) {
  return std::chrono::duration<double, std::milli>(clock::now() - start).count();
}

/// Turns debug mode on and collects its reports for the lifetime of the
/// object, then restores the previous settings.
class debug_capture {
public:
  debug_capture() : was_enabled_(aio::debug_enabled()) {
    previous_ = aio::set_debug_handler(
        [this](const aio::debug_report &r) { reports.push_back(r); });
    aio::set_debug(true);
  }
  ~debug_capture() {
    aio::set_debug(was_enabled_);
    aio::set_debug_handler(std::move(previous_));
    aio::set_slow_step_threshold(100ms);
  }
  debug_capture(const debug_capture &) = delete;
  debug_capture &operator=(const debug_capture &) = delete;

  std::size_t count(aio::debug_event kind) const {
    std::size_t n = 0;
    for (const auto &r : reports)
      n += r.kind == kind;
    return n;
  }

  std::vector<aio::debug_report> reports;

private:
  bool was_enabled_;
  aio::debug_handler previous_;
};

} // namespace aio_test

namespace aio_test {

/// Lets the other ready tasks run for a few loop steps (sleep(0ms) yields
/// one step). Tests use it to let freshly created tasks reach the await they
/// are meant to block in; it never waits for a clock.
inline aio::task<> yield_steps(int steps = 5) {
  for (int i = 0; i < steps; ++i)
    co_await aio::sleep(std::chrono::milliseconds(0));
}

} // namespace aio_test
