//===- aio/condition.hpp - Waiting for a change under a lock ----*- C++ -*-===//
//
/// \file
/// aio::condition (asyncio.Condition): tasks wait, holding an aio::mutex,
/// until another task changes the guarded state and notifies them.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "aio/errors.hpp"
#include "aio/mutex.hpp"
#include "aio/task.hpp"
#include "aio/wait_queue.hpp"

#include <cstddef>
#include <exception>
#include <stdexcept>

namespace aio {

/// A condition variable for tasks (asyncio.Condition).
///
///   aio::mutex m;
///   aio::condition changed(m);
///   std::deque<job> jobs;
///
///   auto lock = co_await m.lock();
///   co_await changed.wait(lock, [&] { return !jobs.empty(); });
///   // m is held again here, and jobs is not empty
///
/// wait(guard) unlocks the guard's mutex, waits for a notification and locks
/// it again before it returns -- also when it throws (cancellation), so the
/// guard always holds the lock afterwards. Used on the loop's thread only;
/// it must outlive every await on it.
class condition {
public:
  /// A condition on its own mutex (asyncio's Condition() without a lock).
  condition() noexcept : mutex_(&own_) {}
  /// A condition on m, which must outlive it.
  explicit condition(aio::mutex &m) noexcept : mutex_(&m) {}
  condition(const condition &) = delete;
  condition &operator=(const condition &) = delete;

  /// The mutex the condition uses.
  [[nodiscard]] aio::mutex &mutex() noexcept { return *mutex_; }
  /// co_await c.lock(): the mutex's lock().
  [[nodiscard]] aio::mutex::lock_awaiter lock() noexcept { return mutex_->lock(); }

  /// Unlocks g, waits until notified, and locks again. g must hold this
  /// condition's mutex (else std::logic_error). If the task is cancelled,
  /// the lock is still taken again before cancelled_error is thrown, and a
  /// notification it had already received is passed on to another waiter.
  task<> wait(aio::mutex::guard &g) {
    if (g.owner() != mutex_)
      throw std::logic_error("aio::condition::wait: the guard does not hold "
                             "this condition's mutex");
    g.unlock();
    std::exception_ptr error;
    bool notified = false;
    {
      notified_wait w(waiters_);
      try {
        co_await w;
        notified = true;
      } catch (...) {
        error = std::current_exception();
      }
    }
    // Lock again whatever happened, however often the task is cancelled
    // meanwhile (each request is delivered by one attempt and remembered).
    for (;;) {
      try {
        g = co_await mutex_->lock();
        break;
      } catch (const cancelled_error &) {
        if (!error)
          error = std::current_exception();
      }
    }
    if (error) {
      if (notified)
        notify(1); // do not swallow a notification meant for someone
      std::rethrow_exception(error);
    }
  }

  /// Waits until pred() is true; pred is checked under the lock, first
  /// before waiting at all.
  template <class Predicate> task<> wait(aio::mutex::guard &g, Predicate pred) {
    while (!pred())
      co_await wait(g);
  }

  /// Wakes up to n waiting tasks (in the order they started waiting).
  void notify(std::size_t n = 1) {
    for (; n > 0; --n) {
      detail::queued_waiter *w = waiters_.pop_front();
      if (w == nullptr)
        return;
      w->grant();
    }
  }
  /// Wakes every waiting task.
  void notify_all() { waiters_.grant_all(); }

private:
  class notified_wait final : public detail::queued_waiter {
  public:
    explicit notified_wait(detail::wait_queue &q) noexcept : queue_(q) {}
    bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<> h) { return enqueue(queue_, h); }
    void await_resume() { finish(); }

  private:
    detail::wait_queue &queue_;
  };

  aio::mutex own_;
  aio::mutex *mutex_;
  detail::wait_queue waiters_;
};

} // namespace aio
