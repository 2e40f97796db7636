// RUN: %check_async_tidy %s async-blocking-call %t

// The hints name the coroutine's own runtime, decided from the namespace of
// its task type (not from what the file includes: this one includes them
// all), and are runtime-neutral for a task type of no known library.

#include <aio/aio.hpp>
#include "runtime_namespaces.hpp"

#include <chrono>
#include <future>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

aio::task<> on_aio() {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' in coroutine 'on_aio' blocks the thread and stalls its event loop (sleep); 'co_await' the runtime's sleep instead (for example 'co_await aio::sleep(...)') [async-blocking-call]
  co_return;
}

folly::coro::Task<> on_folly(std::future<int> &f) {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' in coroutine 'on_folly' blocks the thread and stalls its event loop (sleep); 'co_await' the runtime's sleep instead (for example 'co_await folly::coro::sleep(...)') [async-blocking-call]
  f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::future::get' in coroutine 'on_folly' waits for other work to finish and can deadlock its event loop (sync-wait); 'co_await' an awaitable result instead (a task of the runtime), or wait on a worker thread [async-blocking-call]
  co_return;
}

cppcoro::task<> on_cppcoro(int fd) {
  usleep(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'usleep' in coroutine 'on_cppcoro' blocks the thread and stalls its event loop (sleep); 'co_await' the runtime's sleep instead (for example 'co_await io_service.schedule_after(...)' on a 'cppcoro::io_service') [async-blocking-call]
  char c;
  ::read(fd, &c, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'read' in coroutine 'on_cppcoro' blocks the thread and stalls its event loop (io); await an asynchronous equivalent, or move it to a worker thread (for example 'co_await pool.schedule()' on a 'cppcoro::static_thread_pool') [async-blocking-call]
  co_return;
}

coro::task<> on_libcoro() {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' in coroutine 'on_libcoro' blocks the thread and stalls its event loop (sleep); 'co_await' the runtime's sleep instead (for example 'co_await scheduler->yield_for(...)' on a 'coro::scheduler') [async-blocking-call]
  co_return;
}

async_simple::coro::Lazy<> on_async_simple() {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' in coroutine 'on_async_simple' blocks {{.*}} (sleep); 'co_await' the runtime's sleep instead (for example 'co_await async_simple::coro::sleep(...)') [async-blocking-call]
  co_return;
}

concurrencpp::lazy_result<> on_concurrencpp() {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' in coroutine 'on_concurrencpp' blocks {{.*}} (sleep); 'co_await' the runtime's sleep instead (for example 'co_await timer_queue->make_delay_object(...)' on a 'concurrencpp::timer_queue') [async-blocking-call]
  co_return;
}

unifex::task<> on_unifex() {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' in coroutine 'on_unifex' blocks {{.*}} (sleep); 'co_await' the runtime's sleep instead (for example 'co_await unifex::schedule_after(scheduler, ...)') [async-blocking-call]
  co_return;
}

asio::awaitable<> on_asio() {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' in coroutine 'on_asio' blocks {{.*}} (sleep); 'co_await' the runtime's sleep instead (for example 'co_await timer.async_wait(asio::use_awaitable)' on an 'asio::steady_timer') [async-blocking-call]
  co_return;
}

asio::experimental::coro<> on_asio_coro() {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' in coroutine 'on_asio_coro' blocks {{.*}} (sleep); 'co_await' the runtime's sleep instead (for example 'co_await timer.async_wait(asio::deferred)' on an 'asio::steady_timer') [async-blocking-call]
  co_return;
}

boost::asio::awaitable<> on_boost_asio() {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' in coroutine 'on_boost_asio' blocks {{.*}} (sleep); 'co_await' the runtime's sleep instead (for example 'co_await timer.async_wait(boost::asio::use_awaitable)' on a 'boost::asio::steady_timer') [async-blocking-call]
  co_return;
}

boost::cobalt::task<> on_cobalt() {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' in coroutine 'on_cobalt' blocks {{.*}} (sleep); 'co_await' the runtime's sleep instead (for example 'co_await timer.async_wait(boost::cobalt::use_op)' on a 'boost::asio::steady_timer') [async-blocking-call]
  co_return;
}

// A runtime nobody knows: no library is named.
myrt::task<> on_my_runtime(std::thread &t) {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' in coroutine 'on_my_runtime' blocks the thread and stalls its event loop (sleep); 'co_await' the runtime's asynchronous sleep or timer instead [async-blocking-call]
  t.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread::join' in coroutine 'on_my_runtime' waits for other work to finish and can deadlock its event loop (sync-wait); await the work on a worker thread of the runtime instead of joining a thread [async-blocking-call]
  co_return;
}

// A lambda coroutine is named after its own task type, not the enclosing
// function's.
aio::task<> outer() {
  auto inner = []() -> cppcoro::task<> {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::this_thread::sleep_for' in a lambda coroutine blocks {{.*}} (sleep); 'co_await' the runtime's sleep instead (for example 'co_await io_service.schedule_after(...)' on a 'cppcoro::io_service') [async-blocking-call]
    co_return;
  };
  co_await aio::sleep(1ms);
}

// Including a library is not using it: a plain function stays quiet.
void plain() { std::this_thread::sleep_for(1ms); }

// A runtime's own sleep, when the coroutine has no executor (it runs inline,
// with no event loop), falls back to sleeping the thread.
namespace async_simple {
struct Executor;
namespace coro {
struct CurrentExecutor {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  Executor *await_resume() const noexcept { return nullptr; }
};
Lazy<> sleep_on(Executor *ex, std::chrono::milliseconds d);

Lazy<> sleep(std::chrono::milliseconds d) {
  auto ex = co_await CurrentExecutor();
  if (!ex) {
    std::this_thread::sleep_for(d);
    co_return;
  }
  co_await sleep_on(ex, d);
}

Lazy<> sleep_else(std::chrono::milliseconds d) {
  Executor *ex = co_await CurrentExecutor();
  if (ex != nullptr)
    co_await sleep_on(ex, d);
  else
    std::this_thread::sleep_for(d);
}

// With an executor, the same call stalls it.
Lazy<> sleep_wrong_branch(std::chrono::milliseconds d) {
  auto ex = co_await CurrentExecutor();
  if (ex) {
    std::this_thread::sleep_for(d);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::this_thread::sleep_for' in coroutine 'async_simple::coro::sleep_wrong_branch' blocks the thread and stalls its event loop (sleep); {{.*}}
  }
  co_return;
}
} // namespace coro
} // namespace async_simple
