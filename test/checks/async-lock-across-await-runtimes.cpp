// RUN: %check_async_tidy %s async-lock-across-await %t

// The advice names the asynchronous mutex of the coroutine's own runtime,
// found from the namespace of its task type; a co_yield gets no mutex advice.

#include "generator.hpp"

#include <coroutine>
#include <mutex>

// Task types declared in the namespaces of libcoro and folly (minimal
// imitations: only the namespace matters here).
#define MINIMAL_TASK(Name)                                                     \
  template <typename T = void> struct Name {                                   \
    struct promise_type {                                                      \
      Name get_return_object() { return {}; }                                  \
      std::suspend_always initial_suspend() noexcept { return {}; }            \
      std::suspend_always final_suspend() noexcept { return {}; }              \
      void return_void() {}                                                    \
      void unhandled_exception() {}                                            \
    };                                                                         \
    bool await_ready() const noexcept { return false; }                        \
    void await_suspend(std::coroutine_handle<>) noexcept {}                    \
    void await_resume() noexcept {}                                            \
  };

namespace coro {
MINIMAL_TASK(task)
} // namespace coro
namespace folly::coro {
MINIMAL_TASK(Task)
} // namespace folly::coro

std::mutex m;

coro::task<> libcoro_style() {
  std::lock_guard<std::mutex> g(m);
  co_await coro::task<>{};
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'libcoro_style' suspends while holding 'std::lock_guard<std::mutex>' 'g'; {{.*}}
  // CHECK-NOTES: :[[@LINE-3]]:31: note: 'g' is locked here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: release 'g' before the 'co_await', or use an asynchronous mutex such as 'coro::mutex', whose lock can be held across 'co_await'
}

folly::coro::Task<> folly_style() {
  m.lock();
  co_await folly::coro::Task<>{};
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'folly_style' suspends while holding 'std::mutex' 'm'; {{.*}}
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'm' is locked here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: release 'm' before the 'co_await', or use an asynchronous mutex such as 'folly::coro::Mutex', whose lock can be held across 'co_await'
  m.unlock();
}

genlib::generator<int> generator_style() {
  std::lock_guard<std::mutex> g(m);
  co_yield 1;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'generator_style' suspends while holding 'std::lock_guard<std::mutex>' 'g'; {{.*}}
  // CHECK-NOTES: :[[@LINE-3]]:31: note: 'g' is locked here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: release 'g' before the 'co_yield'{{$}}
}
