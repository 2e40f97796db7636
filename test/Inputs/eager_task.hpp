// An eager task in the style of concurrencpp's result / a std::future-like
// coroutine type: the body starts at the call (initial_suspend is
// suspend_never); awaiting retrieves the result. Awaitable through the three
// awaiter members directly on the type.
#pragma once
#include <coroutine>
#include <exception>
#include <optional>
#include <utility>

namespace eagerlib {

template <typename T> class result {
public:
  struct promise_type {
    std::optional<T> value;
    std::exception_ptr error;
    std::coroutine_handle<> waiter;
    result get_return_object() {
      return result{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(T v) { value = std::move(v); }
    void unhandled_exception() { error = std::current_exception(); }
  };
  explicit result(std::coroutine_handle<promise_type> h) : h(h) {}
  result(result &&o) noexcept : h(std::exchange(o.h, {})) {}
  ~result() { if (h) h.destroy(); }
  bool await_ready() const noexcept { return h.done(); }
  void await_suspend(std::coroutine_handle<> c) noexcept { h.promise().waiter = c; }
  T await_resume() { return std::move(*h.promise().value); }
  T get(); // blocks until the result is ready

private:
  std::coroutine_handle<promise_type> h;
};

// An eager void task with its promise provided through coroutine_traits
// instead of a nested promise_type (as some libraries do for foreign types).
struct job {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() const noexcept {}
};

} // namespace eagerlib

template <typename... Args> struct std::coroutine_traits<eagerlib::job, Args...> {
  struct promise_type {
    eagerlib::job get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
