//===- aio/semaphore.hpp - A counter of permits -----------------*- C++ -*-===//
//
/// \file
/// aio::semaphore (asyncio.Semaphore): limits how many tasks do something at
/// the same time.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "aio/wait_queue.hpp"

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <utility>

namespace aio {

/// A counter of permits (asyncio.Semaphore).
///
///   aio::semaphore limit(10);              // at most 10 downloads at once
///   aio::task<> download(std::string url) {
///     auto permit = co_await limit.acquire();
///     co_await fetch(url);
///   }                                      // permit released here
///
/// acquire() takes a permit, waiting while there is none; release() adds
/// one (asyncio's Semaphore: release() may raise the count above its start
/// value). Fair: waiters get permits in the order they asked. Used on the
/// loop's thread only; it must outlive every await on it.
class semaphore {
public:
  /// One permit; released when destroyed. Move-only.
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

    /// Releases the permit early. Throws std::logic_error when the guard
    /// holds none (already released, or moved from).
    void release() {
      if (owner_ == nullptr)
        throw std::logic_error("aio::semaphore::guard::release: the guard "
                               "holds no permit");
      reset();
    }

    [[nodiscard]] bool owns_permit() const noexcept { return owner_ != nullptr; }
    explicit operator bool() const noexcept { return owns_permit(); }

  private:
    friend class semaphore;
    explicit guard(semaphore &s) noexcept : owner_(&s) {}
    void reset() noexcept {
      if (owner_)
        std::exchange(owner_, nullptr)->release();
    }

    semaphore *owner_ = nullptr;
  };

  /// What co_await s.acquire() waits on.
  class [[nodiscard]] acquire_awaiter final : public detail::queued_waiter {
  public:
    explicit acquire_awaiter(semaphore &s) noexcept : semaphore_(s) {}
    /// Movable until it is awaited (to pass it to wait_for, timeout, ...).
    acquire_awaiter(acquire_awaiter &&) noexcept = default;
    ~acquire_awaiter() {
      // Defensive: handed over, but the frame was destroyed before the task
      // resumed (only if the loop dies with the task in its ready queue).
      if (unconsumed_grant())
        semaphore_.release();
    }

    bool await_ready() noexcept { return semaphore_.take(); }
    bool await_suspend(std::coroutine_handle<> h) {
      return enqueue(semaphore_.waiters_, h);
    }
    guard await_resume() {
      finish();
      return guard(semaphore_);
    }

  private:
    semaphore &semaphore_;
  };

  /// A semaphore with `permits` permits (asyncio's default is 1).
  explicit semaphore(std::size_t permits = 1) noexcept : value_(permits) {}
  semaphore(const semaphore &) = delete;
  semaphore &operator=(const semaphore &) = delete;

  /// co_await s.acquire() waits for a permit and returns the guard that
  /// holds it. Throws aio::cancelled_error if the task is cancelled while
  /// waiting; no permit is then taken.
  [[nodiscard]] acquire_awaiter acquire() noexcept { return acquire_awaiter(*this); }

  /// Takes a permit if one is free now; never suspends.
  [[nodiscard]] std::optional<guard> try_acquire() noexcept {
    if (!take())
      return std::nullopt;
    return guard(*this);
  }

  /// Adds a permit and hands it to the first waiter, if any (asyncio's
  /// release()). Guards call it when they are destroyed; call it yourself
  /// only to add permits.
  void release() noexcept {
    if (detail::queued_waiter *next = waiters_.pop_front())
      next->grant(); // the permit passes on directly
    else
      ++value_;
  }

  /// Permits free now.
  [[nodiscard]] std::size_t available() const noexcept { return value_; }
  /// Whether acquire() would wait (asyncio's Semaphore.locked()).
  [[nodiscard]] bool locked() const noexcept { return value_ == 0; }

private:
  bool take() noexcept {
    // A free permit with waiters queued cannot happen: release() hands it
    // to them. So newcomers never overtake a waiter.
    if (value_ == 0)
      return false;
    --value_;
    return true;
  }

  std::size_t value_;
  detail::wait_queue waiters_;
};

} // namespace aio
