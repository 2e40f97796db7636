// RUN: %check_async_tidy %s async-discarded-coroutine %t

// What a discarded value loses depends on what it is: a task started on its
// executor loses its result, a result handle its value or exception, a
// generator never runs unless iterated; a synchronous value-or-error
// coroutine is a value; a task awaited only through await_transform is a
// task.

#include <aio/aio.hpp>
#include "generator.hpp"
#include "lazy_task.hpp"
#include "result_handle.hpp"
#include "scheduled_task.hpp"
#include "transform_task.hpp"
#include "value_or_error.hpp"

aio::task<int> fetch(int id);
lazylib::task<int> compute(int x);
schedlib::task<int> on_executor(int x);
schedlib::deferred later();
genlib::generator<int> numbers(int n);
vlib::result<int> parse(int x);
xlib::Task<int> child(int x);

// ---- started on its executor by the initial awaiter ----

aio::task<> scheduled() {
  on_executor(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task 'schedlib::task<int>' returned by 'on_executor' is discarded; the task was started on its executor and its result and exceptions are lost [async-discarded-coroutine]
  // CHECK-FIXES: {{^}}  co_await on_executor(1);{{$}}
  later();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task 'schedlib::deferred' returned by 'later' is discarded; the task never runs unless it is awaited [async-discarded-coroutine]
  // CHECK-FIXES: {{^}}  co_await later();{{$}}
  co_return;
}

// ---- result handles ----

lazylib::task<> results(reslib::result_promise<int> &p) {
  p.get_result();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result handle 'reslib::result<int>' returned by 'reslib::result_promise<int>::get_result' is discarded; its value or exception is lost [async-discarded-coroutine]
  // CHECK-FIXES: {{^}}  co_await p.get_result();{{$}}
  reslib::make_ready_result(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result handle 'reslib::result<int>' returned by 'reslib::make_ready_result' is discarded; its value or exception is lost [async-discarded-coroutine]
  // CHECK-FIXES: {{^}}  co_await reslib::make_ready_result(1);{{$}}
  co_return;
}

void results_sync(reslib::result_promise<int> &p) {
  p.get_result();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result handle 'reslib::result<int>' returned by 'reslib::result_promise<int>::get_result' is discarded; its value or exception is lost [async-discarded-coroutine]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: 'results_sync' is not a coroutine: keep the handle and retrieve the value (for example with its 'get()'), or return it to a caller that awaits it
  reslib::make_ready_result(2).get();
}

// ---- generators are iterated, not awaited ----

aio::task<> generators() {
  numbers(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: generator 'genlib::generator<int>' returned by 'numbers' is discarded; it never runs unless it is iterated [async-discarded-coroutine]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: iterate it (for example in a range-based 'for' loop) or remove the call
  for (int n : numbers(3))
    (void)n;
  co_return;
}

void generators_sync() {
  numbers(4);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: generator 'genlib::generator<int>' returned by 'numbers' is discarded; it never runs unless it is iterated [async-discarded-coroutine]
}

// ---- synchronous value-or-error coroutines are values ----

vlib::result<int> values(int x) {
  parse(x);
  co_await parse(x + 1);
  co_return 0;
}

aio::task<> values_in_task() {
  parse(1);
  co_await vlib::value_or_error(fetch(1));
}

lazylib::task<> values_in_lazy() {
  parse(2);
  co_await vlib::value_or_error(compute(1));
}

// ---- tasks awaited through await_transform ----

xlib::Task<> transform() {
  child(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task 'xlib::Task<int>' returned by 'child' is discarded; the task never runs unless it is awaited [async-discarded-coroutine]
  co_await child(2);
}
