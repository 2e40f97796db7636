// Synchronous coroutine types in the style of folly's result<T> and
// Expected/Optional coroutines: the coroutine is eager and never suspends at
// its end, so the value (or the error) is complete when the call returns.
// The value type is awaitable inside another such coroutine (to propagate
// the error), and a lazy task's outcome can be captured as such a value.
#pragma once
#include <coroutine>
#include <exception>
#include <optional>
#include <utility>

namespace vlib {

template <typename T> class result {
public:
  struct promise_type {
    result *out = nullptr;
    result get_return_object() { return result{this}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_value(T v) { out->value_ = std::move(v); }
    void unhandled_exception() { out->error_ = std::current_exception(); }
  };
  result(T v) : value_(std::move(v)) {}
  result(result &&) noexcept = default;
  bool has_value() const noexcept { return value_.has_value(); }
  T &value() { return *value_; }
  // Unwraps the value inside another result coroutine.
  bool await_ready() const noexcept { return has_value(); }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume() { return std::move(*value_); }

private:
  explicit result(promise_type *p) { p->out = this; }
  std::optional<T> value_;
  std::exception_ptr error_;
};

// Awaiting this captures the awaited task's outcome as a result<T> instead
// of throwing.
template <typename Task> struct value_or_error_awaiter {
  Task task;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  result<int> await_resume();
};
template <typename Task> value_or_error_awaiter<Task> value_or_error(Task t) {
  return {std::move(t)};
}

} // namespace vlib
