// Plain awaiters: structs that do something only when co_await drives them
// (a timer, a thread-pool hop), and one awaitable only through a free
// operator co_await.
#pragma once
#include <chrono>
#include <coroutine>

namespace awaitlib {

struct timer_awaiter {
  std::chrono::milliseconds delay;
  bool await_ready() const noexcept { return delay.count() <= 0; }
  void await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume() const noexcept {}
};
timer_awaiter sleep_for(std::chrono::milliseconds d);

struct schedule_op {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume() const noexcept {}
};
struct thread_pool {
  schedule_op schedule();
};

// Awaitable only through a free operator co_await found by ADL.
struct delay {
  std::chrono::milliseconds d;
};
struct delay_awaiter {
  delay what;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume() const noexcept {}
};
delay_awaiter operator co_await(delay d) noexcept;
delay after(std::chrono::milliseconds d);

// A type that merely looks busy: not awaitable, not a coroutine type.
struct not_a_task {
  int value;
};
not_a_task compute();

} // namespace awaitlib
