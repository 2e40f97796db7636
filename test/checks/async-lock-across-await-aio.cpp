// RUN: %check_async_tidy %s async-lock-across-await %t

// aio users are pointed at aio::mutex, whose guard comes from co_await and
// may be held across suspensions.

#include <aio/aio.hpp>

#include <chrono>
#include <mutex>
#include <optional>

using namespace std::chrono_literals;

aio::task<int> fetch(int id);

std::mutex cache_mutex;
aio::mutex async_mutex;
int cache = 0;

aio::task<> refresh_blocking() {
  std::lock_guard<std::mutex> lock(cache_mutex);
  cache = co_await fetch(1);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: coroutine 'refresh_blocking' suspends while holding 'std::lock_guard<std::mutex>' 'lock'; code that takes the lock meanwhile blocks its thread (a deadlock if it runs on the same event loop), and resuming on another thread unlocks a mutex that thread does not own [async-lock-across-await]
  // CHECK-NOTES: :[[@LINE-3]]:31: note: 'lock' is locked here
  // CHECK-NOTES: :[[@LINE-3]]:11: note: release 'lock' before the 'co_await', or use an asynchronous mutex such as 'aio::mutex', whose lock can be held across 'co_await'
}

aio::task<> sleeps_under_lock() {
  cache_mutex.lock();
  co_await aio::sleep(10ms);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'sleeps_under_lock' suspends while holding 'std::mutex' 'cache_mutex'; {{.*}}
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'cache_mutex' is locked here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: release 'cache_mutex' before the 'co_await', or use an asynchronous mutex such as 'aio::mutex', whose lock can be held across 'co_await'
  cache_mutex.unlock();
}

aio::task<> spawned_lambda() {
  auto body = [](int id) -> aio::task<int> {
    std::unique_lock<std::mutex> lock(cache_mutex);
    co_return co_await fetch(id);
    // CHECK-NOTES: :[[@LINE-1]]:15: warning: coroutine lambda suspends while holding 'std::unique_lock<std::mutex>' 'lock'; {{.*}}
    // CHECK-NOTES: :[[@LINE-3]]:34: note: 'lock' is locked here
    // CHECK-NOTES: :[[@LINE-3]]:15: note: release 'lock' before the 'co_await', or use an asynchronous mutex such as 'aio::mutex'{{.*}}
  };
  co_await body(2);
}

// ---- not flagged ----

aio::task<> refresh_async() {
  auto lock = co_await async_mutex.lock();
  cache = co_await fetch(3);
  co_await aio::sleep(1ms);
}

aio::task<> refresh_async_try() {
  if (std::optional<aio::mutex::guard> lock = async_mutex.try_lock()) {
    cache = co_await fetch(4);
  }
}

aio::task<> refresh_async_unlock_early() {
  auto lock = co_await async_mutex.lock();
  cache = 5;
  lock.unlock();
  co_await aio::sleep(1ms);
}

aio::task<> copy_then_await() {
  int snapshot;
  {
    std::lock_guard<std::mutex> lock(cache_mutex);
    snapshot = cache;
  }
  cache = snapshot + co_await fetch(6);
}

// The lambda runs on a worker thread: its lock never spans this
// coroutine's suspension.
aio::task<int> on_worker_thread() {
  co_return co_await aio::to_thread([] {
    std::lock_guard<std::mutex> lock(cache_mutex);
    return cache;
  });
}
