//===- aio/queue.hpp - A FIFO between producers and consumers ---*- C++ -*-===//
//
/// \file
/// aio::queue<T> (asyncio.Queue): producers put items, consumers get them,
/// each side waiting when the queue is full or empty.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "aio/wait_queue.hpp"

#include <cstddef>
#include <deque>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace aio {

/// A FIFO queue for tasks (asyncio.Queue).
///
///   aio::queue<job> jobs(100);             // at most 100 waiting items
///   aio::task<> producer() { co_await jobs.put(next_job()); }
///   aio::task<> consumer() {
///     for (;;) {
///       job j = co_await jobs.get();
///       co_await handle(j);
///       jobs.task_done();
///     }
///   }
///   // elsewhere: co_await jobs.join();    // every item put was handled
///
/// maxsize 0 means unbounded: put() never waits. Both sides are fair: gets
/// are served in the order they were asked, and so are puts waiting for
/// room. An item is handed straight to a waiting consumer. Used on the
/// loop's thread only; it must outlive every await on it.
template <class T> class queue {
  static_assert(std::is_move_constructible_v<T>,
                "aio::queue<T> needs a move-constructible T");

public:
  /// What co_await q.put(v) waits on.
  class [[nodiscard]] put_awaiter final : public detail::queued_waiter {
  public:
    put_awaiter(queue &q, T value) : queue_(q), value_(std::move(value)) {}
    /// Movable until it is awaited (to pass it to wait_for, timeout, ...).
    put_awaiter(put_awaiter &&) noexcept(std::is_nothrow_move_constructible_v<T>) = default;
    bool await_ready() { return queue_.offer(value_); }
    bool await_suspend(std::coroutine_handle<> h) {
      return enqueue(queue_.putters_, h);
    }
    void await_resume() { finish(); }

  private:
    friend class queue;
    queue &queue_;
    T value_;
  };

  /// What co_await q.get() waits on.
  class [[nodiscard]] get_awaiter final : public detail::queued_waiter {
  public:
    explicit get_awaiter(queue &q) noexcept : queue_(q) {}
    /// Movable until it is awaited (to pass it to wait_for, timeout, ...).
    get_awaiter(get_awaiter &&) noexcept(std::is_nothrow_move_constructible_v<T>) = default;
    ~get_awaiter() {
      // Defensive: handed an item, but the frame was destroyed before the
      // task resumed (only if the loop dies with the task in its ready
      // queue).
      if (unconsumed_grant() && item_)
        queue_.give_back(std::move(*item_));
    }
    bool await_ready() {
      item_ = queue_.take();
      return item_.has_value();
    }
    bool await_suspend(std::coroutine_handle<> h) {
      return enqueue(queue_.getters_, h);
    }
    T await_resume() {
      finish();
      return std::move(*item_);
    }

  private:
    friend class queue;
    queue &queue_;
    std::optional<T> item_;
  };

  /// What co_await q.join() waits on.
  class [[nodiscard]] join_awaiter final : public detail::queued_waiter {
  public:
    explicit join_awaiter(queue &q) noexcept : queue_(q) {}
    /// Movable until it is awaited (to pass it to wait_for, timeout, ...).
    join_awaiter(join_awaiter &&) noexcept = default;
    bool await_ready() const noexcept { return queue_.unfinished_ == 0; }
    bool await_suspend(std::coroutine_handle<> h) {
      return enqueue(queue_.joiners_, h);
    }
    void await_resume() { finish(); }

  private:
    queue &queue_;
  };

  /// A queue holding at most maxsize items; 0 for no limit.
  explicit queue(std::size_t maxsize = 0) noexcept : maxsize_(maxsize) {}
  queue(const queue &) = delete;
  queue &operator=(const queue &) = delete;

  /// co_await q.put(v) adds v, waiting while the queue is full. Throws
  /// aio::cancelled_error if the task is cancelled while waiting; v is then
  /// not added.
  [[nodiscard]] put_awaiter put(T value) { return put_awaiter(*this, std::move(value)); }

  /// co_await q.get() removes and returns the first item, waiting while the
  /// queue is empty. Throws aio::cancelled_error if the task is cancelled
  /// while waiting; no item is then taken.
  [[nodiscard]] get_awaiter get() noexcept { return get_awaiter(*this); }

  /// Adds the item if there is room now (asyncio's put_nowait, which raises
  /// QueueFull instead of returning false). Never suspends; on false the
  /// argument is left as it was.
  [[nodiscard]] bool try_put(const T &value) {
    T copy(value);
    return offer(copy);
  }
  [[nodiscard]] bool try_put(T &&value) { return offer(value); }

  /// Removes the first item if there is one (asyncio's get_nowait). Never
  /// suspends.
  [[nodiscard]] std::optional<T> try_get() { return take(); }

  /// Marks one item taken with get() as handled. join() returns when every
  /// item ever put has been marked. Throws std::logic_error when called
  /// more often than items were put (asyncio: ValueError).
  void task_done() {
    if (unfinished_ == 0)
      throw std::logic_error("aio::queue::task_done: called more times than "
                             "there were items");
    if (--unfinished_ == 0)
      joiners_.grant_all();
  }

  /// co_await q.join() waits until every item put has been marked with
  /// task_done() (at once if none is pending).
  [[nodiscard]] join_awaiter join() noexcept { return join_awaiter(*this); }

  /// Items in the queue now.
  [[nodiscard]] std::size_t size() const noexcept { return items_.size(); }
  [[nodiscard]] bool empty() const noexcept { return items_.empty(); }
  [[nodiscard]] bool full() const noexcept {
    return maxsize_ > 0 && items_.size() >= maxsize_;
  }
  [[nodiscard]] std::size_t maxsize() const noexcept { return maxsize_; }

private:
  /// Puts v (moving from it) if a consumer waits or there is room.
  bool offer(T &v) {
    // Consumers wait only while the queue is empty, so handing the item to
    // the first of them keeps the order.
    if (detail::queued_waiter *w = getters_.pop_front()) {
      static_cast<get_awaiter *>(w)->item_.emplace(std::move(v));
      ++unfinished_;
      w->grant();
      return true;
    }
    if (full())
      return false;
    items_.push_back(std::move(v));
    ++unfinished_;
    return true;
  }

  std::optional<T> take() {
    if (items_.empty())
      return std::nullopt;
    std::optional<T> v(std::move(items_.front()));
    items_.pop_front();
    // Room for the first waiting producer: its item goes in now, so a
    // newcomer cannot overtake it.
    if (detail::queued_waiter *w = putters_.pop_front()) {
      items_.push_back(std::move(static_cast<put_awaiter *>(w)->value_));
      ++unfinished_;
      w->grant();
    }
    return v;
  }

  /// An item handed to a consumer whose task was destroyed before it could
  /// take it: back to the front, or to the next consumer.
  void give_back(T &&v) noexcept {
    try {
      if (detail::queued_waiter *w = getters_.pop_front()) {
        static_cast<get_awaiter *>(w)->item_.emplace(std::move(v));
        w->grant();
      } else {
        items_.push_front(std::move(v));
      }
    } catch (...) {
      // Out of memory during shutdown: the item is lost, not the process.
    }
  }

  std::size_t maxsize_;
  std::deque<T> items_;
  std::size_t unfinished_ = 0;
  detail::wait_queue getters_;
  detail::wait_queue putters_;
  detail::wait_queue joiners_;
};

} // namespace aio
