// RUN: %check_async_tidy %s async-unawaited-task %t

#include <aio/aio.hpp>

#include <type_traits>
#include <utility>
#include <vector>

aio::task<int> fetch(int id);
aio::task<> log_line();
bool ready();
int pick();

// ---- never awaited ----

aio::task<> never_awaited() {
  auto t = fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is never awaited; the lazy task never runs [async-unawaited-task]
  // CHECK-MESSAGES: :[[@LINE-2]]:8: note: 'co_await' it on every path, or declare it '{{\[\[maybe_unused\]\]}}' if dropping it is intended
  co_return;
}

aio::task<> never_awaited_only_inspected() {
  aio::task<int> t = fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: task 't' is never awaited; the lazy task never runs [async-unawaited-task]
  if (t.valid() && !t.done())
    co_await log_line();
  t;
  (void)t;
  static_assert(sizeof(t) > 0);
}

// ---- awaited on some paths only ----

aio::task<int> early_co_return(bool fast) {
  auto t = fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
  if (fast)
    co_return 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 't' goes out of scope here without being awaited
  co_return co_await t;
}

aio::task<> if_else(bool b) {
  auto t = fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
  if (b) {
    co_await t;
  } else {
    co_await log_line();
  }
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: note: 't' goes out of scope here without being awaited

aio::task<> loop_break_continue(int n) {
  for (int i = 0; i < n; ++i) {
    auto t = fetch(i);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: task 't' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
    if (i == 3)
      continue;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: note: 't' goes out of scope here without being awaited
    if (i == 7)
      break;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: note: 't' goes out of scope here without being awaited
    co_await t;
  }
}

aio::task<> while_loop_awaited_later() {
  auto t = fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
  while (ready()) {
    if (pick() == 2) {
      co_await std::move(t);
      break;
    }
  }
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: note: 't' goes out of scope here without being awaited

aio::task<> switch_cases(int k) {
  auto t = fetch(k);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
  switch (k) {
  case 0:
    co_await t;
    break;
  case 1:
    co_return;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 't' goes out of scope here without being awaited
  default:
    co_await std::move(t);
  }
}

aio::task<> goto_out(int k) {
  {
    auto t = fetch(k);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: task 't' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
    if (k > 2)
      goto done;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: note: 't' goes out of scope here without being awaited
    co_await t;
  }
done:
  co_return;
}

aio::task<> goto_retry() {
retry:
  auto t = fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
  if (!ready())
    goto retry;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 't' goes out of scope here without being awaited
  co_await t;
}

// A non-coroutine function that returns early without running the task.
int blocking_early_return(bool skip) {
  auto t = fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
  if (skip)
    return 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 't' goes out of scope here without being awaited
  // CHECK-MESSAGES: :[[@LINE-5]]:8: note: run it (for example with 'aio::run' or 'sync_wait') or return it to a caller that awaits it on every path, or declare it '{{\[\[maybe_unused\]\]}}' if dropping it is intended
  return aio::run(std::move(t));
}

// ---- awaited on every path: no warning ----

aio::task<int> every_path(int k) {
  auto t = fetch(k);
  if (k == 0)
    co_return co_await t;
  switch (k) {
  case 1:
    co_await std::move(t);
    break;
  default:
    co_return 2 * co_await t;
  }
  co_return 0;
}

aio::task<> loop_awaits_before_every_exit(int n) {
  for (int i = 0; i < n; ++i) {
    auto t = fetch(i);
    if (i == 3) {
      co_await t;
      continue;
    }
    if (i == 7) {
      co_await t;
      break;
    }
    int v = co_await t;
    (void)v;
  }
}

// The path that leaves by throwing is not followed.
aio::task<> throws_before_await(bool bad) {
  auto t = fetch(1);
  if (bad)
    throw 42;
  co_await t;
}

aio::task<> infinite_loop_never_leaves() {
  auto t = fetch(1);
  for (;;) {
    if (ready()) {
      co_await t;
      break;
    }
  }
}

// A loop with constant bounds runs its body at least once.
aio::task<> constant_bounds_run_once() {
  auto t = fetch(1);
  for (int i = 0; i < 10; i++) {
    co_await t;
    break;
  }
  auto u = fetch(2);
  for (unsigned i = 3; i >= 1u; --i) {
    co_await std::move(u);
    break;
  }
}

// Leaving the loop after all iterations is still a path.
aio::task<> constant_bounds_may_finish() {
  auto t = fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
  for (int i = 0; i < 3; ++i) {
    if (ready()) {
      co_await t;
      break;
    }
    if (i == 1)
      continue;
  }
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: note: 't' goes out of scope here without being awaited

aio::task<> variable_bounds_may_skip(int n) {
  auto t = fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
  for (int i = 0; i < n; ++i)
    co_await t;
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: note: 't' goes out of scope here without being awaited

// ---- a task per iteration ----

aio::task<> task_per_iteration(int n) {
  std::vector<aio::task<int>> pending;
  for (int i = 0; i < n; ++i) {
    auto t = fetch(i);
    pending.push_back(std::move(t));
  }
  for (int i = 0; i < n; ++i) {
    auto dropped = fetch(i);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: task 'dropped' is never awaited; the lazy task never runs [async-unawaited-task]
  }
  co_await aio::gather(std::move(pending));
}

// ---- nested scopes ----

aio::task<> nested_scopes(bool b) {
  auto outer = fetch(1);
  {
    auto inner = fetch(2);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: task 'inner' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
    if (b) {
      co_await inner;
    }
  }
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: 'inner' goes out of scope here without being awaited
  co_await outer;
}

// ---- lambdas ----

void lambdas() {
  auto Body = []() -> aio::task<> {
    auto t = fetch(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: task 't' is never awaited; the lazy task never runs [async-unawaited-task]
    co_return;
  };
  auto Fine = [](bool b) -> aio::task<int> {
    auto t = fetch(1);
    if (b)
      co_return co_await t;
    co_return co_await std::move(t);
  };
  (void)aio::run(Fine(true));
  aio::run(Body());
}

aio::task<> captured_by_lambda() {
  auto byref = fetch(1);
  auto bymove = fetch(2);
  auto implicit = fetch(3);
  auto a = [&byref]() { return std::move(byref); };
  auto b = [t = std::move(bymove)]() mutable { return std::move(t); };
  auto c = [&]() -> aio::task<int> { return std::move(implicit); };
  co_await a();
  co_await b();
  co_await c();
}

// ---- templates: reported once, in instantiations only ----

template <typename T> aio::task<> generic(T value, bool b) {
  auto t = fetch(value);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
  if (b)
    co_return;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 't' goes out of scope here without being awaited
  co_await t;
}

// The same template holds a task in one instantiation and an int in another.
template <typename Task> aio::task<> generic_task(Task make()) {
  auto t = make();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
  if (ready())
    co_return;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 't' goes out of scope here without being awaited
  if constexpr (!std::is_same_v<Task, int>)
    co_await t;
}
int plain_int();
aio::task<int> make_task();

aio::task<> use_templates() {
  co_await generic(1, true);
  co_await generic(2L, false);
  co_await generic_task<int>(plain_int);
  co_await generic_task<aio::task<int>>(make_task);
}

// Never instantiated: dependent code stays quiet.
template <typename T> aio::task<> uninstantiated(T value) {
  auto t = fetch(value);
  co_return;
}

// ---- non-coroutine functions that hand tasks to a blocking run ----

int main_like() {
  auto t = fetch(1);
  return aio::run(std::move(t));
}

int main_like_lambda_task() {
  auto body = []() -> aio::task<int> { co_return co_await fetch(1); };
  auto t = body();
  return aio::run(std::move(t));
}

aio::task<int> returns_task(bool b) {
  auto t = fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
  if (b)
    return t;
  return fetch(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: 't' goes out of scope here without being awaited
}
