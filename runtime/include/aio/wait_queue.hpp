//===- aio/wait_queue.hpp - Tasks waiting on a primitive --------*- C++ -*-===//
//
/// \file
/// The waiting room shared by the synchronisation primitives (mutex, event,
/// semaphore, condition, queue, task_group): a FIFO of suspended awaiters.
/// Implementation detail.
///
/// The rules every primitive follows, so that cancellation never loses
/// anything:
/// - A waiter is in at most one queue. Cancelling its task takes it out of
///   the queue and resumes the task with aio::cancelled_error.
/// - A primitive that gives a waiter what it waited for (the lock, a permit,
///   an item) takes it out of the queue first and calls grant(). From then
///   on the operation has happened: the awaiter returns normally even if its
///   task is cancelled before it resumes, and the cancellation is delivered
///   at the task's next suspension point. So a lock or an item handed over
///   is never dropped on the floor.
/// - An awaiter destroyed while queued (its task's frame destroyed at
///   shutdown) leaves the queue. One destroyed after a grant it never
///   consumed gives the grant back (see unconsumed_grant()); aio::run never
///   destroys a frame whose resumption is queued, so that is defensive.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "aio/errors.hpp"
#include "aio/loop.hpp"

#include <coroutine>
#include <cstddef>
#include <utility>

namespace aio::detail {

class wait_queue;
class queued_waiter;

/// The links of a queued_waiter in its wait_queue. (A separate base, so
/// that wait_queue needs no friendship with the polymorphic queued_waiter,
/// whose protected destructor must stay inaccessible.)
class wait_node {
  friend class wait_queue;
  friend class queued_waiter;

  wait_queue *queue_ = nullptr;
  queued_waiter *prev_ = nullptr;
  queued_waiter *next_ = nullptr;
};

/// One suspended await on a primitive; a node of a wait_queue.
class queued_waiter : public suspension, public wait_node {
public:
  /// The primitive hands over what was waited for: resumes the task, which
  /// will return normally (see the file comment).
  void grant() {
    granted_ = true;
    wake();
  }
  [[nodiscard]] bool granted() const noexcept { return granted_; }

protected:
  queued_waiter() = default;
  /// Before it is awaited only (see suspension).
  queued_waiter(queued_waiter &&other) noexcept
      : suspension(std::move(other)), wait_node() {}
  ~queued_waiter();

  /// Suspends in q unless a cancellation is pending. Returns what
  /// await_suspend returns: false to resume at once (then finish() throws).
  bool enqueue(wait_queue &q, std::coroutine_handle<> h);

  /// Call first in await_resume: throws cancelled_error unless the wait
  /// ended with a grant. Marks the grant as consumed.
  void finish() {
    if (granted_) {
      consumed_ = true;
      return;
    }
    if (cancelled_ || (context_ != nullptr && context_->consume_cancel()))
      throw cancelled_error();
  }

private:
  bool on_cancel() noexcept override;

  bool granted_ = false;
  bool consumed_ = false;

protected:
  /// For the destructor of a derived awaiter that has a resource to return:
  /// whether a grant was made but never consumed.
  [[nodiscard]] bool unconsumed_grant() const noexcept {
    return granted_ && !consumed_;
  }
};

/// An intrusive FIFO of queued_waiters. Owned by a primitive, used on the
/// loop's thread only; it must outlive the awaits on it.
class wait_queue {
public:
  wait_queue() = default;
  wait_queue(const wait_queue &) = delete;
  wait_queue &operator=(const wait_queue &) = delete;

  [[nodiscard]] bool empty() const noexcept { return head_ == nullptr; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }

  void push_back(queued_waiter &w) noexcept {
    w.queue_ = this;
    w.prev_ = tail_;
    w.next_ = nullptr;
    (tail_ ? tail_->next_ : head_) = &w;
    tail_ = &w;
    ++size_;
  }

  void remove(queued_waiter &w) noexcept {
    if (w.queue_ != this)
      return;
    (w.prev_ ? w.prev_->next_ : head_) = w.next_;
    (w.next_ ? w.next_->prev_ : tail_) = w.prev_;
    w.queue_ = nullptr;
    w.prev_ = w.next_ = nullptr;
    --size_;
  }

  /// The first waiter, taken out of the queue, or null.
  queued_waiter *pop_front() noexcept {
    queued_waiter *w = head_;
    if (w)
      remove(*w);
    return w;
  }

  /// Grants every waiter (an event that was set).
  void grant_all() {
    while (queued_waiter *w = pop_front())
      w->grant();
  }

private:
  queued_waiter *head_ = nullptr;
  queued_waiter *tail_ = nullptr;
  std::size_t size_ = 0;
};

inline queued_waiter::~queued_waiter() {
  if (queue_)
    queue_->remove(*this);
}

inline bool queued_waiter::enqueue(wait_queue &q, std::coroutine_handle<> h) {
  if (!bind())
    return false;
  q.push_back(*this);
  park(h);
  return true;
}

inline bool queued_waiter::on_cancel() noexcept {
  if (queue_ == nullptr)
    return false; // already granted: delivered at the next suspension
  queue_->remove(*this);
  cancelled_ = true;
  wake();
  return true;
}

} // namespace aio::detail
