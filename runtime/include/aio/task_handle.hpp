//===- aio/task_handle.hpp - Concurrently running tasks ---------*- C++ -*-===//
//
/// \file
/// aio::create_task and aio::task_handle<T> (asyncio.create_task and
/// asyncio.Task): a task spawned on the loop runs concurrently with its
/// creator, the loop keeps it alive until it finishes, and the handle awaits
/// its result.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "aio/debug.hpp"
#include "aio/errors.hpp"
#include "aio/loop.hpp"
#include "aio/task.hpp"

#include <coroutine>
#include <cstdint>
#include <exception>
#include <list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace aio {

template <class T = void> class task_handle;

namespace detail {

template <class T>
using stored_t = std::conditional_t<std::is_void_v<T>, none_t, T>;

class task_state_base;

/// Something that waits for a spawned task to finish.
class completion_waiter {
public:
  virtual void on_task_finished(task_state_base &state) noexcept = 0;

protected:
  ~completion_waiter() = default;
};

/// Shared state of one spawned task: its context on the loop, its outcome,
/// and who waits for it. Touched only on the loop's thread.
class task_state_base {
public:
  explicit task_state_base(event_loop &loop, std::string name) {
    context.loop = &loop;
    context.name = std::move(name);
  }
  task_state_base(const task_state_base &) = delete;
  task_state_base &operator=(const task_state_base &) = delete;
  virtual ~task_state_base() = default;

  task_context context;
  bool done = false;
  bool was_cancelled = false; // ended by cancelled_error
  std::exception_ptr error;
  std::uint64_t finish_number = 0;

  void add_waiter(completion_waiter &w) { waiters_.push_back(&w); }
  void remove_waiter(completion_waiter &w) noexcept {
    std::erase(waiters_, &w);
  }

  // Bookkeeping for "exception never retrieved".
  int handle_count = 0;
  bool detached = false;
  bool retrieved = false;

  /// Reports a failure nobody can retrieve any more (debug mode).
  void report_if_unretrieved() const {
    if (!done || !error || retrieved || was_cancelled || handle_count > 0 ||
        !debug_enabled())
      return;
    std::string what = "unknown exception";
    try {
      std::rethrow_exception(error);
    } catch (const std::exception &e) {
      what = e.what();
    } catch (...) {
    }
    report(debug_event::exception_never_retrieved,
           "task '" + context.name + "' failed with \"" + what +
               "\" but its exception was never retrieved (" +
               (detached ? "the task was detached"
                         : "every handle to it was dropped") +
               "); co_await its handle, or catch the exception inside the "
               "task");
  }

  /// Called once by the driver when the task's coroutine has finished.
  void finish() noexcept {
    done = true;
    finish_number = context.loop->next_finish_number();
    auto waiters = std::move(waiters_);
    waiters_.clear();
    for (auto *w : waiters)
      w->on_task_finished(*this);
    report_if_unretrieved();
  }

  /// The driver coroutine, destroyed by the loop only if it never finishes.
  std::coroutine_handle<> driver;
  task_list::iterator registry_position;
  bool cancelled_at_shutdown = false;

private:
  std::vector<completion_waiter *> waiters_;
};

template <class T> class task_state final : public task_state_base {
public:
  using task_state_base::task_state_base;

  std::optional<stored_t<T>> value;

  /// The result for one awaiter: a copy when T can be copied (so a handle
  /// can be awaited more than once, like an asyncio.Task), else moved out.
  stored_t<T> get(bool move) {
    retrieved = true;
    if (error)
      std::rethrow_exception(error);
    if (!value)
      throw std::logic_error("aio: the result of this task was already "
                             "moved out by an earlier await");
    if constexpr (std::is_copy_constructible_v<stored_t<T>>) {
      if (!move)
        return *value;
    }
    stored_t<T> out = std::move(*value);
    value.reset();
    return out;
  }
};

/// The coroutine that runs a spawned task on the loop and records its
/// outcome. It destroys itself when done.
struct driver_coroutine {
  struct promise_type {
    driver_coroutine get_return_object() noexcept {
      return {std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() const noexcept { return {}; }
    std::suspend_never final_suspend() const noexcept { return {}; }
    void return_void() const noexcept {}
    void unhandled_exception() const noexcept { std::terminate(); }
  };
  std::coroutine_handle<promise_type> handle;
};

template <class T>
driver_coroutine drive(task<T> body, std::shared_ptr<task_state<T>> state) {
  try {
    if (state->context.consume_cancel()) {
      // Cancelled before it started: like asyncio, the body never runs.
      task_access::mark_started(body);
      throw cancelled_error();
    }
    if constexpr (std::is_void_v<T>) {
      co_await std::move(body);
      state->value.emplace();
    } else {
      state->value.emplace(co_await std::move(body));
    }
  } catch (const cancelled_error &) {
    state->was_cancelled = true;
    state->error = std::current_exception();
  } catch (...) {
    state->error = std::current_exception();
  }
  state->finish();
  state->context.loop->unregister_task(state->registry_position);
}

/// Waits until every one of a set of spawned tasks has finished. Cancelling
/// the waiting task cancels all of them (and still waits for them).
class completion_wait final : public suspension, public completion_waiter {
public:
  explicit completion_wait(std::vector<task_state_base *> states)
      : states_(std::move(states)) {}
  ~completion_wait() {
    if (remaining_ > 0)
      for (auto *s : states_)
        if (!s->done)
          s->remove_waiter(*this);
  }

