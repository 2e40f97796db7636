//===- aio/aio.hpp - Umbrella header of the aio runtime ---------*- C++ -*-===//
//
/// \file
/// Everything of aio, the small reference coroutine runtime modelled on
/// Python's asyncio. See docs/runtime.md.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "aio/debug.hpp"
#include "aio/errors.hpp"
#include "aio/task.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

// Declarations only for now: the definitions land in their own headers next.
namespace aio {

template <class T = void> class task_handle;

template <class T> T run(task<T> main);

template <class T>
task_handle<T> create_task(task<T> t, std::string name = {});

template <class Rep, class Period>
task<> sleep(std::chrono::duration<Rep, Period> delay);

template <class F, class... Args>
task<std::invoke_result_t<F, Args...>> to_thread(F f, Args... args);

template <class A, class Rep, class Period>
task<await_result_t<A>> wait_for(A awaitable,
                                 std::chrono::duration<Rep, Period> timeout);

} // namespace aio
