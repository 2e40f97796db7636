// An awaitable in the style of asio's C++20 support: a lazy coroutine type
// whose promise restricts what can be awaited through await_transform, a free
// co_spawn that starts it on an executor, and a blocking io_context::run.
#pragma once
#include <coroutine>
#include <exception>
#include <utility>

namespace asiolike {

class io_context {
public:
  std::size_t run();      // blocks until all work is done
  std::size_t run_one();  // blocks until one handler ran
  std::size_t poll();     // runs ready handlers, never blocks
};

struct detached_t {};
inline constexpr detached_t detached{};
struct use_awaitable_t {};
inline constexpr use_awaitable_t use_awaitable{};

template <typename T = void> class awaitable {
public:
  struct promise_type {
    awaitable get_return_object() {
      return awaitable{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
    // Only awaitables of this library can be awaited in its coroutines.
    template <typename U> awaitable<U> &&await_transform(awaitable<U> &&a) {
      return std::move(a);
    }
  };
  explicit awaitable(std::coroutine_handle<promise_type> h) : h(h) {}
  awaitable(awaitable &&o) noexcept : h(std::exchange(o.h, {})) {}
  ~awaitable() { if (h) h.destroy(); }
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<>) { return h; }
  T await_resume() {}

private:
  std::coroutine_handle<promise_type> h;
};

template <typename T> void co_spawn(io_context &, awaitable<T> a, detached_t);

class steady_timer {
public:
  explicit steady_timer(io_context &);
  void wait();                                   // blocking
  awaitable<void> async_wait(use_awaitable_t);   // asynchronous
};

} // namespace asiolike
