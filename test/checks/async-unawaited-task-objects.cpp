// RUN: %check_async_tidy %s async-unawaited-task %t

// Synchronisation objects and values are not tasks; tasks that start on an
// executor, result handles and tasks awaited through await_transform are,
// with messages that say what is lost.

#include <aio/aio.hpp>
#include "awaiter.hpp"
#include "lazy_task.hpp"
#include "result_handle.hpp"
#include "scheduled_task.hpp"
#include "sync_objects.hpp"
#include "transform_task.hpp"
#include "value_or_error.hpp"

#include <chrono>
#include <utility>

using namespace std::chrono_literals;

aio::task<int> fetch(int id);
lazylib::task<int> compute(int x);
bool ready();

// ---- synchronisation objects built by their own constructor ----

aio::task<> latch_object() {
  synclib::latch latch(0);
  synclib::event ev(true);
  if (latch.is_ready() && ev.is_set())
    co_return;
  co_await latch;
}

lazylib::task<int> own_constructions() {
  aio::detail::sleep_awaiter pause(std::chrono::milliseconds(1));
  awaitlib::timer_awaiter timer{5ms};
  synclib::event ev;
  co_return 0;
}

// ---- an awaiter whose other members the code uses is an object ----

aio::task<> timer_object() {
  auto timer = synclib::make_timer(5);
  if (ready())
    timer.cancel();
  co_return;
}

// ---- one-shot awaitables handed out by a call still must be awaited ----

aio::task<> one_shot(synclib::mutex &m) {
  auto lock = m.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: awaitable 'lock' is never awaited; it does nothing [async-unawaited-task]
  auto timer = synclib::make_timer(5);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: awaitable 'timer' is never awaited; it does nothing [async-unawaited-task]
  auto pause = awaitlib::sleep_for(5ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: awaitable 'pause' is never awaited; it does nothing [async-unawaited-task]
  auto nap = aio::sleep(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 'nap' is never awaited; the lazy task never runs [async-unawaited-task]
  co_return;
}

// ---- synchronous value-or-error coroutines are values ----

vlib::result<int> parse(int x);
vlib::result<int> parse_twice(int x) {
  auto first = parse(x);
  if (!first.has_value())
    co_return 0;
  int v = co_await parse(x + 1);
  co_return v;
}

aio::task<int> value_of_await() {
  auto res = co_await vlib::value_or_error(fetch(1));
  auto unused = parse(2);
  co_return res.has_value() ? res.value() : 0;
}

lazylib::task<int> value_of_await_lazy() {
  auto res = co_await vlib::value_or_error(compute(1));
  co_return 1;
}

// ---- tasks started on an executor by their initial awaiter ----

schedlib::task<int> on_executor(int x);
schedlib::deferred later();

aio::task<> scheduled(bool b) {
  auto s = on_executor(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 's' is not awaited on every path; on the paths that drop it, the task was started on its executor and its result and exceptions are lost [async-unawaited-task]
  auto d = later();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 'd' is never awaited; the lazy task never runs [async-unawaited-task]
  if (b)
    co_return;
  co_await std::move(s);
}

lazylib::task<int> scheduled_awaited() {
  auto s = on_executor(2);
  co_return co_await std::move(s);
}

// ---- result handles: the value or the exception is lost ----

aio::task<> result_handles(reslib::result_promise<int> &p, bool b) {
  auto r = p.get_result();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: result handle 'r' is never awaited; its value or exception is lost [async-unawaited-task]
  auto ready_now = reslib::make_ready_result(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: result handle 'ready_now' is not awaited on every path; on the paths that drop it, its value or exception is lost [async-unawaited-task]
  reslib::shared_result<int> shared(p.get_result());
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: result handle 'shared' is never awaited; its value or exception is lost [async-unawaited-task]
  if (b)
    co_return;
  co_await std::move(ready_now);
}

lazylib::task<int> result_handles_used(reslib::result_promise<int> &p) {
  auto r = p.get_result();
  auto v = reslib::make_ready_result(3);
  int got = v.get();
  co_return got + co_await std::move(r);
}

// ---- tasks awaited only through the awaiting promise's await_transform ----

xlib::Task<int> child(int x);

xlib::Task<int> transform_paths(bool b) {
  auto t = child(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is not awaited on every path; on the paths that drop it, the lazy task never runs [async-unawaited-task]
  auto never = child(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 'never' is never awaited; the lazy task never runs [async-unawaited-task]
  if (b)
    co_return 0;
  co_return co_await std::move(t);
}

xlib::Task<int> transform_awaited() {
  auto t = child(1);
  int v = co_await std::move(t);
  co_return v;
}

int transform_blocking() {
  auto t = child(3);
  return xlib::blockingWait(std::move(t));
}

int result_handle_sync(reslib::result_promise<int> &p) {
  auto r = p.get_result();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: result handle 'r' is never awaited; its value or exception is lost [async-unawaited-task]
  // CHECK-MESSAGES: :[[@LINE-2]]:8: note: retrieve its value (for example with its 'get()') or return it to a caller that awaits it on every path, or declare it '{{\[\[maybe_unused\]\]}}' if dropping it is intended
  return 0;
}
