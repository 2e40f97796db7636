// Asynchronous mutexes in the styles of coroutine libraries, to test that a
// lock obtained with co_await is not a thread-blocking lock, whatever its
// names: a libcoro/aio-style mutex whose `co_await m.lock()` returns a guard,
// a cppcoro-style `scoped_lock_async()`, a folly-style `co_scoped_lock()`
// that returns a std::unique_lock of the coroutine mutex, and a spin lock
// with both a blocking `lock()` and an asynchronous `co_lock()` (as
// async_simple's SpinLock).
#pragma once
#include <coroutine>
#include <mutex>
#include <optional>

namespace asynclib {

class mutex;

class scoped_guard {
public:
  explicit scoped_guard(mutex &m) : m(&m) {}
  scoped_guard(scoped_guard &&o) noexcept : m(o.m) { o.m = nullptr; }
  ~scoped_guard();
  void unlock();

private:
  mutex *m;
};

template <typename R> struct ready_awaiter {
  R value;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  R await_resume() { return static_cast<R &&>(value); }
};

class mutex {
public:
  ready_awaiter<scoped_guard> lock();                  // co_await m.lock()
  ready_awaiter<scoped_guard> scoped_lock_async();     // cppcoro style
  ready_awaiter<std::unique_lock<mutex>> co_scoped_lock(); // folly style
  ready_awaiter<void *> co_lock();                     // lock, no guard
  bool try_lock();
  void unlock();

private:
  bool locked = false;
};

inline scoped_guard::~scoped_guard() {
  if (m)
    m->unlock();
}
inline void scoped_guard::unlock() {
  if (m)
    m->unlock();
  m = nullptr;
}

class spin_lock {
public:
  void lock();                      // spins on the thread
  ready_awaiter<void *> co_lock();  // yields to the event loop while waiting
  bool try_lock();
  void unlock();

private:
  int state = 0;
};

// A lock for single-threaded builds: nothing to hold.
struct null_mutex {
  void lock() {}
  void unlock() {}
};

// An asynchronous condition variable (async_simple's ConditionVariable,
// libcoro's condition_variable): the awaited wait releases the lock it is
// handed until it resumes the waiter, locked again.
class condition_variable {
public:
  ready_awaiter<void *> wait(std::unique_lock<std::mutex> &lock);
  template <typename Lock, typename Pred>
  ready_awaiter<void *> wait(Lock &, Pred) { return {nullptr}; }
  void notify_one();
};

} // namespace asynclib
