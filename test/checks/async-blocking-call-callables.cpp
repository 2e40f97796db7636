// RUN: %check_async_tidy %s async-blocking-call %t

// A callable that a template received from its user runs the user's code:
// a library's coroutine template that does `co_return callable(args...)`, or
// an executor's submit bridge, is not reported because one instantiation's
// lambda sleeps. A lambda handed from a coroutine to such an API runs
// elsewhere, like to_thread work.

#include <aio/aio.hpp>
#include "eager_task.hpp"
#include "lazy_task.hpp"

#include <chrono>
#include <thread>
#include <utility>

using namespace std::chrono_literals;

// ---- a library: coroutine templates and a submit bridge ----

namespace lib {
// Runs a callable inside a coroutine of the library (aio, lazy, eager).
template <typename F, typename... Args>
aio::task<int> invoke_async(F callable, Args... args) {
  co_return callable(args...);
}
template <typename F> lazylib::task<int> invoke_lazy(F &&callable) {
  co_return std::forward<F>(callable)();
}
template <typename F> eagerlib::result<int> invoke_eager(F callable) {
  co_return std::move(callable)();
}

// An executor that runs submitted work on its worker thread.
class thread_pool {
public:
  template <typename F> void submit(F f) { run_on_worker(f); }

private:
  template <typename F> void run_on_worker(F &f) { f(); }
};

// A task object that stores the callable; calling run() runs it.
template <typename F> struct job {
  F fn;
  int run() { return fn(); }
};
} // namespace lib

// ---- the user's code: the lambdas block, the library does not ----

aio::task<int> user_aio(lib::thread_pool &pool) {
  int a = co_await lib::invoke_async([](int x) {
    std::this_thread::sleep_for(1ms);
    return x;
  }, 1);
  // Passed to a submit-like API from a coroutine: runs on the worker.
  pool.submit([] { std::this_thread::sleep_for(1ms); });
  lib::job<int (*)()> j{+[] { return 0; }};
  co_return a + j.run();
}

lazylib::task<int> user_lazy(lib::thread_pool &pool) {
  pool.submit([] { std::this_thread::sleep_for(1ms); });
  co_return co_await lib::invoke_lazy([] {
    std::this_thread::sleep_for(1ms);
    return 2;
  });
}

eagerlib::result<int> user_eager() {
  co_return co_await lib::invoke_eager([] {
    std::this_thread::sleep_for(1ms);
    return 3;
  });
}

// ---- still reported: code that runs here ----

// A callable stored in a member runs where the member that calls it is
// called.
aio::task<int> runs_stored() {
  auto sleepy = [] {
    std::this_thread::sleep_for(1ms);
    return 1;
  };
  lib::job<decltype(sleepy)> stored{sleepy};
  co_return stored.run();
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'lib::job<(lambda at {{.*}})>::run' in coroutine 'runs_stored' calls 'std::this_thread::sleep_for', which blocks {{.*}}
}

// Calling a lambda in the coroutine runs it on the coroutine's thread.
aio::task<int> calls_lambda() {
  auto nap = [] {
    std::this_thread::sleep_for(1ms);
    return 1;
  };
  co_return nap();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'lambda' in coroutine 'calls_lambda' calls 'std::this_thread::sleep_for', which blocks the thread and stalls its event loop (sleep); 'co_await' the runtime's sleep instead (for example 'co_await aio::sleep(...)') [async-blocking-call]
}

// A template's own blocking code is its own, whatever it is instantiated
// with.
namespace lib {
template <typename F> lazylib::task<int> sleepy_invoke(F callable) {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' in coroutine 'lib::sleepy_invoke' blocks the thread and stalls its event loop (sleep); 'co_await' the runtime's asynchronous sleep or timer instead [async-blocking-call]
  co_return callable();
}
template <typename F> void sleepy_submit(F f) {
  std::this_thread::sleep_for(1ms);
  f();
}
} // namespace lib

lazylib::task<int> uses_sleepy() {
  lib::sleepy_submit([] {});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'lib::sleepy_submit' in coroutine 'uses_sleepy' calls 'std::this_thread::sleep_for', which blocks {{.*}}
  co_return co_await lib::sleepy_invoke([] { return 1; });
}
