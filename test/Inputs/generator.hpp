// A synchronous generator in the style of std::generator / cppcoro::generator:
// lazy, produces values with co_yield, cannot be awaited (its promise has an
// await_transform that is deleted), iterated by the caller.
#pragma once
#include <coroutine>
#include <exception>
#include <utility>

namespace genlib {

template <typename T> class generator {
public:
  struct promise_type {
    const T *current = nullptr;
    generator get_return_object() {
      return generator{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(const T &v) noexcept {
      current = &v;
      return {};
    }
    void return_void() {}
    void unhandled_exception() { throw; }
    template <typename U> void await_transform(U &&) = delete;
  };
  explicit generator(std::coroutine_handle<promise_type> h) : h(h) {}
  generator(generator &&o) noexcept : h(std::exchange(o.h, {})) {}
  ~generator() { if (h) h.destroy(); }
  bool next() {
    h.resume();
    return !h.done();
  }
  const T &value() const { return *h.promise().current; }

private:
  std::coroutine_handle<promise_type> h;
};

} // namespace genlib
