//===- aio/as_completed.hpp - Results in the order they finish --*- C++ -*-===//
//
/// \file
/// aio::as_completed (asyncio.as_completed): runs awaitables concurrently and
/// hands out their results in the order they finish.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "aio/errors.hpp"
#include "aio/gather.hpp"
#include "aio/loop.hpp"
#include "aio/task_handle.hpp"

#include <coroutine>
#include <cstddef>
#include <deque>
#include <ranges>
#include <stdexcept>
#include <unordered_map>
#include <utility>
#include <vector>

namespace aio {

/// The running awaitables of aio::as_completed; next() gives the result of
/// the next one to finish. Neither copied nor moved (keep it where
/// as_completed returned it); used on the loop's thread only.
/// Destroying it cancels the awaitables whose results were not taken yet
/// and that are still running.
template <class T> class completion_order final : private detail::completion_waiter {
public:
  explicit completion_order(std::vector<task_handle<T>> handles)
      : handles_(std::move(handles)), remaining_(handles_.size()) {
    for (std::size_t i = 0; i < handles_.size(); ++i) {
      auto *s = handles_[i].state();
      if (s->done) {
        finished_.push_back(i);
      } else {
        s->add_waiter(*this);
        index_.emplace(s, i);
      }
    }
  }
  completion_order(const completion_order &) = delete;
  completion_order &operator=(const completion_order &) = delete;
  ~completion_order() {
    for (auto &h : handles_)
      if (!h.done()) {
        h.state()->remove_waiter(*this);
        h.state()->retrieved = true; // cancelled on purpose, not forgotten
        h.cancel();
      }
  }

  /// Results not handed out by next() yet.
  [[nodiscard]] std::size_t remaining() const noexcept { return remaining_; }
  [[nodiscard]] bool empty() const noexcept { return remaining_ == 0; }

  /// What co_await next() waits on.
  class [[nodiscard]] next_awaiter final : public detail::suspension {
  public:
    explicit next_awaiter(completion_order &o) : order_(o) {
      if (order_.remaining_ == 0)
        throw std::logic_error("aio::as_completed: next() called after every "
                               "result was taken");
      if (order_.waiter_ != nullptr)
        throw std::logic_error("aio::as_completed: next() awaited by two "
                               "tasks at once");
    }
    ~next_awaiter() {
      if (order_.waiter_ == this)
        order_.waiter_ = nullptr;
    }
    bool await_ready() const noexcept { return !order_.finished_.empty(); }
    bool await_suspend(std::coroutine_handle<> h) {
      if (!bind())
        return false;
      order_.waiter_ = this;
      park(h);
      return true;
    }
    detail::stored_t<T> await_resume() {
      check_resume();
      std::size_t i = order_.finished_.front();
      order_.finished_.pop_front();
      --order_.remaining_;
      return order_.handles_[i].state()->get(true);
    }

  private:
    friend class completion_order;
    bool on_cancel() noexcept override {
      // Only this wait ends; the awaitables keep running.
      order_.waiter_ = nullptr;
      cancelled_ = true;
      wake();
      return true;
    }
    void ready() {
      order_.waiter_ = nullptr;
      wake();
    }
    completion_order &order_;
  };

  /// co_await o.next(): the result of the next awaitable to finish (its
  /// value, aio::none_t for a void one), or its exception rethrown.
  /// Throws std::logic_error when no result is left.
  [[nodiscard]] next_awaiter next() { return next_awaiter(*this); }

private:
  void on_task_finished(detail::task_state_base &state) noexcept override {
    finished_.push_back(index_.at(&state));
    if (waiter_ != nullptr)
      waiter_->ready();
  }

  std::vector<task_handle<T>> handles_;
  std::unordered_map<const detail::task_state_base *, std::size_t> index_;
  std::deque<std::size_t> finished_;
  std::size_t remaining_;
  next_awaiter *waiter_ = nullptr;
};

/// Starts every awaitable of the range (tasks, task handles, or anything
/// co_await accepts; pass a vector of tasks with std::move) and returns a
/// completion_order whose next() yields their results in the order they
/// finish (asyncio.as_completed):
///
///   auto done = aio::as_completed(std::move(requests));
///   while (!done.empty())
///     use(co_await done.next());   // fastest first
template <std::ranges::input_range R>
  requires detail::awaitable<std::ranges::range_value_t<R>>
completion_order<detail::range_result_t<R>> as_completed(R awaitables) {
  return completion_order<detail::range_result_t<R>>(
      detail::to_handles("aio::as_completed", awaitables));
}

} // namespace aio
