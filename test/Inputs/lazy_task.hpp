// A lazy task in the style of cppcoro/libcoro: the body starts when the task
// is awaited (initial_suspend is suspend_always), awaitable through a member
// operator co_await, run from synchronous code with sync_wait.
#pragma once
#include <coroutine>
#include <exception>
#include <utility>

namespace lazylib {

template <typename T = void> class task;

namespace detail {
struct final_awaiter {
  bool await_ready() const noexcept { return false; }
  template <typename P>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
    if (auto c = h.promise().continuation)
      return c;
    return std::noop_coroutine();
  }
  void await_resume() const noexcept {}
};
struct promise_base {
  std::coroutine_handle<> continuation;
  std::exception_ptr error;
  std::suspend_always initial_suspend() const noexcept { return {}; }
  final_awaiter final_suspend() const noexcept { return {}; }
  void unhandled_exception() noexcept { error = std::current_exception(); }
};
} // namespace detail

template <typename T> class task {
public:
  struct promise_type : detail::promise_base {
    T value{};
    task get_return_object() {
      return task{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    void return_value(T v) { value = std::move(v); }
  };
  explicit task(std::coroutine_handle<promise_type> h) : handle(h) {}
  task(task &&o) noexcept : handle(std::exchange(o.handle, {})) {}
  task &operator=(task &&o) noexcept {
    std::swap(handle, o.handle);
    return *this;
  }
  ~task() { if (handle) handle.destroy(); }
  struct awaiter {
    std::coroutine_handle<promise_type> h;
    bool await_ready() const noexcept { return !h || h.done(); }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) noexcept {
      h.promise().continuation = c;
      return h;
    }
    T await_resume() { return std::move(h.promise().value); }
  };
  awaiter operator co_await() && noexcept { return awaiter{handle}; }
  bool is_ready() const noexcept { return !handle || handle.done(); }

private:
  std::coroutine_handle<promise_type> handle;
};

template <> class task<void> {
public:
  struct promise_type : detail::promise_base {
    task get_return_object() {
      return task{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    void return_void() {}
  };
  explicit task(std::coroutine_handle<promise_type> h) : handle(h) {}
  task(task &&o) noexcept : handle(std::exchange(o.handle, {})) {}
  task &operator=(task &&o) noexcept {
    std::swap(handle, o.handle);
    return *this;
  }
  ~task() { if (handle) handle.destroy(); }
  struct awaiter {
    std::coroutine_handle<promise_type> h;
    bool await_ready() const noexcept { return !h || h.done(); }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) noexcept {
      h.promise().continuation = c;
      return h;
    }
    void await_resume() {}
  };
  awaiter operator co_await() && noexcept { return awaiter{handle}; }
  bool is_ready() const noexcept { return !handle || handle.done(); }

private:
  std::coroutine_handle<promise_type> handle;
};

// Runs a task to completion from synchronous code (declaration is enough for
// the linter's tests).
template <typename T> T sync_wait(task<T> t);
void sync_wait(task<void> t);

} // namespace lazylib
