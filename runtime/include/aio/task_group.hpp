//===- aio/task_group.hpp - Structured concurrency --------------*- C++ -*-===//
//
/// \file
/// aio::task_group (Python 3.11's asyncio.TaskGroup): tasks created in a
/// group are waited for together; the first failure cancels the rest and is
/// rethrown, so no child is left running unobserved.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "aio/debug.hpp"
#include "aio/errors.hpp"
#include "aio/loop.hpp"
#include "aio/task.hpp"
#include "aio/task_handle.hpp"

#include <algorithm>
#include <coroutine>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace aio {

/// What task_group::create_task returns: an aio::task_handle<T> that, unlike
/// a plain one, may be discarded -- the group awaits the task.
template <class T> class group_handle : public task_handle<T> {
public:
  group_handle() noexcept = default;
  explicit group_handle(task_handle<T> h) noexcept : task_handle<T>(std::move(h)) {}
};

/// A set of tasks that are waited for together (asyncio.TaskGroup).
///
///   aio::task<> crawl(std::vector<std::string> urls) {
///     aio::task_group group;
///     for (auto &u : urls)
///       group.create_task(fetch(u));    // run concurrently
///     co_await group.wait();            // all done, or the first failure
///   }
///
/// - wait() returns when every task of the group has finished, including
///   tasks created while it waits (a child may add siblings).
/// - When a task fails (ends with an exception other than cancellation),
///   the group cancels all its other tasks, and wait(), once they have all
///   finished, rethrows that first failure. Later failures are dropped (they
///   are usually consequences of the cancellation); Python collects them in
///   an ExceptionGroup. The code that created the group is not interrupted:
///   it learns of the failure at wait().
/// - Cancelling the task that waits cancels every child, waits for them,
///   and throws aio::cancelled_error (or the first failure, if a child had
///   failed; the cancellation is then delivered at the next await).
/// - C++ has no asynchronous destructor: a group destroyed before wait()
///   finished (an exception thrown before it was reached, a forgotten
///   wait()) cancels the tasks still running, which then finish on their own;
///   debug mode reports it. Always reach co_await group.wait().
///
/// The group itself awaits its children's results: failures retrieved by
/// the group are never reported as "exception never retrieved". Used on the
/// loop's thread only.
class task_group final : private detail::completion_waiter {
public:
  task_group() = default;
  task_group(const task_group &) = delete;
  task_group &operator=(const task_group &) = delete;
  ~task_group() { abandon(); }

  /// Starts t as a task of the group (like aio::create_task) and returns its
  /// handle, which may be awaited too, or ignored. Throws std::logic_error when the
  /// group has finished waiting, or is cancelling its tasks after a failure
  /// (asyncio: RuntimeError); t then never runs.
  template <class T>
  group_handle<T> create_task(task<T> t, std::string name = {}) {
    auto &loop = detail::current_loop("aio::task_group::create_task");
    if (finished_ || failure_) {
      detail::task_access::mark_started(t); // refused, not forgotten
      throw std::logic_error(
          finished_ ? "aio::task_group::create_task: the group has finished"
                    : "aio::task_group::create_task: the group is cancelling "
                      "its tasks after a failure");
    }
    std::erase_if(children_, [](const auto &s) { return s->done; });
    task_handle<T> h = detail::spawn(loop, std::move(t), std::move(name));
    auto state = detail::handle_access::state(h);
    state->add_waiter(*this);
    children_.push_back(std::move(state));
    ++running_;
    return group_handle<T>(std::move(h));
  }

  /// co_await g.wait(): waits until every task of the group has finished;
  /// rethrows the first failure (see the class comment).
  task<> wait() {
    group_wait w(*this);
    co_await w;
    finished_ = true;
    if (failure_) {
      if (w.cancelled()) // keep the request: delivered at the next await
        detail::current_context().cancel_pending = true;
      std::rethrow_exception(failure_);
    }
    if (w.cancelled())
      throw cancelled_error();
  }

  /// Tasks of the group still running.
  [[nodiscard]] std::size_t running() const noexcept { return running_; }

private:
  class group_wait final : public detail::suspension {
  public:
    explicit group_wait(task_group &g) noexcept : group_(g) {}
    ~group_wait() {
      if (group_.waiter_ == this)
        group_.waiter_ = nullptr;
    }
    bool await_ready() const noexcept { return group_.running_ == 0; }
    bool await_suspend(std::coroutine_handle<> h) {
      if (group_.waiter_ != nullptr)
        throw std::logic_error("aio::task_group::wait: awaited by two tasks "
                               "at once");
      if (!bind()) {
        // Cancelled before waiting: still wait, for the children's
        // cancellation to finish.
        context_->consume_cancel();
        cancelled_ = true;
        group_.cancel_children();
      }
      if (group_.running_ == 0)
        return false;
      group_.waiter_ = this;
      park(h);
      return true;
    }
    void await_resume() const noexcept {}

    [[nodiscard]] bool cancelled() const noexcept { return cancelled_; }
    void all_finished() {
      group_.waiter_ = nullptr;
      wake();
    }

  private:
    bool on_cancel() noexcept override {
      cancelled_ = true;
      group_.cancel_children();
      return true; // resumed when they have all finished
    }
    task_group &group_;
  };

  void on_task_finished(detail::task_state_base &child) noexcept override {
    --running_;
    if (child.error) {
      child.retrieved = true; // the group rethrows or deliberately drops it
      if (!child.was_cancelled && !failure_) {
        failure_ = child.error;
        cancel_children();
      }
    }
    if (running_ == 0 && waiter_ != nullptr)
      waiter_->all_finished();
  }

  void cancel_children() noexcept {
    for (auto &s : children_)
      if (!s->done)
        s->context.request_cancel();
  }

  void abandon() noexcept {
    bool reported = running_ > 0 || (failure_ && !finished_);
    std::size_t left = running_;
    for (auto &s : children_)
      if (!s->done) {
        s->remove_waiter(*this);
        s->context.request_cancel();
      }
    if (!reported || !debug_enabled())
      return;
    try {
      std::string what;
      if (left > 0)
        what = std::to_string(left) + " of its tasks still running; they " +
               "were cancelled, and nothing waits for them";
      else
        what = "a failure of one of its tasks that was never rethrown";
      detail::report(debug_event::task_group_abandoned,
                     "aio::task_group destroyed before its wait() finished, "
                     "with " +
                         what + "; co_await group.wait() before the group "
                                "goes out of scope");
    } catch (...) {
    }
  }

  std::vector<std::shared_ptr<detail::task_state_base>> children_;
  std::size_t running_ = 0;
  std::exception_ptr failure_;
  group_wait *waiter_ = nullptr;
  bool finished_ = false;
};

} // namespace aio
