// RUN: %check_async_tidy %s async-unawaited-task %t -- \
// RUN:   --config="{CheckOptions: {async-unawaited-task.IgnoredTypes: '::lazylib::task;eagerlib::res.*', async-unawaited-task.CheckedTypes: 'mylib::Future'}}"

#include <aio/aio.hpp>
#include "eager_task.hpp"
#include "lazy_task.hpp"

#include <utility>

namespace mylib {
// Neither awaitable nor a coroutine type: only CheckedTypes makes it a task.
template <typename T> struct Future {
  T get();
};
} // namespace mylib

aio::task<int> fetch(int id);
lazylib::task<int> compute();
eagerlib::result<int> start_download();
mylib::Future<int> submit();
bool ready();

aio::task<> ignored_types() {
  auto lazy = compute();
  auto eager = start_download();
  auto future = submit();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 'future' is never awaited; its result and exceptions are lost [async-unawaited-task]
  co_return;
}

// [[maybe_unused]] says the drop is intended.
aio::task<> maybe_unused(bool b) {
  [[maybe_unused]] auto t = fetch(1);
  [[maybe_unused]] auto h = aio::create_task(fetch(2));
  if (b)
    co_return;
  co_await t;
}

struct task_pair {
  aio::task<int> first;
  aio::task<int> second;
};
task_pair two_tasks();

aio::task<> maybe_unused_binding() {
  [[maybe_unused]] auto [x, y] = two_tasks();
  co_return;
}

// Declarations written by a macro stay quiet.
#define KEEP_TASK(name, expr) auto name = expr
aio::task<> from_macro() {
  KEEP_TASK(t, fetch(1));
  co_return;
}

// A co_return inside a macro is still a place where the task is dropped.
#define RETURN_IF(cond) \
  if (cond)             \
  co_return
aio::task<> drop_in_macro() {
  auto t = fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
  RETURN_IF(!ready());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: 't' goes out of scope here without being awaited
  co_await t;
}
