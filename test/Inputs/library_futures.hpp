// Futures of third-party libraries, in the shapes of boost::future and
// folly::Future: `get()` blocks until the value is there, and there is a way
// to wait or to chain, but no awaiter protocol. Beside them, types that have a
// `get()` and are not futures. Self-written, declarations only.
#pragma once
#include <coroutine>

namespace futlib {
template <typename T> class future {
public:
  T get();          // blocks
  void wait() const; // blocks
  bool is_ready() const;
  template <typename F> future<int> then(F &&) { return {}; }
};
} // namespace futlib

namespace follylike {
template <typename T> class FutureBase {
public:
  T get() &&;         // blocks
  bool isReady() const;
};
template <typename T> class SemiFuture : public FutureBase<T> {};
} // namespace follylike

namespace notfutures {
// A smart pointer: get() returns the pointer at once.
template <typename T> struct handle {
  T *get() const;
  void reset();
};
// A cache whose get() takes a key.
struct cache {
  int get(int key) const;
  void wait();
};
// Awaitable results: co_await them; their get() is their own business.
struct awaitable_result {
  int get();
  void wait();
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  int await_resume();
};
// A synchronous coroutine type (value or error): finished when the call
// returns, so get() never waits.
struct expected {
  struct promise_type {
    expected get_return_object();
    std::suspend_never initial_suspend() noexcept;
    std::suspend_never final_suspend() noexcept;
    void return_value(int);
    void unhandled_exception();
  };
  int get() const;
  bool is_ready() const;
};
} // namespace notfutures
