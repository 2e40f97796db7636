// Awaiters that are not awaiters: missing members, wrong return types,
// operator co_await returning garbage, awaiting a non-awaitable.
#include <coroutine>
#include "lazy_task.hpp"
struct missing_resume { bool await_ready(); void await_suspend(std::coroutine_handle<>); };
struct bad_suspend { bool await_ready(); int *await_suspend(std::coroutine_handle<>); void await_resume(); };
struct ready_not_bool { void await_ready(); void await_suspend(std::coroutine_handle<>); void await_resume(); };
struct co_await_returns_int { int operator co_await(); };
struct recursive { recursive operator co_await(); };
lazylib::task<int> compute();
lazylib::task<void> f() {
  co_await missing_resume{};
  co_await bad_suspend{};
  co_await ready_not_bool{};
  co_await co_await_returns_int{};
  co_await recursive{};
  co_await 42;
  co_await compute;
  compute();
  co_return;
}
