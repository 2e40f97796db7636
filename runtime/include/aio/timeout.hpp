//===- aio/timeout.hpp - A deadline for the current task --------*- C++ -*-===//
//
/// \file
/// aio::timeout (asyncio.timeout, Python 3.11): awaits something in the
/// calling task itself, and cancels the calling task when a deadline
/// passes, turning that cancellation into aio::timeout_error.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "aio/errors.hpp"
#include "aio/loop.hpp"
#include "aio/task.hpp"

#include <chrono>
#include <utility>

namespace aio {
namespace detail {

/// Cancels a task when it fires.
class deadline_timer final : private timer_node {
public:
  deadline_timer(task_context &ctx, clock::time_point when) : context_(ctx) {
    ctx.loop->add_timer(*this, when);
  }
  deadline_timer(const deadline_timer &) = delete;
  deadline_timer &operator=(const deadline_timer &) = delete;
  ~deadline_timer() {
    context_.loop->cancel_timer(*this);
    // A request from our own timer that nothing consumed (the awaited
    // operation completed just before): it must not cancel the caller's
    // next await.
    if (expired_)
      context_.cancel_pending = false;
  }

  [[nodiscard]] bool expired() const noexcept { return expired_; }

private:
  void on_timer() noexcept override {
    expired_ = true;
    context_.request_cancel();
  }

  task_context &context_;
  bool expired_ = false;
};

} // namespace detail

/// Awaits a in the calling task, for at most d (asyncio.timeout). When d
/// passes first, the calling task is cancelled: a gets aio::cancelled_error
/// at its current await, and once it has unwound, timeout throws
/// aio::timeout_error instead. If a swallowed the cancellation and finished
/// anyway, its result is returned.
///
/// Unlike aio::wait_for, no task is spawned: a runs as part of the caller,
/// like a plain co_await. To bound several awaits, pass a coroutine lambda
/// called in place (its captures live until the co_await ends):
///
///   co_await aio::timeout(2s, [&]() -> aio::task<> {
///     co_await connect();
///     co_await handshake();
///   }());
///
/// A cancellation of the calling task from elsewhere passes through as
/// aio::cancelled_error -- unless it arrives after the deadline passed, when
/// the two cannot be told apart and timeout_error is thrown.
template <class Rep, class Period, class A>
task<await_result_t<A>> timeout(std::chrono::duration<Rep, Period> d, A awaitable) {
  detail::task_context &ctx = detail::current_context();
  detail::deadline_timer timer(
      ctx, detail::clock::now() + std::chrono::ceil<detail::clock::duration>(d));
  try {
    co_return co_await std::move(awaitable);
  } catch (const cancelled_error &) {
    if (!timer.expired())
      throw;
  }
  throw timeout_error();
}

} // namespace aio
