//===- aio/gather.hpp - Awaiting several things at once ---------*- C++ -*-===//
//
/// \file
/// aio::gather and aio::gather_settled (asyncio.gather, without and with
/// return_exceptions=True): run several awaitables concurrently and collect
/// their results in order.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "aio/errors.hpp"
#include "aio/loop.hpp"
#include "aio/task.hpp"
#include "aio/task_handle.hpp"

#include <exception>
#include <ranges>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace aio {

/// The outcome of one awaitable in aio::gather_settled: its value, or the
/// exception it ended with. For a void awaitable the value is aio::none_t.
template <class T> class outcome {
public:
  using value_type = detail::stored_t<T>;

  explicit outcome(value_type value) : result_(std::in_place_index<0>, std::move(value)) {}
  explicit outcome(std::exception_ptr error) : result_(std::in_place_index<1>, error) {}

  [[nodiscard]] bool has_value() const noexcept { return result_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  /// The value; rethrows the exception if there is no value.
  value_type &value() & { return checked(); }
  const value_type &value() const & { return const_cast<outcome *>(this)->checked(); }
  value_type &&value() && { return std::move(checked()); }

  /// The exception, or null if there is a value.
  [[nodiscard]] std::exception_ptr error() const noexcept {
    return has_value() ? nullptr : std::get<1>(result_);
  }

private:
  value_type &checked() {
    if (!has_value())
      std::rethrow_exception(std::get<1>(result_));
    return std::get<0>(result_);
  }

  std::variant<value_type, std::exception_ptr> result_;
};

namespace detail {

template <class> inline constexpr bool is_task_handle = false;
template <class T> inline constexpr bool is_task_handle<task_handle<T>> = true;
template <class> inline constexpr bool is_task = false;
template <class T> inline constexpr bool is_task<task<T>> = true;

/// Something co_await accepts.
template <class A>
concept awaitable = requires { typename await_result_t<A>; };

template <class A> task<await_result_t<A>> await_in_task(A awaitable) {
  co_return co_await std::move(awaitable);
}

/// A running task for any awaitable: handles as they are, tasks and other
/// awaitables spawned on the loop.
template <class A> auto to_handle(event_loop &loop, A &&a) {
  using D = std::remove_cvref_t<A>;
  if constexpr (is_task_handle<D>)
    return D(std::forward<A>(a));
  else if constexpr (is_task<D>)
    return spawn(loop, D(std::forward<A>(a)), {});
  else
    return spawn(loop, await_in_task(D(std::forward<A>(a))), {});
}

/// The result for the gather: moved out when the gather holds the only
/// handle, copied when the caller kept one.
template <class T> stored_t<T> take(const task_handle<T> &h) {
  return h.state()->get(h.state()->handle_count == 1);
}

template <class T> outcome<T> take_outcome(const task_handle<T> &h) {
  if (h.state()->error) {
    h.state()->retrieved = true;
    return outcome<T>(h.state()->error);
  }
  return outcome<T>(take(h));
}

/// After all finished: the gather saw every outcome; rethrow the failure that
/// happened first, or cancelled_error if the gather itself was cancelled.
inline void settle(const std::vector<task_state_base *> &states,
                   bool rethrow_first) {
  task_state_base *first = nullptr;
  for (auto *s : states) {
    if (s->error) {
      s->retrieved = true;
      if (!first || s->finish_number < first->finish_number)
        first = s;
    }
  }
  if (rethrow_first && first)
    std::rethrow_exception(first->error);
}

template <class... Handles>
std::vector<task_state_base *> states_of(const std::tuple<Handles...> &hs) {
  return std::apply(
      [](const auto &...h) { return std::vector<task_state_base *>{h.state()...}; },
      hs);
}

template <class Handle>
std::vector<task_state_base *> states_of(const std::vector<Handle> &hs) {
  std::vector<task_state_base *> out;
  out.reserve(hs.size());
  for (const auto &h : hs)
    out.push_back(h.state());
  return out;
}

/// Waits for every handle; cancelling the gather cancels them all and then
/// throws cancelled_error once all have finished.
template <class Handles> task<> wait_all(const Handles &handles, bool settled) {
  auto states = states_of(handles);
  completion_wait wait(states);
  co_await wait;
  if (wait.forwarded_cancel()) {
    settle(states, false);
    throw cancelled_error();
  }
  settle(states, !settled);
}

template <class R>
using range_result_t = await_result_t<std::ranges::range_value_t<R>>;

/// One running task per element of a range, in order.
template <class R>
std::vector<task_handle<range_result_t<R>>> to_handles(const char *who, R &range) {
  auto &loop = current_loop(who);
  std::vector<task_handle<range_result_t<R>>> handles;
  for (auto &&a : range)
    handles.push_back(to_handle(loop, std::move(a)));
  return handles;
}

} // namespace detail

/// Runs the awaitables concurrently (tasks, task handles, or anything else
/// co_await accepts) and returns their results as a tuple, in argument order
/// (asyncio.gather). A void awaitable contributes aio::none_t. If any fails,
/// gather still waits for all of them, then rethrows the exception that
/// happened first. Cancelling the gather cancels all of them.
template <class... As>
  requires(sizeof...(As) > 0 && (detail::awaitable<As> && ...))
task<std::tuple<detail::stored_t<await_result_t<As>>...>> gather(As... awaitables) {
  auto &loop = detail::current_loop("aio::gather");
  std::tuple handles{detail::to_handle(loop, std::move(awaitables))...};
  co_await detail::wait_all(handles, false);
  co_return std::apply(
      [](const auto &...h) {
        return std::tuple<detail::stored_t<await_result_t<As>>...>{detail::take(h)...};
      },
      handles);
}

/// gather over a range (e.g. a std::vector<aio::task<T>>, moved in): a
/// vector of the results, in order.
template <std::ranges::input_range R>
  requires detail::awaitable<std::ranges::range_value_t<R>>
task<std::vector<detail::stored_t<detail::range_result_t<R>>>> gather(R awaitables) {
  auto handles = detail::to_handles("aio::gather", awaitables);
  co_await detail::wait_all(handles, false);
  std::vector<detail::stored_t<detail::range_result_t<R>>> results;
  results.reserve(handles.size());
  for (const auto &h : handles)
    results.push_back(detail::take(h));
  co_return results;
}

/// Like gather, but never throws for a failed awaitable: each result is an
/// aio::outcome holding the value or the exception (asyncio.gather with
/// return_exceptions=True). Still throws cancelled_error if the gather
/// itself is cancelled.
template <class... As>
  requires(sizeof...(As) > 0 && (detail::awaitable<As> && ...))
task<std::tuple<outcome<await_result_t<As>>...>> gather_settled(As... awaitables) {
  auto &loop = detail::current_loop("aio::gather_settled");
  std::tuple handles{detail::to_handle(loop, std::move(awaitables))...};
  co_await detail::wait_all(handles, true);
  co_return std::apply(
      [](const auto &...h) {
        return std::tuple<outcome<await_result_t<As>>...>{detail::take_outcome(h)...};
      },
      handles);
}

/// gather_settled over a range: a vector of outcomes, in order.
template <std::ranges::input_range R>
  requires detail::awaitable<std::ranges::range_value_t<R>>
task<std::vector<outcome<detail::range_result_t<R>>>> gather_settled(R awaitables) {
  auto handles = detail::to_handles("aio::gather_settled", awaitables);
  co_await detail::wait_all(handles, true);
  std::vector<outcome<detail::range_result_t<R>>> results;
  results.reserve(handles.size());
  for (const auto &h : handles)
    results.push_back(detail::take_outcome(h));
  co_return results;
}

} // namespace aio