  bool await_ready() const noexcept {
    for (auto *s : states_)
      if (!s->done)
        return false;
    return true;
  }
  bool await_suspend(std::coroutine_handle<> h) {
    if (!bind())
      return false;
    for (auto *s : states_)
      if (!s->done) {
        s->add_waiter(*this);
        ++remaining_;
      }
    park(h);
    return true;
  }
  void await_resume() { check_resume(); }

  /// Whether this wait passed a cancellation on to the tasks.
  bool forwarded_cancel() const noexcept { return forwarded_cancel_; }

  void on_task_finished(task_state_base &) noexcept override {
    if (--remaining_ == 0)
      wake();
  }
  bool on_cancel() noexcept override {
    forwarded_cancel_ = true;
    for (auto *s : states_)
      if (!s->done)
        s->context.request_cancel();
    return true;
  }

private:
  std::vector<task_state_base *> states_;
  std::size_t remaining_ = 0;
  bool forwarded_cancel_ = false;
};

template <class T>
task_handle<T> spawn(event_loop &loop, task<T> body, std::string name);

/// The shared state behind a handle, for runtime parts that must keep it
/// alive without counting as a handle (task_group).
struct handle_access;

} // namespace detail

/// A task running concurrently on the loop (asyncio.Task).
///
/// Awaiting the handle gives the task's result or rethrows its exception;
/// when T is copyable it can be awaited more than once. Dropping every handle
/// does not stop the task: the loop keeps it alive until it finishes (if it
/// then fails, debug mode reports an exception that was never retrieved).
/// Call detach() to say in code that nobody will await it. Handles are
/// copyable, and are used on the loop's thread only.
template <class T> class [[nodiscard]] task_handle {
public:
  using value_type = T;

  task_handle() noexcept = default;
  task_handle(const task_handle &other) noexcept : state_(other.state_) {
    if (state_)
      ++state_->handle_count;
  }
  task_handle(task_handle &&other) noexcept : state_(std::move(other.state_)) {}
  task_handle &operator=(task_handle other) noexcept {
    std::swap(state_, other.state_);
    return *this;
  }
  ~task_handle() { release(); }

  /// Lets the task run on without anyone awaiting it (fire and forget).
  void detach() noexcept {
    if (state_)
      state_->detached = true;
    release();
  }

  /// Asks the task to stop: aio::cancelled_error is thrown at its current
  /// (or next) suspension point. Awaiting the handle then rethrows it,
  /// unless the task caught it and finished otherwise.
  void cancel() noexcept {
    if (state_ && !state_->done)
      state_->context.request_cancel();
  }

  [[nodiscard]] bool valid() const noexcept { return bool(state_); }
  [[nodiscard]] bool done() const noexcept { return state_ && state_->done; }
  /// Whether the task ended with aio::cancelled_error.
  [[nodiscard]] bool cancelled() const noexcept {
    return state_ && state_->was_cancelled;
  }
  [[nodiscard]] const std::string &name() const noexcept {
    return state_->context.name;
  }

  /// The shared state, for the runtime's combinators (gather, wait_for).
  detail::task_state<T> *state() const noexcept { return state_.get(); }

  class awaiter {
  public:
    awaiter(std::shared_ptr<detail::task_state<T>> state, bool move)
        : state_(std::move(state)), wait_({state_.get()}), move_(move) {}
    bool await_ready() const noexcept { return state_->done; }
    bool await_suspend(std::coroutine_handle<> h) { return wait_.await_suspend(h); }
    T await_resume() {
      wait_.await_resume();
      if constexpr (std::is_void_v<T>)
        state_->get(move_);
      else
        return state_->get(move_);
    }

  private:
    std::shared_ptr<detail::task_state<T>> state_;
    detail::completion_wait wait_;
    bool move_;
  };

  awaiter operator co_await() const & { return awaiter(checked(), false); }
  awaiter operator co_await() && { return awaiter(checked(), true); }

private:
  template <class U>
  friend task_handle<U> detail::spawn(detail::event_loop &, task<U>, std::string);
  friend struct detail::handle_access;

  explicit task_handle(std::shared_ptr<detail::task_state<T>> state) noexcept
      : state_(std::move(state)) {
    ++state_->handle_count;
  }

  const std::shared_ptr<detail::task_state<T>> &checked() const {
    if (!state_)
      throw std::logic_error("aio::task_handle: awaiting an empty handle");
    return state_;
  }

  void release() noexcept {
    if (!state_)
      return;
    --state_->handle_count;
    state_->report_if_unretrieved();
    state_.reset();
  }

  std::shared_ptr<detail::task_state<T>> state_;
};

namespace detail {

struct handle_access {
  template <class T>
  static std::shared_ptr<task_state_base> state(const task_handle<T> &h) noexcept {
    return h.state_;
  }
};

template <class T>
task_handle<T> spawn(event_loop &loop, task<T> body, std::string name) {
  if (!body.valid())
    throw std::logic_error("aio::create_task: the task is empty");
  if (name.empty())
    name = "Task-" + std::to_string(loop.next_task_number());
  auto state = std::make_shared<task_state<T>>(loop, std::move(name));
  driver_coroutine driver = drive(std::move(body), state);
  state->driver = driver.handle;
  state->registry_position = loop.register_task(state);
  loop.schedule(driver.handle, &state->context);
  return task_handle<T>(std::move(state));
}

} // namespace detail

/// Schedules t to run concurrently on the running loop and returns a handle
/// to await its result (asyncio.create_task). The loop keeps the task alive
/// until it finishes. Throws std::logic_error outside a running loop.
template <class T>
task_handle<T> create_task(task<T> t, std::string name = {}) {
  return detail::spawn(detail::current_loop("aio::create_task"), std::move(t),
                       std::move(name));
}

} // namespace aio
