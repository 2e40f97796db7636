// RUN: %check_async_tidy %s async-dangling-reference %t

#include "asio_like.hpp"
#include "eager_task.hpp"
#include "lazy_task.hpp"

#include <string>
#include <utility>
#include <vector>

std::string make_name();

// ---- a lazy library (cppcoro/libcoro style) ----

lazylib::task<int> lazy_fetch(const std::string &name) {
  co_return (int)name.size();
}

lazylib::task<> lazy_style() {
  auto t = lazy_fetch(make_name());
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: temporary 'std::string' bound to reference parameter 'name' of coroutine 'lazy_fetch' is destroyed at the end of this statement, but the task is awaited later [async-dangling-reference]
  int n = co_await std::move(t);
  co_await lazy_fetch(make_name());
}

int lazy_sync() { return lazylib::sync_wait(lazy_fetch(make_name())); }

// A scheduler's member that takes the task and starts it: a spawn by shape.
struct scheduler {
  bool spawn(lazylib::task<void> &&t);
  lazylib::task<void> schedule(); // not a spawn: takes no task
};

lazylib::task<void> lazy_work(const std::string &name) {
  (void)name.size();
  co_return;
}

void lazy_spawn(scheduler &s) {
  s.spawn(lazy_work(std::string("x")));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: temporary 'std::string' bound to reference parameter 'name' of coroutine 'lazy_work' is destroyed at the end of this statement, but the task is spawned and runs after it [async-dangling-reference]
  std::string local = make_name();
  s.spawn(lazy_work(local));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: local variable 'local' bound to reference parameter 'name' of coroutine 'lazy_work' is destroyed at the end of its scope, but the task is spawned and runs after it [async-dangling-reference]
}

// A task taken by rvalue reference by a function whose body is not visible
// is handed over: libcoro's `spawn_joinable(task&&)` moves it into a group at
// once and is no coroutine at all.
struct pool {
  lazylib::task<void> spawn_joinable(lazylib::task<void> &&t);
};
lazylib::task<void> lazy_constant();

lazylib::task<> joinable(pool &p) {
  auto join = p.spawn_joinable(lazy_constant());
  co_await std::move(join);
}

// A coroutine that keeps the task by reference and awaits it later does
// dangle.
lazylib::task<void> wrap(lazylib::task<void> &&inner) {
  co_await std::move(inner);
}

lazylib::task<> wrapped() {
  auto w = wrap(lazy_constant());
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: temporary 'lazylib::task<void>' bound to reference parameter 'inner' of coroutine 'wrap' is destroyed at the end of this statement, but the task is awaited later [async-dangling-reference]
  co_await std::move(w);
}

void lazy_sync_wait_is_not_a_spawn() {
  lazylib::sync_wait(lazy_work(std::string("x")));
  std::string local = make_name();
  lazylib::sync_wait(lazy_work(local));
}

// ---- an eager library: the body runs until its first suspension ----

eagerlib::result<int> reads_after_suspending(const std::string &name) {
  co_await std::suspend_always{};
  co_return (int)name.size();
}

eagerlib::result<int> copies_before_suspending(const std::string &name) {
  std::string copy = name;
  co_await std::suspend_always{};
  co_return (int)copy.size();
}

eagerlib::result<int> eager_declared_only(const std::string &name);

lazylib::task<> eager_style() {
  auto r1 = reads_after_suspending(make_name());
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: temporary 'std::string' bound to reference parameter 'name' of coroutine 'reads_after_suspending' is destroyed at the end of this statement, but the task is awaited later [async-dangling-reference]
  co_await r1;
  auto r2 = copies_before_suspending(make_name());
  co_await r2;
  co_await reads_after_suspending(make_name());
  auto r3 = eager_declared_only(make_name());
  co_await r3;
}

eagerlib::result<int> eager_returns_local() {
  std::string name = make_name();
  co_await std::suspend_always{};
  co_return 0;
}

eagerlib::result<int> returns_eager(std::string name) {
  return reads_after_suspending(name);
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: parameter 'name' bound to reference parameter 'name' of coroutine 'reads_after_suspending' is destroyed when 'returns_eager' returns, but the task is returned and runs after it [async-dangling-reference]
}

eagerlib::result<int> returns_eager_copy(std::string name) {
  return copies_before_suspending(name);
}

// ---- a spawn-style API: asio's co_spawn ----

asiolike::awaitable<void> session(const std::string &peer) {
  (void)peer.size();
  co_return;
}

void accept_loop(asiolike::io_context &ctx) {
  asiolike::co_spawn(ctx, session(std::string("p")), asiolike::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: temporary 'std::string' bound to reference parameter 'peer' of coroutine 'session' is destroyed at the end of this statement, but the task is spawned and runs after it [async-dangling-reference]
  for (;;) {
    std::string peer = make_name();
    asiolike::co_spawn(ctx, session(peer), asiolike::detached);
    // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: local variable 'peer' bound to reference parameter 'peer' of coroutine 'session' is destroyed at the end of its scope, but the task is spawned and runs after it [async-dangling-reference]
  }
}

int main_runs_the_loop() {
  asiolike::io_context ctx;
  std::string peer = make_name();
  asiolike::co_spawn(ctx, session(peer), asiolike::detached);
  ctx.run();
  return 0;
}

asiolike::awaitable<void> awaits_in_place() {
  co_await session(std::string("p"));
  std::string peer = make_name();
  auto s = session(peer);
  co_await std::move(s);
}
