//===- aio/task.hpp - The lazy coroutine type -------------------*- C++ -*-===//
//
/// \file
/// aio::task<T>: the coroutine type of the runtime. A task is lazy (its body
/// starts only when it is awaited, spawned with aio::create_task or run with
/// aio::run), move-only, and owns its coroutine frame. Awaiting it returns
/// the value of its co_return or rethrows the exception that escaped it.
///
/// Awaiting uses symmetric transfer in both directions (the awaiter hands
/// control straight to the child, and the child's final suspension hands it
/// straight back), so a chain of nested awaits of any depth runs in constant
/// stack space. With GCC a trampoline in the loop does the same (see
/// aio/transfer.hpp).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "aio/debug.hpp"
#include "aio/transfer.hpp"

#include <coroutine>
#include <exception>
#include <source_location>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace aio {

template <class T = void> class task;

/// The value that stands for "no value" where a void task's result has to be
/// stored, e.g. in the tuple returned by aio::gather (Python's None).
using none_t = std::monostate;

namespace detail {

struct task_access;

/// What every task promise has, whatever its result type.
class promise_base {
public:
  explicit promise_base(std::source_location where) noexcept : where_(where) {}

  /// Hands control back to whoever awaited the task (symmetric transfer).
  struct final_awaiter {
    bool await_ready() const noexcept { return false; }
    template <class Promise>
    std::coroutine_handle<>
    await_suspend(std::coroutine_handle<Promise> self) const noexcept {
      if (auto next = self.promise().continuation_)
        return transfer_to(next);
      return std::noop_coroutine();
    }
    void await_resume() const noexcept {}
  };

  std::suspend_always initial_suspend() const noexcept { return {}; }
  final_awaiter final_suspend() const noexcept { return {}; }

  /// The coroutine function, for debug reports ("'fetch(int)' was never
  /// awaited").
  const std::source_location &where() const noexcept { return where_; }

private:
  template <class> friend class aio::task;
  friend struct task_access;

  std::coroutine_handle<> continuation_;
  bool started_ = false;
  std::source_location where_;
};

template <class T> class promise_result {
public:
  template <class U = T>
    requires std::is_convertible_v<U &&, T>
  void return_value(U &&value) noexcept(std::is_nothrow_constructible_v<T, U &&>) {
    result_.template emplace<1>(std::forward<U>(value));
  }
  void unhandled_exception() noexcept {
    result_.template emplace<2>(std::current_exception());
  }
  T take() {
    if (result_.index() == 2)
      std::rethrow_exception(std::get<2>(result_));
    return std::move(std::get<1>(result_));
  }

private:
  std::variant<std::monostate, T, std::exception_ptr> result_;
};

template <> class promise_result<void> {
public:
  void return_void() noexcept {}
  void unhandled_exception() noexcept { error_ = std::current_exception(); }
  void take() {
    if (error_)
      std::rethrow_exception(error_);
  }

private:
  std::exception_ptr error_;
};

} // namespace detail

/// A lazy coroutine producing a T (asyncio: a coroutine object).
///
///   aio::task<int> answer() { co_await aio::sleep(10ms); co_return 42; }
///   aio::task<> caller() { int v = co_await answer(); }
///
/// A task is awaited at most once. A task that is destroyed without ever
/// being awaited or spawned did nothing; debug mode reports it.
template <class T> class [[nodiscard]] task {
  static_assert(!std::is_reference_v<T>,
                "aio::task<T&> is not supported; return a pointer or "
                "std::reference_wrapper");

public:
  using value_type = T;

  struct promise_type : detail::promise_base, detail::promise_result<T> {
    // The default argument is evaluated inside the coroutine function, so it
    // names that function in debug reports.
    explicit promise_type(
        std::source_location where = std::source_location::current()) noexcept
        : promise_base(where) {}

    task get_return_object() noexcept {
      return task(std::coroutine_handle<promise_type>::from_promise(*this));
    }
  };

  /// An empty task; awaiting it throws std::logic_error.
  task() noexcept = default;
  task(task &&other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  task &operator=(task &&other) noexcept {
    if (this != &other) {
      reset();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  task(const task &) = delete;
  task &operator=(const task &) = delete;
  ~task() { reset(); }

  /// Whether this task owns a coroutine.
  [[nodiscard]] bool valid() const noexcept { return bool(handle_); }
  explicit operator bool() const noexcept { return valid(); }

  /// Whether the coroutine has run to completion.
  [[nodiscard]] bool done() const noexcept { return handle_ && handle_.done(); }

  class awaiter {
  public:
    explicit awaiter(std::coroutine_handle<promise_type> h) noexcept : handle_(h) {}
    bool await_ready() const noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> caller) {
      if (!handle_)
        throw std::logic_error("aio::task: awaiting an empty task");
      auto &p = handle_.promise();
      if (p.started_)
        throw std::logic_error("aio::task: a task can be awaited only once");
      p.started_ = true;
      p.continuation_ = caller;
      // Start the child right away, without growing the stack.
      return detail::transfer_to(handle_);
    }
    T await_resume() { return handle_.promise().take(); }

  private:
    std::coroutine_handle<promise_type> handle_;
  };

  awaiter operator co_await() & noexcept { return awaiter(handle_); }
  awaiter operator co_await() && noexcept { return awaiter(handle_); }

private:
  friend struct detail::task_access;

  explicit task(std::coroutine_handle<promise_type> h) noexcept : handle_(h) {}

  void reset() noexcept {
    if (!handle_)
      return;
    if (!handle_.promise().started_ && debug_enabled())
      detail::report(debug_event::never_awaited,
                     std::string("task '") +
                         handle_.promise().where().function_name() +
                         "' (" + handle_.promise().where().file_name() + ":" +
                         std::to_string(handle_.promise().where().line()) +
                         ") was never awaited: it was destroyed before it "
                         "started; co_await it, or spawn it with "
                         "aio::create_task");
    handle_.destroy();
    handle_ = {};
  }

  std::coroutine_handle<promise_type> handle_;
};

namespace detail {

/// Runtime internals that need more than the public interface of a task.
struct task_access {
  /// Marks a task as consumed without running it, so that destroying it is
  /// not reported as "never awaited" (a task cancelled before it started).
  template <class T> static void mark_started(task<T> &t) noexcept {
    if (t.handle_)
      t.handle_.promise().started_ = true;
  }
};

/// The result type of co_await on an A (rvalue).
template <class A> auto get_awaiter(A &&a) {
  if constexpr (requires { std::forward<A>(a).operator co_await(); })
    return std::forward<A>(a).operator co_await();
  else
    return std::forward<A>(a);
}

} // namespace detail

/// The type `co_await std::declval<A>()` produces.
template <class A>
using await_result_t =
    decltype(detail::get_awaiter(std::declval<A>()).await_resume());

} // namespace aio
