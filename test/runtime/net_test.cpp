// Readiness-based I/O: pipes and loopback TCP without blocking the loop.
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

using namespace aio_test;

namespace {

struct pipe_fds {
  aio::unique_fd read, write;
};

pipe_fds make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0)
    throw std::system_error(errno, std::generic_category(), "pipe2");
  return {aio::unique_fd(fds[0]), aio::unique_fd(fds[1])};
}

aio::task<> echo_once(int listen_fd) {
  aio::unique_fd conn = co_await aio::accept(listen_fd);
  std::string data = co_await aio::read_to_end(conn.get());
  co_await aio::write_all(conn.get(), "echo:" + data);
}

aio::task<std::string> request(std::uint16_t port, std::string body) {
  aio::unique_fd fd = co_await aio::connect_tcp("127.0.0.1", port);
  co_await aio::write_all(fd.get(), body);
  aio::shutdown_write(fd.get());
  co_return co_await aio::read_to_end(fd.get());
}

} // namespace

TEST(Net, ReadWaitsForDataWithoutBlockingTheLoop) {
  auto p = make_pipe();
  std::vector<std::string> log;
  aio::run([](pipe_fds &p, std::vector<std::string> &log) -> aio::task<> {
    auto reader = aio::create_task([](int fd, std::vector<std::string> &log) -> aio::task<> {
      char buf[16];
      std::size_t n = co_await aio::read_some(fd, buf);
      log.push_back("read " + std::string(buf, n));
    }(p.read.get(), log));
    co_await aio::sleep(5ms);
    log.push_back("writing");
    co_await aio::write_all(p.write.get(), "hi");
    co_await reader;
  }(p, log));
  EXPECT_EQ(log, (std::vector<std::string>{"writing", "read hi"}));
}

TEST(Net, ReadReturnsZeroAtEndOfFile) {
  auto p = make_pipe();
  p.write.reset();
  char buf[4];
  EXPECT_EQ(aio::run(aio::read_some(p.read.get(), buf)), 0u);
}

TEST(Net, LargeWriteWaitsForTheReader) {
  auto p = make_pipe();
  std::string big(1 << 20, 'x'); // far more than a pipe buffer
  std::string got = aio::run([](pipe_fds &p, const std::string &big) -> aio::task<std::string> {
    auto writer = aio::create_task([](pipe_fds &p, const std::string &big) -> aio::task<> {
      co_await aio::write_all(p.write.get(), big);
      p.write.reset();
    }(p, big));
    std::string got = co_await aio::read_to_end(p.read.get(), big.size() + 1);
    co_await writer;
    co_return got;
  }(p, big));
  EXPECT_EQ(got, big);
}

TEST(Net, LoopbackAcceptAndConnect) {
  auto listener = aio::listen_tcp();
  auto port = aio::local_port(listener.get());
  ASSERT_NE(port, 0);
  auto reply = aio::run([](int listen_fd, std::uint16_t port) -> aio::task<std::string> {
    auto server = aio::create_task(echo_once(listen_fd));
    std::string reply = co_await request(port, "ping");
    co_await server;
    co_return reply;
  }(listener.get(), port));
  EXPECT_EQ(reply, "echo:ping");
}

TEST(Net, ManyConcurrentConnections) {
  auto listener = aio::listen_tcp();
  auto port = aio::local_port(listener.get());
  auto replies = aio::run([](int listen_fd, std::uint16_t port) -> aio::task<std::vector<std::string>> {
    constexpr int n = 50;
    auto server = aio::create_task([](int listen_fd) -> aio::task<> {
      std::vector<aio::task_handle<>> sessions;
      for (int i = 0; i < n; ++i)
        sessions.push_back(aio::create_task(echo_once(listen_fd)));
      for (auto &s : sessions)
        co_await s;
    }(listen_fd));
    std::vector<aio::task<std::string>> requests;
    for (int i = 0; i < n; ++i)
      requests.push_back(request(port, std::to_string(i)));
    auto replies = co_await aio::gather(std::move(requests));
    co_await server;
    co_return replies;
  }(listener.get(), port));
  ASSERT_EQ(replies.size(), 50u);
  for (int i = 0; i < 50; ++i)
    EXPECT_EQ(replies[i], "echo:" + std::to_string(i));
}

TEST(Net, ConnectToAClosedPortThrows) {
  std::uint16_t port;
  {
    auto listener = aio::listen_tcp();
    port = aio::local_port(listener.get());
  } // closed: nobody listens there now
  EXPECT_THROW((void)aio::run(aio::connect_tcp("127.0.0.1", port)), std::system_error);
}

TEST(Net, PendingReadCanBeCancelled) {
  auto p = make_pipe();
  auto start = clock::now();
  char buf[4];
  EXPECT_THROW((void)aio::run(aio::wait_for(aio::read_some(p.read.get(), buf), 5ms)),
               aio::timeout_error);
  EXPECT_LT(elapsed_ms(start), 500);
  // The descriptor can be waited on again afterwards.
  EXPECT_EQ(aio::run([](pipe_fds &p) -> aio::task<std::size_t> {
              co_await aio::write_all(p.write.get(), "z");
              char again[4];
              co_return co_await aio::read_some(p.read.get(), again);
            }(p)),
            1u);
}

TEST(Net, TwoReadersOnOneDescriptorIsAnError) {
  auto p = make_pipe();
  EXPECT_THROW(aio::run([](int fd) -> aio::task<> {
                 auto first = aio::create_task(aio::wait_readable(fd));
                 co_await aio::sleep(1ms);
                 try {
                   co_await aio::wait_readable(fd);
                 } catch (...) {
                   first.cancel();
                   throw;
                 }
               }(p.read.get())),
               std::logic_error);
}
