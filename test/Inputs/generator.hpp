// A synchronous generator in the style of std::generator / cppcoro::generator:
// a lazy coroutine type whose promise has yield_value. It is iterated by the
// caller, not awaited (no awaiter protocol), and cannot await anything itself
// (its promise's await_transform is deleted).
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
  struct sentinel {};
  struct iterator {
    std::coroutine_handle<promise_type> h;
    const T &operator*() const { return *h.promise().current; }
    iterator &operator++() { h.resume(); return *this; }
    bool operator==(sentinel) const { return h.done(); }
  };
  explicit generator(std::coroutine_handle<promise_type> h) : h(h) {}
  generator(generator &&o) noexcept : h(std::exchange(o.h, {})) {}
  ~generator() { if (h) h.destroy(); }
  iterator begin() { h.resume(); return {h}; }
  sentinel end() { return {}; }
  bool next() {
    h.resume();
    return !h.done();
  }
  const T &value() const { return *h.promise().current; }

private:
  std::coroutine_handle<promise_type> h;
};

} // namespace genlib
