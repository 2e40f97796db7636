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
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: task 'aio::task<int>' returned by 'fetch' is discarded; the task never runs unless it is awaited [async-discarded-coroutine]
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

// Mid-edit: the typo swallows the `co_return` that made this a coroutine, so
// the note must not claim that the function is not a coroutine.
aio::task<> half_typed() {
  fetch(2);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: task 'aio::task<int>' returned by 'fetch' is discarded; the task never runs unless it is awaited [async-discarded-coroutine]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: 'co_await' the result here, or keep it and await it later
  co_aw co_return;
}
