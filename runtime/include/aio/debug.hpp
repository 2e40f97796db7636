//===- aio/debug.hpp - Run-time reports of coroutine misuse -----*- C++ -*-===//
//
/// \file
/// The runtime's debug mode, modelled on asyncio's (PYTHONASYNCIODEBUG): an
/// opt-in switch under which the runtime reports, at run time, the mistakes
/// async-tidy looks for statically -- a task that was never awaited, a task
/// whose exception nobody retrieved, and a loop step that blocked the loop.
///
/// Debug mode is process-wide. It starts enabled when the environment
/// variable AIO_DEBUG is set to a non-empty value other than "0", and can be
/// switched with aio::set_debug(). Reports go to a replaceable handler; the
/// default one writes a line to stderr.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace aio {

/// What a debug report is about.
enum class debug_event {
  /// A task was destroyed without ever being awaited or started
  /// (asyncio: "coroutine ... was never awaited").
  never_awaited,
  /// A spawned task failed and no handle ever retrieved its exception
  /// (asyncio: "Task exception was never retrieved").
  exception_never_retrieved,
  /// One step of the event loop ran longer than the slow-step threshold,
  /// usually a blocking call inside a coroutine
  /// (asyncio: "Executing <Task ...> took 0.250 seconds").
  slow_step,
  /// An aio::task_group was destroyed before its wait() finished: its
  /// running tasks were cancelled with nobody left to wait for them, or a
  /// failure of one of them was never rethrown (Python's TaskGroup, always
  /// used with `async with`, cannot be left this way).
  task_group_abandoned,
};

/// One report of debug mode.
struct debug_report {
  debug_event kind;
  /// A complete sentence for a human, without a trailing newline.
  std::string message;
};

using debug_handler = std::function<void(const debug_report &)>;

namespace detail {

struct debug_settings {
  std::atomic<bool> enabled{initially_enabled()};
  std::atomic<std::chrono::nanoseconds::rep> slow_step_ns{
      std::chrono::nanoseconds(std::chrono::milliseconds(100)).count()};
  std::mutex handler_mutex;
  debug_handler handler; // empty: the default stderr handler

  static bool initially_enabled() noexcept {
    const char *value = std::getenv("AIO_DEBUG");
    return value != nullptr && *value != '\0' && std::string_view(value) != "0";
  }
};

inline debug_settings &settings() {
  static debug_settings instance;
  return instance;
}

} // namespace detail

/// Turns debug mode on or off for the whole process.
inline void set_debug(bool enabled) noexcept {
  detail::settings().enabled.store(enabled, std::memory_order_relaxed);
}

/// Whether debug mode is on.
[[nodiscard]] inline bool debug_enabled() noexcept {
  return detail::settings().enabled.load(std::memory_order_relaxed);
}

/// Sets how long one loop step may run before debug mode reports it as
/// slow (asyncio's loop.slow_callback_duration). Default: 100 ms.
inline void set_slow_step_threshold(std::chrono::nanoseconds threshold) noexcept {
  detail::settings().slow_step_ns.store(threshold.count(),
                                        std::memory_order_relaxed);
}

[[nodiscard]] inline std::chrono::nanoseconds slow_step_threshold() noexcept {
  return std::chrono::nanoseconds(
      detail::settings().slow_step_ns.load(std::memory_order_relaxed));
}

/// Replaces the handler that receives debug reports and returns the previous
/// one. An empty handler restores the default, which writes to stderr. The
/// handler runs on the thread that detected the problem (normally the loop's
/// thread) and must not throw.
inline debug_handler set_debug_handler(debug_handler handler) {
  auto &s = detail::settings();
  std::lock_guard lock(s.handler_mutex);
  return std::exchange(s.handler, std::move(handler));
}

namespace detail {

/// Delivers a report if debug mode is on. Never throws.
inline void report(debug_event kind, std::string message) noexcept {
  if (!debug_enabled())
    return;
  try {
    debug_handler handler;
    {
      auto &s = settings();
      std::lock_guard lock(s.handler_mutex);
      handler = s.handler;
    }
    debug_report r{kind, std::move(message)};
    if (handler)
      handler(r);
    else
      std::fprintf(stderr, "aio debug: %s\n", r.message.c_str());
  } catch (...) {
    // A report must never turn into a second failure.
  }
}

} // namespace detail
} // namespace aio
