// Synchronisation objects in the style of libcoro/cppcoro: a latch, an
// event, an async mutex and a timer. Each is awaitable (operator co_await or
// the awaiter members), but it is a long-lived object built by its own
// constructor and driven through other members, not a one-shot awaitable
// that a call hands out.
#pragma once
#include <coroutine>
#include <cstddef>

namespace synclib {

class latch {
public:
  explicit latch(std::ptrdiff_t count) : remaining_(count) {}
  bool is_ready() const noexcept { return remaining_ <= 0; }
  void count_down(std::ptrdiff_t n = 1) noexcept { remaining_ -= n; }
  struct awaiter {
    const latch &l;
    bool await_ready() const noexcept { return l.is_ready(); }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    void await_resume() const noexcept {}
  };
  awaiter operator co_await() const noexcept { return awaiter{*this}; }

private:
  std::ptrdiff_t remaining_;
};

class event {
public:
  explicit event(bool initially_set = false) : set_(initially_set) {}
  bool is_set() const noexcept { return set_; }
  void set() noexcept { set_ = true; }
  bool await_ready() const noexcept { return set_; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() const noexcept {}

private:
  bool set_;
};

// An awaiter handed out by a call: awaiting it is the only thing to do.
struct lock_awaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() const noexcept {}
};

class mutex {
public:
  lock_awaiter lock() noexcept { return {}; }
  void unlock() noexcept {}
};

// A timer made by a factory; users arm and cancel it through its members.
class timer {
public:
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() const noexcept {}
  void cancel() noexcept {}
  bool expired() const noexcept { return false; }
};
timer make_timer(int ms);

} // namespace synclib
