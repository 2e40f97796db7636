//===- aio/sleep.hpp - Suspending for a while -------------------*- C++ -*-===//
//
/// \file
/// aio::sleep (asyncio.sleep): suspends the calling task without blocking
/// the thread, so other tasks run meanwhile.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "aio/loop.hpp"
#include "aio/task.hpp"

#include <chrono>
#include <coroutine>

namespace aio {
namespace detail {

class sleep_awaiter final : public suspension, private timer_node {
public:
  explicit sleep_awaiter(clock::duration delay) noexcept : delay_(delay) {}
  ~sleep_awaiter() {
    if (loop_)
      loop_->cancel_timer(*this);
  }

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> h) {
    if (!bind())
      return false;
    loop_->add_timer(*this, clock::now() + delay_);
    park(h);
    return true;
  }
  void await_resume() { check_resume(); }

private:
  void on_timer() noexcept override { wake(); }
  bool on_cancel() noexcept override {
    loop_->cancel_timer(*this);
    cancelled_ = true;
    wake();
    return true;
  }

  clock::duration delay_;
};

} // namespace detail

/// Suspends the calling task for at least delay, letting other tasks run
/// (asyncio.sleep). sleep(0ms) just yields to the other ready tasks.
/// Throws aio::cancelled_error if the task is cancelled meanwhile.
template <class Rep, class Period>
task<> sleep(std::chrono::duration<Rep, Period> delay) {
  co_await detail::sleep_awaiter(
      std::chrono::ceil<detail::clock::duration>(delay));
}

} // namespace aio
