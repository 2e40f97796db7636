//===- aio/net.hpp - Readiness-based I/O on file descriptors ----*- C++ -*-===//
//
/// \file
/// Non-blocking I/O through the loop's epoll set: wait until a descriptor is
/// readable or writable, read and write bytes, and TCP accept/connect --
/// enough for a loopback client and server that never block the loop
/// (asyncio's loop.sock_recv / sock_sendall / sock_accept / sock_connect).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "aio/loop.hpp"
#include "aio/task.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace aio {

/// Owns a file descriptor and closes it on destruction.
class unique_fd {
public:
  unique_fd() noexcept = default;
  explicit unique_fd(int fd) noexcept : fd_(fd) {}
  unique_fd(unique_fd &&other) noexcept : fd_(other.release()) {}
  unique_fd &operator=(unique_fd &&other) noexcept {
    if (this != &other)
      reset(other.release());
    return *this;
  }
  ~unique_fd() { reset(); }

  [[nodiscard]] int get() const noexcept { return fd_; }
  explicit operator bool() const noexcept { return fd_ >= 0; }
  int release() noexcept { return std::exchange(fd_, -1); }
  void reset(int fd = -1) noexcept {
    if (fd_ >= 0)
      ::close(fd_);
    fd_ = fd;
  }

private:
  int fd_ = -1;
};

namespace detail {

[[noreturn]] inline void throw_errno(const char *what) {
  throw std::system_error(errno, std::generic_category(), what);
}

class io_wait final : public suspension, private io_node {
public:
  io_wait(int fd, bool for_write) noexcept : fd_(fd), for_write_(for_write) {}
  ~io_wait() {
    if (registered_)
      loop_->remove_io(fd_, for_write_);
  }

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> h) {
    if (!bind())
      return false;
    loop_->add_io(fd_, for_write_, *this);
    registered_ = true;
    park(h);
    return true;
  }
  void await_resume() { check_resume(); }

private:
  void on_ready() noexcept override {
    registered_ = false; // the loop removed the registration
    wake();
  }
  bool on_cancel() noexcept override {
    loop_->remove_io(fd_, for_write_);
    registered_ = false;
    cancelled_ = true;
    wake();
    return true;
  }

  int fd_;
  bool for_write_;
  bool registered_ = false;
};

} // namespace detail

/// Suspends until fd is readable (or at end of file / in error).
inline task<> wait_readable(int fd) { co_await detail::io_wait(fd, false); }

/// Suspends until fd is writable (or in error).
inline task<> wait_writable(int fd) { co_await detail::io_wait(fd, true); }

/// Makes fd non-blocking, as the functions below require.
inline void set_nonblocking(int fd) {
  int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
    detail::throw_errno("fcntl(O_NONBLOCK)");
}

/// Reads at most buffer.size() bytes from the non-blocking fd, waiting until
/// some are available. Returns 0 at end of file.
inline task<std::size_t> read_some(int fd, std::span<char> buffer) {
  for (;;) {
    ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n >= 0)
      co_return static_cast<std::size_t>(n);
    if (errno == EAGAIN || errno == EWOULDBLOCK)
      co_await wait_readable(fd);
    else if (errno != EINTR)
      detail::throw_errno("read");
  }
}

/// Writes some of data to the non-blocking fd, waiting until it is
/// writable. Returns how many bytes were written. Sockets are written with
/// MSG_NOSIGNAL: a closed peer gives EPIPE as an exception, not SIGPIPE.
inline task<std::size_t> write_some(int fd, std::string_view data) {
  for (;;) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == ENOTSOCK)
      n = ::write(fd, data.data(), data.size());
    if (n >= 0)
      co_return static_cast<std::size_t>(n);
    if (errno == EAGAIN || errno == EWOULDBLOCK)
      co_await wait_writable(fd);
    else if (errno != EINTR)
      detail::throw_errno("write");
  }
}

/// Writes all of data (asyncio's sock_sendall).
inline task<> write_all(int fd, std::string_view data) {
  while (!data.empty())
    data.remove_prefix(co_await write_some(fd, data));
}

/// Reads until end of file or until max_bytes were read.
inline task<std::string> read_to_end(int fd, std::size_t max_bytes = 1 << 20) {
  std::string out;
  char buffer[4096];
  while (out.size() < max_bytes) {
    std::size_t n = co_await read_some(fd, buffer);
    if (n == 0)
      break;
    out.append(buffer, n);
  }
  co_return out;
}

/// A listening TCP socket (non-blocking) on host:port; port 0 picks a free
/// one, see local_port(). host is a numeric IPv4 address.
inline unique_fd listen_tcp(std::string_view host = "127.0.0.1",
                            std::uint16_t port = 0, int backlog = 128) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  std::string host_z(host);
  if (::inet_pton(AF_INET, host_z.c_str(), &addr.sin_addr) != 1)
    throw std::invalid_argument("aio::listen_tcp: not an IPv4 address: " + host_z);
  unique_fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd)
    detail::throw_errno("socket");
  int one = 1;
  (void)::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(fd.get(), reinterpret_cast<sockaddr *>(&addr), sizeof addr) < 0)
    detail::throw_errno("bind");
  if (::listen(fd.get(), backlog) < 0)
    detail::throw_errno("listen");
  return fd;
}

/// The local port a socket is bound to.
inline std::uint16_t local_port(int fd) {
  sockaddr_in addr{};
  socklen_t len = sizeof addr;
  if (::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) < 0)
    detail::throw_errno("getsockname");
  return ntohs(addr.sin_port);
}

/// Accepts one connection on a listening socket; the new socket is
/// non-blocking.
inline task<unique_fd> accept(int listen_fd) {
  for (;;) {
    int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0)
      co_return unique_fd(fd);
    if (errno == EAGAIN || errno == EWOULDBLOCK)
      co_await wait_readable(listen_fd);
    else if (errno != EINTR && errno != ECONNABORTED)
      detail::throw_errno("accept");
  }
}

/// Connects a new non-blocking TCP socket to host:port (numeric IPv4).
inline task<unique_fd> connect_tcp(std::string host, std::uint16_t port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  if (::inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1)
    throw std::invalid_argument("aio::connect_tcp: not an IPv4 address: " + host);
  unique_fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd)
    detail::throw_errno("socket");
  if (::connect(fd.get(), reinterpret_cast<sockaddr *>(&addr), sizeof addr) < 0) {
    if (errno != EINPROGRESS)
      detail::throw_errno("connect");
    co_await wait_writable(fd.get());
    int error = 0;
    socklen_t len = sizeof error;
    if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &len) < 0)
      detail::throw_errno("getsockopt(SO_ERROR)");
    if (error != 0)
      throw std::system_error(error, std::generic_category(), "connect");
  }
  co_return fd;
}

/// Shuts down the sending side of a socket, so the peer reads end of file.
inline void shutdown_write(int fd) {
  if (::shutdown(fd, SHUT_WR) < 0)
    detail::throw_errno("shutdown");
}

} // namespace aio
