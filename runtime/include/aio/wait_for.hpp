//===- aio/wait_for.hpp - Awaiting with a timeout ---------------*- C++ -*-===//
//
/// \file
/// aio::wait_for (asyncio.wait_for): awaits something, but no longer than a
/// timeout; on timeout it cancels what it waited for and throws
/// aio::timeout_error.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "aio/errors.hpp"
#include "aio/gather.hpp"
#include "aio/loop.hpp"
#include "aio/task.hpp"
#include "aio/task_handle.hpp"

#include <chrono>
#include <coroutine>
#include <utility>

namespace aio {
namespace detail {

/// Waits for one spawned task, cancelling it when the timer fires first.
class timeout_wait final : public suspension,
                           private completion_waiter,
                           private timer_node {
public:
  timeout_wait(task_state_base &state, clock::duration timeout) noexcept
      : state_(state), timeout_(timeout) {}
  ~timeout_wait() {
    if (registered_)
      state_.remove_waiter(*this);
    if (loop_)
      loop_->cancel_timer(*this);
  }

  bool await_ready() const noexcept { return state_.done; }
  bool await_suspend(std::coroutine_handle<> h) {
    if (!bind())
      return false;
    loop_->add_timer(*this, clock::now() + timeout_);
    state_.add_waiter(*this);
    registered_ = true;
    park(h);
    return true;
  }
  void await_resume() { check_resume(); }

  /// Whether the timeout passed before the task finished.
  bool timed_out() const noexcept { return timed_out_; }

private:
  void on_task_finished(task_state_base &) noexcept override {
    registered_ = false;
    loop_->cancel_timer(*this);
    wake();
  }
  void on_timer() noexcept override {
    timed_out_ = true;
    state_.context.request_cancel(); // then wait until it has finished
  }
  bool on_cancel() noexcept override {
    state_.context.request_cancel();
    return true;
  }

  task_state_base &state_;
  clock::duration timeout_;
  bool registered_ = false;
  bool timed_out_ = false;
};

} // namespace detail

/// Awaits a (a task, a task handle, or anything co_await accepts) for at most
/// timeout (asyncio.wait_for). Returns its result or rethrows its exception.
/// When the timeout passes first, a is cancelled, wait_for waits until it
/// has finished cancelling, and throws aio::timeout_error; if a swallowed the
/// cancellation and finished anyway, its result is returned instead. A task
/// handle passed in is cancelled too, as in asyncio.
template <class A, class Rep, class Period>
task<await_result_t<A>> wait_for(A awaitable,
                                 std::chrono::duration<Rep, Period> timeout) {
  auto &loop = detail::current_loop("aio::wait_for");
  auto handle = detail::to_handle(loop, std::move(awaitable));
  detail::timeout_wait wait(
      *handle.state(), std::chrono::ceil<detail::clock::duration>(timeout));
  co_await wait;
  if (wait.timed_out() && handle.state()->was_cancelled) {
    handle.state()->retrieved = true;
    throw timeout_error();
  }
  co_return co_await std::move(handle);
}

} // namespace aio
