//===- aio/run.hpp - Running a task to completion ---------------*- C++ -*-===//
//
/// \file
/// aio::run (asyncio.run): the bridge from synchronous code to coroutines.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "aio/loop.hpp"
#include "aio/task.hpp"
#include "aio/task_handle.hpp"

#include <exception>
#include <stdexcept>
#include <utility>

namespace aio {
namespace detail {

/// asyncio.run's epilogue: cancels every task still running, lets them
/// finish their cancellation, and destroys the frames of tasks that can
/// never finish (their suspensions unregister themselves from the loop).
/// Worker threads are joined by the loop's destructor afterwards.
inline void shut_down(event_loop &loop) noexcept {
  try {
    for (;;) {
      // Each task is cancelled once (a task may await during its cleanup);
      // tasks created meanwhile are cancelled on the next round.
      for (auto &state : loop.tasks())
        if (!state->done && !state->cancelled_at_shutdown) {
          state->cancelled_at_shutdown = true;
          state->context.request_cancel();
        }
      if (loop.tasks().empty() || !loop.run_once())
        break;
    }
  } catch (...) {
    // A broken epoll set: nothing can run any more; destroy what is left.
  }
  task_list stuck = std::move(loop.tasks());
  for (auto &state : stuck)
    if (!state->done)
      state->driver.destroy();
}

} // namespace detail

/// Runs an event loop on the calling thread until main finishes, and
/// returns its result or rethrows its exception (asyncio.run).
///
/// Afterwards, tasks still running are cancelled and given the chance to
/// finish, and the worker threads of aio::to_thread are joined. Throws
/// std::logic_error when called from inside a running loop (await the task
/// instead), and when main waits for something that can never happen
/// (no task ready, no timer, no I/O wait, no worker-thread job).
template <class T> T run(task<T> main) {
  detail::event_loop loop;
  detail::event_loop::scope current(loop);
  struct shutdown_guard {
    detail::event_loop &loop;
    ~shutdown_guard() { detail::shut_down(loop); }
  } guard{loop};

  task_handle<T> handle = detail::spawn(loop, std::move(main), "main");
  while (!handle.done())
    if (!loop.run_once())
      throw std::logic_error(
          "aio::run: deadlock: the main task waits for something that can "
          "never happen (no task is ready, and no timer, I/O wait or "
          "worker-thread job can wake one)");
  if constexpr (std::is_void_v<T>)
    handle.state()->get(true);
  else
    return handle.state()->get(true);
}

} // namespace aio
