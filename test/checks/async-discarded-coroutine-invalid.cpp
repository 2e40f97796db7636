// RUN: %check_async_tidy --expect-clang-tidy-error %s async-discarded-coroutine %t

// Broken code must not crash the check, and the check must stay quiet about
// what it cannot understand, while still reporting what it can.
#include <aio/aio.hpp>

aio::task<int> fetch(int id);
undeclared_task broken();

aio::task<> body() {
  broken();
  fetch(undeclared_variable);
  fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task 'aio::task<int>' returned by 'fetch' is discarded; the task never runs unless it is awaited [async-discarded-coroutine]
  co_return;
}

template <typename T> aio::task<> dependent(T Value) {
  Value.start();
  make_it(Value);
  co_return;
}

struct Incomplete;
Incomplete get_incomplete();
void uses_incomplete() { get_incomplete(); }
