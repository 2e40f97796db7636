// RUN: %check_async_tidy %s async-discarded-coroutine %t

#include <aio/aio.hpp>
#include "lazy_task.hpp"
#include "eager_task.hpp"
#include "fire_and_forget.hpp"

#include <type_traits>
#include <utility>

aio::task<int> fetch(int id);
lazylib::task<int> compute();
eagerlib::result<int> start_download();
fflib::fire_and_forget notify();
aio::task<int> &cached();
bool ready();

// ---- plain functions: no co_await possible, so a note instead of a fix ----

void plain_function() {
  fetch(1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: task 'aio::task<int>' returned by 'fetch' is discarded; the task never runs unless it is awaited [async-discarded-coroutine]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: 'plain_function' is not a coroutine: return the task to a caller that awaits it, or run it to completion with the library's blocking entry point (for example 'aio::run' or 'sync_wait')
  start_download();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: task 'eagerlib::result<int>' returned by 'start_download' is discarded; the task runs detached and its result and exceptions are lost [async-discarded-coroutine]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: 'plain_function' is not a coroutine: {{.*}}
  aio::run(fetch(2));
  lazylib::sync_wait(compute());
}

struct Service {
  void member() {
    compute();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: task 'lazylib::task<int>' returned by 'compute' is discarded; the task never runs unless it is awaited [async-discarded-coroutine]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: 'member' is not a coroutine: {{.*}}
  }
};

// ---- discarded through parentheses, ?:, comma, for-increment, macros ----

aio::task<> shapes() {
  (fetch(3));
  // CHECK-NOTES: :[[@LINE-1]]:4: warning: task 'aio::task<int>' returned by 'fetch' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:4: note: 'co_await' the result here, or keep it and await it later
  ready() ? fetch(4) : fetch(5);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: task 'aio::task<int>' returned by 'fetch' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:13: note: 'co_await' the result here
  // CHECK-NOTES: :[[@LINE-3]]:24: warning: task 'aio::task<int>' returned by 'fetch' {{.*}}
  // CHECK-NOTES: :[[@LINE-4]]:24: note: 'co_await' the result here
  fetch(6), ready();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: task 'aio::task<int>' returned by 'fetch' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:3: note: 'co_await' the result here
  for (int I = 0; I < 3; fetch(I), ++I) {
    // CHECK-NOTES: :[[@LINE-1]]:26: warning: task 'aio::task<int>' returned by 'fetch' {{.*}}
    // CHECK-NOTES: :[[@LINE-2]]:26: note: 'co_await' the result here
  }
  if (ready())
    compute();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: task 'lazylib::task<int>' returned by 'compute' {{.*}}
  // CHECK-FIXES: {{^}}    co_await compute();{{$}}
  else
    fetch(7);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: task 'aio::task<int>' returned by 'fetch' {{.*}}
  // CHECK-FIXES: {{^}}    co_await fetch(7);{{$}}
  switch (int N = 1; N) {
  case 1:
    fetch(9);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: task 'aio::task<int>' returned by 'fetch' {{.*}}
    // CHECK-FIXES: {{^}}    co_await fetch(9);{{$}}
    break;
  default:
    break;
  }
  co_return;
}

#define START(x) fetch(x)
#define DROP_TASK() fetch(0);

aio::task<> macros() {
  START(10);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: task 'aio::task<int>' returned by 'fetch' {{.*}}
  // CHECK-NOTES: :{{[0-9]+}}:18: note: expanded from macro 'START'
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'co_await' the result here
  // CHECK-NOTES: :{{[0-9]+}}:18: note: expanded from macro 'START'
  DROP_TASK()
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: task 'aio::task<int>' returned by 'fetch' {{.*}}
  // CHECK-NOTES: :{{[0-9]+}}:21: note: expanded from macro 'DROP_TASK'
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'co_await' the result here
  // CHECK-NOTES: :{{[0-9]+}}:21: note: expanded from macro 'DROP_TASK'
  co_return;
}

// ---- co_await is ill-formed in a handler: warn, but no fix ----

aio::task<> in_catch() {
  try {
    co_await fetch(11);
  } catch (...) {
    fetch(12);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: task 'aio::task<int>' returned by 'fetch' {{.*}}
    // CHECK-NOTES: :[[@LINE-2]]:5: note: 'co_await' the result here
  }
}

// ---- lambdas ----

void lambdas() {
  auto Coroutine = []() -> aio::task<> {
    fetch(13);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: task 'aio::task<int>' returned by 'fetch' {{.*}}
    // CHECK-FIXES: {{^}}    co_await fetch(13);{{$}}
    co_return;
  };
  []() -> aio::task<int> { co_return 1; }();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: task 'aio::task<int>' returned by the lambda is discarded; the task never runs unless it is awaited [async-discarded-coroutine]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: 'lambdas' is not a coroutine: {{.*}}
  aio::run(Coroutine());
}

// ---- templates: once per location; dependent code stays quiet ----

template <typename T> T make();
template <> aio::task<int> make<aio::task<int>>();
template <> int make<int>();

template <typename T> void generic() {
  make<T>();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: task 'aio::task<int>' returned by 'make' is discarded; {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:3: note: 'generic<aio::task<int>>' is not a coroutine: {{.*}}
}

template <typename T> aio::task<> generic_coroutine(T Value) {
  fetch(Value);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: task 'aio::task<int>' returned by 'fetch' {{.*}}
  // CHECK-FIXES: {{^}}  co_await fetch(Value);{{$}}
  co_return;
}

template <typename T> void never_instantiated() { make<T>(); }

void instantiate() {
  generic<int>();
  generic<aio::task<int>>();
  aio::run(generic_coroutine(1));
  aio::run(generic_coroutine(2L));
}

// ---- negative cases: these must stay quiet ----

aio::task<> quiet() {
  notify();                                 // fire-and-forget by design
  (void)fetch(14);                          // explicitly dropped
  cached();                                 // a reference: someone else owns it
  using T = decltype(fetch(15));            // unevaluated
  static_assert(sizeof(fetch(16)) > 0);     // unevaluated
  static_assert(noexcept(ready()) == false);
  auto Stored = fetch(17);                  // stored
  std::vector<aio::task<int>> All;
  All.push_back(fetch(18));                 // passed
  co_await std::move(Stored);
  co_return;
}

aio::task<int> returned() { return_value_is_fine: co_return co_await fetch(19); }
aio::task<int> forwarded() { return fetch(20); }
