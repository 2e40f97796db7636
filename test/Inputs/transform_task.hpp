// A lazy task in the style of folly::coro::Task: it has no operator
// co_await and no awaiter members; the awaiting coroutine's promise accepts
// it through await_transform (and only there).
#pragma once
#include <coroutine>
#include <exception>
#include <utility>

namespace xlib {

template <typename T = void> class Task;

template <typename T> struct TaskAwaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume();
};

struct PromiseBase {
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void unhandled_exception() {}
  template <typename U> TaskAwaiter<U> await_transform(Task<U> &&t);
};

template <typename T> class Task {
public:
  struct promise_type : PromiseBase {
    Task get_return_object() {
      return Task{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    void return_value(T) {}
  };
  explicit Task(std::coroutine_handle<promise_type> h) : h(h) {}
  Task(Task &&o) noexcept : h(std::exchange(o.h, {})) {}
  ~Task() { if (h) h.destroy(); }

private:
  std::coroutine_handle<promise_type> h;
};

template <> class Task<void> {
public:
  struct promise_type : PromiseBase {
    Task get_return_object() {
      return Task{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    void return_void() {}
  };
  explicit Task(std::coroutine_handle<promise_type> h) : h(h) {}
  Task(Task &&o) noexcept : h(std::exchange(o.h, {})) {}
  ~Task() { if (h) h.destroy(); }

private:
  std::coroutine_handle<promise_type> h;
};

template <typename T> T blockingWait(Task<T> t);

} // namespace xlib
