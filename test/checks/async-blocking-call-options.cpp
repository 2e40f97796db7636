// RUN: %check_async_tidy %s async-blocking-call %t -- --config="{CheckOptions: {async-blocking-call.Categories: 'lock;sync-wait;io', async-blocking-call.AllowedFunctions: 'std::shared_future::.*;::write', async-blocking-call.BlockingFunctions: '::mylib::fetch_sync=use mylib::fetch_async;std::future::get=await the task that produces the value', async-blocking-call.Replacements: '::std::thread::join=co_await join_async;::mylib::fetch_sync=co_await mylib::fetch_async;::usleep=co_await aio::sleep'}}"

#include <aio/aio.hpp>
#include "blocking_apis.hpp"

#include <chrono>
#include <future>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

namespace mylib {
aio::task<std::string> fetch_async(const std::string &url);
} // namespace mylib

// ---- Categories: lock on, sleep off ----

aio::task<> locks(std::mutex &m, std::shared_mutex &sm) {
  std::lock_guard<std::mutex> guard(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: constructing 'std::lock_guard' in coroutine 'locks' blocks the thread and stalls its event loop (lock); keep the critical section short and free of 'co_await', use 'try_lock', or use an asynchronous mutex of the runtime [async-blocking-call]
  m.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::mutex::lock' in coroutine 'locks' blocks {{.*}} (lock); {{.*}}
  sm.lock_shared();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'std::shared_mutex::lock_shared' in coroutine 'locks' blocks {{.*}} (lock); {{.*}}
  std::unique_lock<std::mutex> deferred(m, std::defer_lock);
  std::unique_lock<std::mutex> tried(m, std::try_to_lock);
  std::lock_guard<std::mutex> adopted(m, std::adopt_lock);
  std::scoped_lock both(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: constructing 'std::scoped_lock' in coroutine 'locks' blocks {{.*}} (lock); {{.*}}
  if (m.try_lock())
    m.unlock();
  std::unique_lock<std::mutex> moved(std::move(tried));
  std::this_thread::sleep_for(1s); // sleep is switched off
  usleep(1);                       // sleep is switched off
  co_return;
}

// ---- BlockingFunctions, AllowedFunctions, Replacements ----

void join_async();

aio::task<std::string> configured(std::future<int> f, std::shared_future<int> sf,
                                  std::thread &t, int fd) {
  std::string page = mylib::fetch_sync("http://example.com");
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'mylib::fetch_sync' in coroutine 'configured' blocks the thread and stalls its event loop (configured); use mylib::fetch_async [async-blocking-call]
  // CHECK-FIXES: {{^}}  std::string page = co_await mylib::fetch_async("http://example.com");{{$}}
  int v = f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'std::future::get' in coroutine 'configured' waits for other work to finish and can deadlock its event loop (sync-wait); await the task that produces the value [async-blocking-call]
  sf.get(); // allowed
  ::write(fd, "x", 1); // allowed
  t.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread::join' in coroutine 'configured' waits {{.*}} (sync-wait); use 'co_await join_async(...)' instead [async-blocking-call]
  co_return page + std::to_string(v);
}
