// RUN: %check_async_tidy %s async-unawaited-task %t

// The check settles many variables from the structure of the code alone
// (sequences, if/else, expressions) and builds a control-flow graph only for
// the rest. These cases sit at the edge of that shortcut: each positive case
// looks settled but has a path that drops the task, and each negative case
// is settled by the structure although the task is awaited under a branch.

#include <aio/aio.hpp>
#include "eager_task.hpp"
#include "lazy_task.hpp"

#include <utility>

aio::task<int> fetch(int id);
lazylib::task<int> compute(int x);
eagerlib::result<int> start_download();
bool ready();

// ---- looks settled, is not ----

aio::task<int> other_branch_leaves(bool b) {
  auto t = fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
  int v = 0;
  if (b)
    v = co_await std::move(t);
  else
    co_return -1;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 't' goes out of scope here without being awaited
  co_return v;
}

lazylib::task<int> awaited_in_then_only(bool b) {
  auto t = compute(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
  if (b) {
    int v = co_await std::move(t);
    co_return v;
  }
  co_return 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: 't' goes out of scope here without being awaited
}

lazylib::task<int> awaited_in_one_case(int k) {
  auto r = start_download();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 'r' is not awaited on every path; on the paths that drop it, its result and exceptions are lost [async-unawaited-task]
  int v = 0;
  switch (k) {
  case 0:
    v = co_await std::move(r);
    break;
  default:
    break;
  }
  co_return v;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: 'r' goes out of scope here without being awaited
}

aio::task<int> awaited_in_a_loop(int n) {
  auto t = fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
  int v = 0;
  for (int i = 0; i < n; ++i)
    v += co_await std::move(t);
  co_return v;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: 't' goes out of scope here without being awaited
}

aio::task<int> awaited_in_a_conditional(bool b) {
  auto t = fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
  int v = b ? co_await std::move(t) : 0;
  co_return v;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: 't' goes out of scope here without being awaited
}

lazylib::task<int> awaited_after_a_short_circuit(bool b) {
  auto t = compute(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
  if (b && co_await std::move(t) > 0)
    co_return 1;
  co_return 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: 't' goes out of scope here without being awaited
}

lazylib::task<int> return_inside_a_loop() {
  auto r = start_download();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 'r' is not awaited on every path; on the paths that drop it, its result and exceptions are lost [async-unawaited-task]
  while (ready()) {
    co_return -1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'r' goes out of scope here without being awaited
  }
  co_return co_await std::move(r);
}

aio::task<int> jumped_over(bool b) {
  auto t = fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
  int v = 0;
  if (b)
    goto out;
  v = co_await std::move(t);
out:
  co_return v;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: 't' goes out of scope here without being awaited
}

// ---- settled by the structure: awaited on every path ----

aio::task<int> both_branches(bool b) {
  auto t = fetch(1);
  if (b)
    co_return co_await std::move(t);
  else {
    int v = co_await std::move(t);
    co_return v + 1;
  }
}

lazylib::task<int> branch_then_fall_through(int x) {
  auto h = compute(1);
  auto t = compute(2);
  if (x > 0) {
    int a = co_await std::move(t);
    co_return a + co_await std::move(h);
  }
  int b = co_await std::move(t);
  co_return b + co_await std::move(h);
}

lazylib::task<int> nested_branches(bool a, bool b) {
  auto r = start_download();
  if (int k = 1; a && k > 0) {
    if (b)
      co_return co_await std::move(r);
    else
      co_return 1 + co_await std::move(r);
  } else {
    co_await compute(0);
  }
  co_return co_await std::move(r);
}

aio::task<int> jumps_that_stay_inside(int n) {
  auto t = fetch(1);
  int found = 0;
  for (int i = 0; i < n; ++i) {
    if (i == 3)
      continue;
    if (ready())
      break;
    ++found;
  }
  switch (n) {
  case 1:
    ++found;
    break;
  default:
    break;
  }
  auto leaves = [](int x) { return x + 1; };
  co_return leaves(found) + co_await std::move(t);
}
