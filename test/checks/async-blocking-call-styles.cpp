// RUN: %check_async_tidy %s async-blocking-call %t -- --config="{CheckOptions: {async-blocking-call.BlockingFunctions: 'asiolike::steady_timer::wait=use timer.async_wait(use_awaitable);::asiolike::io_context::run;lazylib::sync_wait=co_await the task instead;eagerlib::result::get'}}"

// The check is not tied to one runtime: lazy tasks (cppcoro/libcoro style),
// eager tasks and jobs (coroutine_traits), and asio-style awaitables whose
// promise restricts co_await through await_transform. The task types of these
// headers belong to no known runtime library: the hints name none.

#include "asio_like.hpp"
#include "eager_task.hpp"
#include "lazy_task.hpp"

#include <chrono>
#include <cstdio>
#include <future>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

lazylib::task<int> compute();

// ---- lazy tasks ----

lazylib::task<int> lazy(std::future<int> f) {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' in coroutine 'lazy' blocks the thread and stalls its event loop (sleep); 'co_await' the runtime's asynchronous sleep or timer instead [async-blocking-call]
  int v = lazylib::sync_wait(compute());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'lazylib::sync_wait' in coroutine 'lazy' blocks the thread and stalls its event loop (configured); co_await the task instead [async-blocking-call]
  co_return v + f.get() + co_await compute();
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'std::future::get' in coroutine 'lazy' waits for other work {{.*}} (sync-wait); {{.*}}
}

// ---- eager tasks and jobs ----

eagerlib::result<int> start();

eagerlib::result<int> eager(int fd) {
  char c;
  ::read(fd, &c, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'read' in coroutine 'eager' blocks the thread and stalls its event loop (io); {{.*}}
  int v = start().get();
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'eagerlib::result::get' in coroutine 'eager' blocks the thread and stalls its event loop (configured); await an asynchronous equivalent, or move it to a worker thread [async-blocking-call]
  co_return v + co_await start();
}

eagerlib::job fire(std::FILE *f) {
  char buf[8];
  std::fread(buf, 1, sizeof buf, f);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'fread' in coroutine 'fire' blocks {{.*}} (io); {{.*}}
  co_await eagerlib::job{};
}

// ---- asio-style awaitables ----

asiolike::awaitable<void> session(asiolike::io_context &io,
                                  asiolike::steady_timer &timer) {
  timer.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'asiolike::steady_timer::wait' in coroutine 'session' blocks the thread and stalls its event loop (configured); use timer.async_wait(use_awaitable) [async-blocking-call]
  co_await timer.async_wait(asiolike::use_awaitable);
  io.run();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'asiolike::io_context::run' in coroutine 'session' blocks {{.*}} (configured); {{.*}}
  io.poll();
  usleep(100);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'usleep' in coroutine 'session' blocks {{.*}} (sleep); {{.*}}
}

// The same library functions in plain functions are how programs start.
int main() {
  asiolike::io_context io;
  asiolike::steady_timer timer(io);
  asiolike::co_spawn(io, session(io, timer), asiolike::detached);
  io.run();
  timer.wait();
  return lazylib::sync_wait(compute());
}
