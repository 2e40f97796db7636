// RUN: %check_async_tidy --expect-clang-tidy-error %s async-lock-across-await %t

// Broken code must not crash the check, and the check stays quiet about a
// coroutine it cannot fully read.
#include "lazy_task.hpp"

#include <mutex>

lazylib::task<int> fetch(int id);
std::mutex m;

lazylib::task<> broken_body() {
  std::lock_guard<std::mutex> g(m);
  undeclared_call();
  co_await fetch(1);
}

lazylib::task<> broken_guard() {
  std::lock_guard<undeclared_mutex> g(m);
  co_await fetch(2);
}

lazylib::task<> broken_operand() {
  m.lock();
  co_await fetch(undeclared_variable);
  m.unlock();
}

// Still reported: a coroutine without errors in the same file.
lazylib::task<> fine_but_wrong() {
  std::lock_guard<std::mutex> g(m);
  co_await fetch(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'fine_but_wrong' suspends while holding 'std::lock_guard<std::mutex>' 'g'; {{.*}}
}
