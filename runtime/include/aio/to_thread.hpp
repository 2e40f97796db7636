//===- aio/to_thread.hpp - Offloading blocking work -------------*- C++ -*-===//
//
/// \file
/// aio::to_thread (asyncio.to_thread): runs a blocking function on a worker
/// thread and resumes the awaiting task on the loop with its result, so the
/// loop keeps serving other tasks meanwhile.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "aio/loop.hpp"
#include "aio/task.hpp"

#include <atomic>
#include <coroutine>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace aio {
namespace detail {

/// One function call handed to a worker thread. The worker writes the
/// outcome, then posts the completion through the loop's mutex-guarded
/// queue, which orders that write before the loop reads the outcome.
template <class R> class thread_job {
public:
  thread_job() = default;
  thread_job(const thread_job &) = delete;
  thread_job &operator=(const thread_job &) = delete;
  virtual ~thread_job() = default;

  /// Worker thread: runs the call unless the loop abandoned it first.
  /// Returns whether it ran.
  bool run_on_worker() noexcept {
    int expected = queued;
    if (!phase_.compare_exchange_strong(expected, running))
      return false;
    try {
      if constexpr (std::is_void_v<R>) {
        invoke();
        value_.emplace();
      } else {
        value_.emplace(invoke());
      }
    } catch (...) {
      error_ = std::current_exception();
    }
    return true;
  }

  /// Loop thread: drops a call no worker has started yet. Returns whether
  /// it did (then no completion will be posted).
  bool abandon() noexcept {
    int expected = queued;
    return phase_.compare_exchange_strong(expected, abandoned);
  }

  /// Loop thread, after the completion arrived.
  R take() {
    if (error_)
      std::rethrow_exception(error_);
    if constexpr (!std::is_void_v<R>)
      return std::move(*value_);
  }

  /// The awaiter to resume on completion; loop thread only.
  void *waiter = nullptr;

private:
  enum { queued, running, abandoned };
  virtual R invoke() = 0;

  std::atomic<int> phase_{queued};
  std::optional<std::conditional_t<std::is_void_v<R>, std::monostate, R>> value_;
  std::exception_ptr error_;
};

template <class R, class Fn> class thread_job_impl final : public thread_job<R> {
public:
  explicit thread_job_impl(Fn fn) : fn_(std::move(fn)) {}

private:
  R invoke() override { return std::invoke(std::move(fn_)); }
  Fn fn_;
};

template <class R> class thread_job_awaiter final : public suspension {
public:
  explicit thread_job_awaiter(std::shared_ptr<thread_job<R>> job) noexcept
      : job_(std::move(job)) {}
  ~thread_job_awaiter() {
    if (job_->waiter == this)
      stop_waiting();
  }

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> h) {
    if (!bind())
      return false;
    event_loop *loop = loop_;
    loop->submit_job([job = job_, loop] {
      if (!job->run_on_worker())
        return;
      loop->call_soon_threadsafe([job, loop] {
        loop->job_finished();
        if (auto *w = static_cast<thread_job_awaiter *>(job->waiter)) {
          job->waiter = nullptr;
          w->wake();
        }
      });
    });
    job_->waiter = this;
    park(h);
    return true;
  }
  R await_resume() {
    check_resume();
    return job_->take();
  }

private:
  /// The worker cannot be interrupted: a started call runs on, and its
  /// result is dropped (as with asyncio.to_thread). A queued one never runs.
  void stop_waiting() noexcept {
    job_->waiter = nullptr;
    if (job_->abandon())
      loop_->job_finished();
  }
  bool on_cancel() noexcept override {
    stop_waiting();
    cancelled_ = true;
    wake();
    return true;
  }

  std::shared_ptr<thread_job<R>> job_;
};

} // namespace detail

/// Calls f(args...) on a worker thread and resumes the awaiting task on the
/// loop with the result, or rethrows what f threw (asyncio.to_thread).
///
/// Like std::thread, f and args are copied or moved into the call; pass
/// std::ref to share an object. The task is lazy: nothing runs until it is
/// awaited. If the awaiting task is cancelled, it resumes at once with
/// aio::cancelled_error; a call that already started runs to its end on the
/// worker (threads cannot be interrupted) and its result is dropped, and
/// aio::run waits for it before returning. The pool has min(32, cores + 4)
/// threads, like asyncio's default executor.
template <class F, class... Args>
task<std::invoke_result_t<F, Args...>> to_thread(F f, Args... args) {
  using R = std::invoke_result_t<F, Args...>;
  auto call = [f = std::move(f), ... args = std::move(args)]() mutable -> R {
    return std::invoke(std::move(f), std::move(args)...);
  };
  auto job = std::make_shared<detail::thread_job_impl<R, decltype(call)>>(
      std::move(call));
  co_return co_await detail::thread_job_awaiter<R>(std::move(job));
}

} // namespace aio
