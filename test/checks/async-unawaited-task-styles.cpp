// RUN: %check_async_tidy %s async-unawaited-task %t

// Task styles of other libraries, recognised by shape.

#include "asio_like.hpp"
#include "awaiter.hpp"
#include "eager_task.hpp"
#include "fire_and_forget.hpp"
#include "lazy_task.hpp"

#include <chrono>
#include <coroutine>
#include <utility>

using namespace std::chrono_literals;

bool ready();

// ---- cppcoro/libcoro style: lazy, awaited as an rvalue, run by sync_wait ----

lazylib::task<int> compute(int x);

lazylib::task<int> lazy_paths(int x) {
  auto t = compute(x);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
  if (x < 0)
    co_return -1;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 't' goes out of scope here without being awaited
  co_return co_await std::move(t);
}

lazylib::task<> lazy_never() {
  lazylib::task<int> t = compute(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: task 't' is never awaited; the lazy task never runs [async-unawaited-task]
  if (t.is_ready())
    co_return;
}

int lazy_blocking(bool quick) {
  auto t = compute(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
  if (quick)
    return 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 't' goes out of scope here without being awaited
  return lazylib::sync_wait(std::move(t));
}

int lazy_blocking_ok() {
  auto t = compute(2);
  return lazylib::sync_wait(std::move(t));
}

// ---- eager tasks: started at the call, the result is lost ----

eagerlib::result<int> start_download();
eagerlib::job kick_off();

lazylib::task<> eager_paths(bool b) {
  auto r = start_download();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 'r' is not awaited on every path; on the paths that drop it, its result and exceptions are lost [async-unawaited-task]
  for (int i = 0; i < 3; ++i) {
    if (b)
      break;
    co_await r;
    co_return;
  }
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: note: 'r' goes out of scope here without being awaited

lazylib::task<> eager_never() {
  auto j = kick_off();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 'j' is never awaited; its result and exceptions are lost [async-unawaited-task]
  co_return;
}

int eager_blocking() {
  auto r = start_download();
  return r.get();
}

// ---- asio style: awaitable restricted by await_transform, co_spawn ----

asiolike::awaitable<void> serve();

asiolike::awaitable<void> asio_paths(bool stop) {
  auto session = serve();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 'session' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
  if (stop)
    co_return;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'session' goes out of scope here without being awaited
  co_await std::move(session);
}

void asio_spawn(asiolike::io_context &io) {
  auto session = serve();
  asiolike::co_spawn(io, std::move(session), asiolike::detached);
  io.run();
}

// ---- plain awaiters do nothing until awaited ----

lazylib::task<> awaiter_paths(awaitlib::thread_pool &pool) {
  auto op = pool.schedule();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: awaitable 'op' is not awaited on every path; on the paths that drop it, it does nothing [async-unawaited-task]
  if (ready())
    co_return;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'op' goes out of scope here without being awaited
  co_await op;
}

lazylib::task<> awaiter_never_and_free_operator() {
  auto pause = awaitlib::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: awaitable 'pause' is never awaited; it does nothing [async-unawaited-task]
  auto later = awaitlib::after(5ms); // awaitable through a free operator co_await
  co_await later;
}

// ---- not followed: fire-and-forget types, generators, plain values ----

fflib::fire_and_forget notify();
awaitlib::not_a_task plain();

template <typename T> struct generator {
  struct promise_type {
    T current{};
    generator get_return_object() {
      return generator{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(T v) {
      current = v;
      return {};
    }
    void return_void() {}
    void unhandled_exception() {}
  };
  explicit generator(std::coroutine_handle<promise_type> h) : h(h) {}
  generator(generator &&o) noexcept : h(std::exchange(o.h, {})) {}
  ~generator() { if (h) h.destroy(); }
  std::coroutine_handle<promise_type> h;
};
generator<int> numbers();

lazylib::task<> not_followed() {
  auto f = notify();
  auto g = numbers();
  auto v = plain();
  co_return;
}

// ---- structured bindings ----

struct task_pair {
  lazylib::task<int> first;
  lazylib::task<int> second;
};
task_pair two_tasks();

lazylib::task<int> bindings(bool b) {
  auto [x, y] = two_tasks();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: task 'y' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
  int v = co_await std::move(x);
  if (b)
    co_return v;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'y' goes out of scope here without being awaited
  co_return v + co_await std::move(y);
}
