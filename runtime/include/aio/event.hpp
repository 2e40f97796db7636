//===- aio/event.hpp - A flag tasks can wait for ----------------*- C++ -*-===//
//
/// \file
/// aio::event (asyncio.Event): a flag, initially false; tasks wait until
/// some other task sets it.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "aio/wait_queue.hpp"

namespace aio {

/// A flag tasks can wait for (asyncio.Event).
///
///   aio::event ready;
///   aio::task<> consumer() { co_await ready.wait(); use(); }
///   aio::task<> producer() { prepare(); ready.set(); }
///
/// set() wakes every waiting task; while the flag is set, wait() returns at
/// once. Used on the loop's thread only; it must outlive every await on it.
class event {
public:
  /// What co_await e.wait() waits on.
  class [[nodiscard]] wait_awaiter final : public detail::queued_waiter {
  public:
    explicit wait_awaiter(event &e) noexcept : event_(e) {}
    /// Movable until it is awaited (to pass it to wait_for, timeout, ...).
    wait_awaiter(wait_awaiter &&) noexcept = default;
    bool await_ready() const noexcept { return event_.set_; }
    bool await_suspend(std::coroutine_handle<> h) {
      return enqueue(event_.waiters_, h);
    }
    void await_resume() { finish(); }

  private:
    event &event_;
  };

  event() = default;
  event(const event &) = delete;
  event &operator=(const event &) = delete;

  /// Sets the flag and wakes every task waiting for it. A task woken by it
  /// returns from wait() even if the flag is cleared before it resumes.
  void set() {
    set_ = true;
    waiters_.grant_all();
  }
  /// Resets the flag; later wait()s suspend again.
  void clear() noexcept { set_ = false; }
  [[nodiscard]] bool is_set() const noexcept { return set_; }

  /// co_await e.wait() returns once the flag is set (at once if it is).
  /// Throws aio::cancelled_error if the task is cancelled while waiting.
  [[nodiscard]] wait_awaiter wait() noexcept { return wait_awaiter(*this); }

private:
  bool set_ = false;
  detail::wait_queue waiters_;
};

} // namespace aio
