// Minimal task types declared in the namespaces of well-known coroutine
// libraries, for the checks that name the coroutine's own runtime in their
// hints. Only the namespace matters: the shape is one small lazy task.
// Self-written, not the libraries' code.
#pragma once
#include <coroutine>

namespace testrt {
template <typename Task> struct promise {
  Task get_return_object() { return Task{}; }
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void return_void() {}
  void unhandled_exception() {}
};
template <typename Task> struct task_base {
  using promise_type = promise<Task>;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() const noexcept {}
};
} // namespace testrt

namespace folly::coro {
template <typename T = void> struct Task : testrt::task_base<Task<T>> {};
} // namespace folly::coro

namespace cppcoro {
template <typename T = void> struct task : testrt::task_base<task<T>> {};
} // namespace cppcoro

namespace coro { // libcoro
template <typename T = void> struct task : testrt::task_base<task<T>> {};
} // namespace coro

namespace async_simple::coro {
template <typename T = void> struct Lazy : testrt::task_base<Lazy<T>> {};
} // namespace async_simple::coro

namespace concurrencpp {
template <typename T = void> struct lazy_result
    : testrt::task_base<lazy_result<T>> {};
} // namespace concurrencpp

namespace unifex {
template <typename T = void> struct task : testrt::task_base<task<T>> {};
} // namespace unifex

namespace asio {
inline namespace v1 { // inline namespaces are skipped
template <typename T = void> struct awaitable
    : testrt::task_base<awaitable<T>> {};
} // namespace v1
} // namespace asio

namespace asio::experimental {
// Asio's coroutine types other than `awaitable` take other tokens.
template <typename T = void> struct coro : testrt::task_base<coro<T>> {};
} // namespace asio::experimental

namespace boost::asio {
template <typename T = void> struct awaitable
    : testrt::task_base<awaitable<T>> {};
} // namespace boost::asio

namespace boost::cobalt {
template <typename T = void> struct task : testrt::task_base<task<T>> {};
} // namespace boost::cobalt

// A user's own runtime, whose name no catalogue knows.
namespace myrt {
template <typename T = void> struct task : testrt::task_base<task<T>> {};
} // namespace myrt
