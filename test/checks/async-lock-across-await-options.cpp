// RUN: %check_async_tidy %s async-lock-across-await %t -- \
// RUN:   --config="{CheckOptions: {async-lock-across-await.LockTypes: 'mylib::global_lock', async-lock-across-await.GuardTypes: '::mylib::MutexLock;mylib::.*Holder'}}"
// RUN: %check_async_tidy -check-suffix=DEFAULT %s async-lock-across-await %t

// LockTypes: a lock the shape rule does not see (an empty class that locks
// a global). GuardTypes: guards that are not std templates (absl style).

#include "lazy_task.hpp"

namespace mylib {
// Empty: the shape rule takes it for a null mutex.
struct global_lock {
  void lock();
  void unlock();
};
struct Mutex {
  void Lock();
  void Unlock();
  int state;
};
class MutexLock {
public:
  explicit MutexLock(Mutex *mu);
  ~MutexLock();
};
class ReaderHolder {
public:
  explicit ReaderHolder(Mutex &mu);
  ~ReaderHolder();
};
} // namespace mylib

lazylib::task<int> fetch(int id);
mylib::global_lock gl;
mylib::Mutex mu;

lazylib::task<> listed_lock() {
  gl.lock();
  co_await fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'listed_lock' suspends while holding 'mylib::global_lock' 'gl'; {{.*}}
  gl.unlock();
}

lazylib::task<> listed_guard() {
  mylib::MutexLock hold(&mu);
  co_await fetch(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'listed_guard' suspends while holding 'mylib::MutexLock' 'hold'; {{.*}}
}

lazylib::task<> listed_guard_regex() {
  {
    mylib::ReaderHolder early(mu);
  }
  mylib::ReaderHolder reader(mu);
  co_await fetch(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'listed_guard_regex' suspends while holding 'mylib::ReaderHolder' 'reader'; {{.*}}
}
