// Classes that offer a synchronous member function next to an awaitable
// twin (`async_foo`, `foo_async`, `co_foo`), in two styles: a twin that
// returns an awaitable, and Asio's completion-token convention. Beside them,
// twins that cannot be awaited. Self-written, declarations only.
#pragma once
#include "asio_like.hpp"
#include "lazy_task.hpp"
#include "runtime_namespaces.hpp"
#include <coroutine>
#include <cstddef>

namespace netlib {
struct io_op {
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  std::size_t await_resume();
};

class socket {
public:
  std::size_t read_some(char *buf, std::size_t n); // blocks
  io_op async_read_some(char *buf, std::size_t n);
  void connect(const char *host); // blocks
  io_op connect_async(const char *host);
  int fetch(); // blocks
  lazylib::task<int> co_fetch();
  // No twin.
  void close();
  // A callback twin is not awaitable.
  void cancel();
  void async_cancel(void (*done)(int));
  // The "synchronous" one is awaitable itself.
  lazylib::task<int> send(const char *data);
  io_op async_send(const char *data);
};

class tls_socket : public socket {};

// A class whose coroutines build its asynchronous operations from its own
// synchronous members.
class connection {
public:
  std::size_t read(char *buf, std::size_t n);
  lazylib::task<std::size_t> async_read(char *buf, std::size_t n);
};
} // namespace netlib

// Asio's convention: the asynchronous twin takes a completion token. It is
// awaitable in Asio's own coroutines (with asio::use_awaitable), not in
// another library's.
namespace asio {
struct use_awaitable_t {};
inline constexpr use_awaitable_t use_awaitable{};

template <typename Protocol> class basic_stream_socket {
public:
  std::size_t read_some(char *buf, std::size_t n); // blocks
  template <typename ReadToken>
  auto async_read_some(char *buf, std::size_t n, ReadToken &&token);
  std::size_t write_some(const char *buf, std::size_t n); // blocks
  template <typename WriteToken>
  auto async_write_some(const char *buf, std::size_t n, WriteToken &&token);
};
struct tcp {};
} // namespace asio
