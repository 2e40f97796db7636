//===- aio/mutex.hpp - A lock for tasks -------------------------*- C++ -*-===//
//
/// \file
/// aio::mutex (asyncio.Lock): mutual exclusion between tasks of one loop.
/// Waiting for it suspends the task, not the thread, so the guard it gives
/// may be held across co_await -- which a std::mutex must never be.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "aio/wait_queue.hpp"

#include <optional>
#include <stdexcept>
#include <utility>

namespace aio {

/// A mutual-exclusion lock for tasks (asyncio.Lock).
///
///   aio::mutex m;
///   aio::task<> update() {
///     auto lock = co_await m.lock();   // suspends while another task holds it
///     co_await write_both_files();     // fine: no thread is blocked
///   }                                  // unlocked here
///
/// Fair: waiters get the lock in the order they asked for it, and a task
/// that asks while others wait queues behind them. Not recursive: a task
/// that locks it twice waits for itself forever. Used on the loop's thread
/// only; it must outlive every await on it.
class mutex {
public:
  /// Ownership of the lock; unlocks when destroyed. Move-only.
  class [[nodiscard]] guard {
  public:
    guard() noexcept = default;
    guard(guard &&other) noexcept : owner_(std::exchange(other.owner_, nullptr)) {}
    guard &operator=(guard &&other) noexcept {
      if (this != &other) {
        reset();
        owner_ = std::exchange(other.owner_, nullptr);
      }
      return *this;
    }
    guard(const guard &) = delete;
    guard &operator=(const guard &) = delete;
    ~guard() { reset(); }

    /// Unlocks before the guard goes out of scope. Throws std::logic_error
    /// when the guard holds no lock (already unlocked, or moved from).
    void unlock() {
      if (owner_ == nullptr)
        throw std::logic_error("aio::mutex::guard::unlock: the guard does "
                               "not hold the lock");
      reset();
    }

    [[nodiscard]] bool owns_lock() const noexcept { return owner_ != nullptr; }
    explicit operator bool() const noexcept { return owns_lock(); }
    /// The mutex it holds, or null.
    [[nodiscard]] aio::mutex *owner() const noexcept { return owner_; }

  private:
    friend class mutex;
    explicit guard(aio::mutex &m) noexcept : owner_(&m) {}
    void reset() noexcept {
      if (owner_)
        std::exchange(owner_, nullptr)->release();
    }

    aio::mutex *owner_ = nullptr;
  };

  /// What co_await m.lock() waits on.
  class [[nodiscard]] lock_awaiter final : public detail::queued_waiter {
  public:
    explicit lock_awaiter(mutex &m) noexcept : mutex_(m) {}
    /// Movable until it is awaited (to pass it to wait_for, timeout, ...).
    lock_awaiter(lock_awaiter &&) noexcept = default;
    ~lock_awaiter() {
      // Defensive: handed over, but the frame was destroyed before the task
      // resumed (only if the loop dies with the task in its ready queue).
      if (unconsumed_grant())
        mutex_.release();
    }

    bool await_ready() noexcept {
      // Free and nobody queued (a queued waiter implies locked_): take it
      // without suspending, like asyncio.
      if (mutex_.locked_)
        return false;
      mutex_.locked_ = true;
      return true;
    }
    bool await_suspend(std::coroutine_handle<> h) {
      return enqueue(mutex_.waiters_, h);
    }
    guard await_resume() {
      finish();
      return guard(mutex_);
    }

  private:
    mutex &mutex_;
  };

  mutex() = default;
  mutex(const mutex &) = delete;
  mutex &operator=(const mutex &) = delete;

  /// co_await m.lock() suspends until the lock is free and returns the
  /// guard that holds it. Throws aio::cancelled_error if the task is
  /// cancelled while waiting; the lock is then not taken.
  [[nodiscard]] lock_awaiter lock() noexcept { return lock_awaiter(*this); }

  /// Takes the lock if it is free now; never suspends.
  [[nodiscard]] std::optional<guard> try_lock() noexcept {
    if (locked_)
      return std::nullopt;
    locked_ = true;
    return guard(*this);
  }

  /// Whether some task holds the lock (asyncio's Lock.locked()).
  [[nodiscard]] bool locked() const noexcept { return locked_; }

private:
  /// Hands the lock to the first waiter, or frees it.
  void release() noexcept {
    if (detail::queued_waiter *next = waiters_.pop_front())
      next->grant(); // stays locked: ownership passes on directly
    else
      locked_ = false;
  }

  bool locked_ = false;
  detail::wait_queue waiters_;
};

} // namespace aio
