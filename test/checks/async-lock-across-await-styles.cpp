// RUN: %check_async_tidy %s async-lock-across-await %t

// The same rule on other task styles (eager tasks, asio-style awaitables,
// generators), guards of asynchronous mutexes by shape, templates and macros.

#include "async_mutex.hpp"
#include "asio_like.hpp"
#include "eager_task.hpp"
#include "generator.hpp"
#include "lazy_task.hpp"

#include <mutex>
#include <utility>

std::mutex m;
void work();

// ---- eager tasks (concurrencpp style) ----

eagerlib::result<int> eager_fetch(int id);

eagerlib::result<int> eager_positive() {
  std::lock_guard<std::mutex> g(m);
  int v = co_await eager_fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: coroutine 'eager_positive' suspends while holding 'std::lock_guard<std::mutex>' 'g'; code that takes the lock meanwhile blocks its thread (a deadlock if it runs on the same event loop), and resuming on another thread unlocks a mutex that thread does not own [async-lock-across-await]
  co_return v;
}

eagerlib::result<int> eager_negative() {
  int v = 0;
  {
    std::lock_guard<std::mutex> g(m);
    v = 1;
  }
  co_return v + co_await eager_fetch(2);
}

// ---- asio style: await_transform restricts what can be awaited ----

asiolike::awaitable<> asio_op();

asiolike::awaitable<> asio_positive() {
  std::unique_lock<std::mutex> g(m);
  co_await asio_op();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'asio_positive' suspends while holding 'std::unique_lock<std::mutex>' 'g'; {{.*}}
}

asiolike::awaitable<> asio_negative() {
  std::unique_lock<std::mutex> g(m);
  work();
  g.unlock();
  co_await asio_op();
}

// ---- generators: co_yield hands control to the consumer ----

genlib::generator<int> yields_under_lock(int n) {
  std::lock_guard<std::mutex> g(m);
  for (int i = 0; i < n; ++i)
    co_yield i;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: coroutine 'yields_under_lock' suspends while holding 'std::lock_guard<std::mutex>' 'g'; {{.*}}
}

genlib::generator<int> yields_after_unlock(int n) {
  for (int i = 0; i < n; ++i) {
    int v;
    {
      std::lock_guard<std::mutex> g(m);
      v = i * 2;
    }
    co_yield v;
  }
}

// ---- guards produced by co_await belong to asynchronous mutexes ----

asynclib::mutex am;
asynclib::spin_lock spin;
asynclib::null_mutex nm;

lazylib::task<int> lazy_fetch(int id);

lazylib::task<> async_guard() {
  auto g = co_await am.lock();
  co_await lazy_fetch(1);
}

lazylib::task<> async_scoped_guard() {
  auto g = co_await am.scoped_lock_async();
  co_await lazy_fetch(2);
  g.unlock();
  co_await lazy_fetch(3);
}

lazylib::task<> async_std_unique_lock() {
  std::unique_lock<asynclib::mutex> g = co_await am.co_scoped_lock();
  co_await lazy_fetch(4);
}

lazylib::task<> async_lock_then_unlock() {
  co_await spin.co_lock();
  co_await lazy_fetch(5);
  spin.unlock();
}

lazylib::task<> async_try_lock() {
  if (am.try_lock()) {
    co_await lazy_fetch(6);
    am.unlock();
  }
}

lazylib::task<> null_mutex_is_not_a_lock() {
  std::lock_guard<asynclib::null_mutex> g(nm);
  co_await lazy_fetch(7);
}

// A spin lock taken with its blocking lock() is a blocking lock, by shape.
lazylib::task<> spin_blocking() {
  std::lock_guard<asynclib::spin_lock> g(spin);
  co_await lazy_fetch(8);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'spin_blocking' suspends while holding 'std::lock_guard<asynclib::spin_lock>' 'g'; {{.*}}
}

lazylib::task<> spin_by_hand() {
  spin.lock();
  co_await lazy_fetch(9);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'spin_by_hand' suspends while holding 'asynclib::spin_lock' 'spin'; {{.*}}
  spin.unlock();
}

// ---- a lock handed to the awaited operation (asynchronous condition
// variables) is released by it while the coroutine is suspended ----

asynclib::condition_variable cv;
bool ready_flag = false;

lazylib::task<> cv_wait_guard() {
  std::unique_lock<std::mutex> lk(m);
  co_await cv.wait(lk);
  work();
}

lazylib::task<> cv_wait_mutex_of_guard() {
  std::unique_lock<asynclib::spin_lock> lk(spin);
  co_await cv.wait(spin, [] { return ready_flag; });
  work();
}

lazylib::task<> cv_wait_then_await() {
  std::unique_lock<std::mutex> lk(m);
  co_await cv.wait(lk);
  co_await lazy_fetch(20);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'cv_wait_then_await' suspends while holding 'std::unique_lock<std::mutex>' 'lk'; {{.*}}
}

// ---- templates: reported once, dependent code quiet ----

template <typename Mutex> lazylib::task<> templated(Mutex &mu) {
  std::lock_guard<Mutex> g(mu);
  co_await lazy_fetch(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'templated{{.*}}' suspends while holding 'std::lock_guard<std::{{(recursive_)?}}mutex>' 'g'; {{.*}}
}

std::recursive_mutex rm;

void instantiate() {
  (void)templated(m);
  (void)templated(rm);
  (void)templated(am);
}

template <typename T> lazylib::task<> never_instantiated(T &mu) {
  std::lock_guard<T> g(mu);
  co_await lazy_fetch(11);
}

// ---- macros ----

#define LOCKED(mu) std::lock_guard<std::mutex> lock_##mu(mu)
#define AWAIT(x) co_await x

lazylib::task<> macro_lock() {
  LOCKED(m);
  AWAIT(lazy_fetch(12));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'macro_lock' suspends while holding 'std::lock_guard<std::mutex>' 'lock_m'; {{.*}}
}

lazylib::task<> macro_lock_released() {
  {
    LOCKED(m);
    work();
  }
  AWAIT(lazy_fetch(13));
}
