// RUN: %check_async_tidy %s async-blocking-call %t

// Waiting on a future by its shape: `get()`/`wait()` on an object that has
// `get()` and a way to wait or chain, and is not awaitable. And a discarded
// `std::async` result, whose destructor waits.

#include <aio/aio.hpp>
#include "eager_task.hpp"
#include "lazy_task.hpp"
#include "library_futures.hpp"

#include <future>
#include <utility>

int work();

// ---- aio ----

aio::task<int> library_futures(futlib::future<int> f,
                               follylike::SemiFuture<int> s,
                               futlib::future<int> *p) {
  int v = f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'futlib::future::get' in coroutine 'library_futures' waits for other work to finish and can deadlock its event loop (sync-wait); 'co_await' an awaitable result instead (a task of the runtime), or wait on a worker thread (for example 'co_await aio::to_thread(...)') [async-blocking-call]
  f.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'futlib::future::wait' in coroutine 'library_futures' waits for other work {{.*}} (sync-wait); {{.*}}
  p->wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'futlib::future::wait' in coroutine 'library_futures' waits for other work {{.*}}
  v += std::move(s).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'follylike::SemiFuture::get' in coroutine 'library_futures' waits for other work {{.*}} (sync-wait); {{.*}}
  co_return v;
}

aio::task<> discarded_async() {
  std::async(std::launch::async, work);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the discarded result of 'std::async' in coroutine 'discarded_async' waits for other work to finish and can deadlock its event loop (sync-wait); the destructor of the discarded 'std::future' waits for the work; keep the future, or run the work on a worker thread that the coroutine awaits (for example 'co_await aio::to_thread(...)') [async-blocking-call]
  (void)std::async(work);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: the discarded result of 'std::async' in coroutine 'discarded_async' waits {{.*}}
  co_return;
}

// ---- lazy and eager tasks ----

lazylib::task<int> lazy_wait(futlib::future<int> f) {
  co_return f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'futlib::future::get' in coroutine 'lazy_wait' waits for other work to finish and can deadlock its event loop (sync-wait); 'co_await' an awaitable result instead (a task of the runtime), or wait on a worker thread [async-blocking-call]
}

eagerlib::result<int> eager_wait(follylike::SemiFuture<int> s) {
  std::async(std::launch::async, work);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the discarded result of 'std::async' in coroutine 'eager_wait' waits {{.*}}
  co_return std::move(s).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'follylike::SemiFuture::get' in coroutine 'eager_wait' waits {{.*}}
}

// ---- stays quiet ----

// Not futures: a pointer's get(), a lookup by key, awaitable results, a
// synchronous coroutine type.
aio::task<int> not_futures(notfutures::handle<int> h, notfutures::cache &c,
                           notfutures::awaitable_result r,
                           notfutures::expected e) {
  int v = *h.get() + c.get(1) + r.get() + e.get();
  c.wait(); // waits, but on what is not known: not a future's shape
  r.wait();
  co_return v + co_await r;
}

// A future that is kept is waited for where it is used, and a deferred one
// never runs on its own.
aio::task<int> kept_futures() {
  auto f = std::async(std::launch::async, work);
  std::async(std::launch::deferred, work);
  co_return 0;
}

// A future's readiness and chaining do not wait.
lazylib::task<bool> non_waiting(futlib::future<int> &f) {
  auto g = f.then([](int x) { return x; });
  co_return f.is_ready();
}

// Waiting on a worker thread, and in plain functions.
aio::task<int> offloaded(futlib::future<int> f) {
  co_return co_await aio::to_thread([&f] { return f.get(); });
}

int main() {
  futlib::future<int> f;
  std::async(std::launch::async, work);
  return f.get();
}
