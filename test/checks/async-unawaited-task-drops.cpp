// RUN: %check_async_tidy %s async-unawaited-task %t

// More ways to drop a task: overwritten before it was awaited, left behind
// by a co_return in a catch handler, kept in a local container that nobody
// awaits, bound to a reference and never awaited, only read through a const
// reference. And paths that exist only inside a statement macro's expansion
// are not paths that drop it.

#include <aio/aio.hpp>
#include "eager_task.hpp"
#include "expect_macros.hpp"
#include "lazy_task.hpp"

#include <stdexcept>
#include <utility>
#include <vector>

aio::task<int> fetch(int id);
lazylib::task<int> compute(int x);
eagerlib::result<int> start_download();
bool ready();

// ---- overwritten before it was awaited ----

aio::task<int> overwritten() {
  auto h = aio::create_task(fetch(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 'h' is not awaited on every path; on the paths that drop it, the task runs unobserved and its result and exceptions are lost [async-unawaited-task]
  h = aio::create_task(fetch(2));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'h' is overwritten here without being awaited
  co_return co_await h;
}

lazylib::task<int> overwritten_lazy(bool b) {
  auto t = compute(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
  if (b)
    t = compute(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: note: 't' is overwritten here without being awaited
  co_return co_await std::move(t);
}

aio::task<int> overwritten_after_await() {
  auto h = aio::create_task(fetch(1));
  int first = co_await h;
  h = aio::create_task(fetch(first));
  co_return co_await h;
}

lazylib::task<int> replaced_from_itself() {
  auto t = compute(1);
  int v = co_await std::move(t);
  t = compute(v);
  co_return co_await std::move(t);
}

// ---- a co_return in a catch handler ----

aio::task<int> dropped_in_handler() {
  auto h = aio::create_task(fetch(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 'h' is not awaited on every path; on the paths that drop it, the task runs unobserved and its result and exceptions are lost [async-unawaited-task]
  try {
    co_await fetch(2);
  } catch (const std::exception &) {
    co_return -1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'h' goes out of scope here without being awaited
  }
  co_return co_await h;
}

lazylib::task<int> dropped_in_handler_eager() {
  auto r = start_download();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 'r' is not awaited on every path; on the paths that drop it, its result and exceptions are lost [async-unawaited-task]
  try {
    co_await compute(1);
  } catch (...) {
    co_return 0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'r' goes out of scope here without being awaited
  }
  co_return co_await std::move(r);
}

aio::task<int> awaited_before_try() {
  auto h = aio::create_task(fetch(1));
  int v = co_await h;
  try {
    co_await fetch(2);
  } catch (...) {
    co_return -1;
  }
  co_return v;
}

aio::task<int> handler_awaits_it() {
  auto h = aio::create_task(fetch(1));
  try {
    co_await fetch(2);
  } catch (...) {
    h.cancel();
    co_return -1;
  }
  co_return co_await h;
}

// ---- a local container of tasks ----

aio::task<> container_never_awaited() {
  std::vector<aio::task<int>> tasks;
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: tasks put into 'tasks' are never awaited; the lazy tasks never run [async-unawaited-task]
  tasks.reserve(2);
  tasks.push_back(fetch(1));
  tasks.emplace_back(fetch(2));
  co_return;
}

lazylib::task<int> container_eager() {
  std::vector<eagerlib::result<int>> downloads;
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: tasks put into 'downloads' are never awaited; their results and exceptions are lost [async-unawaited-task]
  downloads.push_back(start_download());
  co_return static_cast<int>(downloads.size());
}

aio::task<int> container_gathered() {
  std::vector<aio::task<int>> tasks;
  tasks.push_back(fetch(1));
  auto all = co_await aio::gather(std::move(tasks));
  co_return static_cast<int>(all.size());
}

lazylib::task<int> container_looped() {
  std::vector<lazylib::task<int>> tasks;
  tasks.push_back(compute(1));
  int sum = 0;
  for (auto &t : tasks)
    sum += co_await std::move(t);
  co_return sum;
}

aio::task<> container_empty() {
  std::vector<aio::task<int>> tasks;
  if (tasks.empty())
    co_return;
}

// ---- bound to a reference ----

aio::task<> bound_to_reference(bool b) {
  auto &&t = fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: task 't' is never awaited; the lazy task never runs [async-unawaited-task]
  auto &&u = compute(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: task 'u' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
  if (b)
    co_return;
  co_await std::move(u);
}

lazylib::task<int> bound_to_reference_awaited() {
  auto &&t = compute(1);
  auto &&r = start_download();
  co_return co_await std::move(t) + co_await std::move(r);
}

// ---- only read through a const reference ----

aio::task<> read_through_const_ref() {
  auto h = aio::create_task(fetch(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 'h' is never awaited; the task runs unobserved and its result and exceptions are lost [async-unawaited-task]
  const auto &r = h;
  if (r.done())
    co_return;
}

lazylib::task<> read_through_const_ref_lazy() {
  auto t = compute(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is never awaited; the lazy task never runs [async-unawaited-task]
  const auto &r = t;
  (void)r.is_ready();
  co_return;
}

aio::task<int> awaited_through_reference() {
  auto h = aio::create_task(fetch(1));
  const auto &r = h;
  co_return co_await r;
}

// ---- paths that exist only inside a macro's expansion ----

aio::task<> expect_throw_aio() {
  auto f = fetch(1);
  EXPECT_THROW(co_await std::move(f), std::runtime_error);
  auto g = fetch(2);
  EXPECT_NO_THROW(co_await std::move(g));
}

lazylib::task<> expect_throw_lazy() {
  auto t = compute(1);
  EXPECT_THROW(co_await std::move(t), std::logic_error);
}

lazylib::task<> expect_throw_eager() {
  auto r = start_download();
  EXPECT_NO_THROW(co_await std::move(r));
}

aio::task<> macro_does_not_hide_real_paths(bool b) {
  auto f = fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 'f' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
  if (b)
    co_return;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'f' goes out of scope here without being awaited
  EXPECT_THROW(co_await std::move(f), std::runtime_error);
}
