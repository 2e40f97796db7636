// Lesson 2: concurrent requests take as long as the slowest, not the sum.
//
// The asyncio original (the classic aiohttp example, here against a local
// server so the lesson needs no network):
//
//   async def fetch(delay):
//       reader, writer = await asyncio.open_connection('127.0.0.1', port)
//       writer.write(f'{delay}\n'.encode()); await writer.drain()
//       return await reader.read()
//
//   for d in (1, 2, 3):                               # sequential: 1+2+3 = 6 s
//       await fetch(d)
//   await asyncio.gather(fetch(1), fetch(2), fetch(3))  # concurrent: ~3 s
//
// The server answers each request after the delay it names, with aio::sleep,
// so it too serves all clients at once on the same loop. The program exits
// non-zero unless the sequential round takes about the sum of the delays and
// the gathered round about the largest one (at most 1.5 times it).
#include "lesson.hpp"

#include <aio/aio.hpp>

#include <cstdio>
#include <string>

namespace {

/// Reads "<units>" and answers "slept <units>" after that many units.
aio::task<> serve_one(aio::unique_fd conn) {
  std::string request = co_await aio::read_to_end(conn.get(), 64);
  double units = std::stod(request);
  co_await aio::sleep(units * lesson::unit);
  co_await aio::write_all(conn.get(), "slept " + request);
}

aio::task<> serve(int listen_fd) {
  for (;;) // runs until aio::run cancels it at the end
    aio::create_task(serve_one(co_await aio::accept(listen_fd))).detach();
}

aio::task<std::string> fetch(std::uint16_t port, int units) {
  aio::unique_fd fd = co_await aio::connect_tcp("127.0.0.1", port);
  co_await aio::write_all(fd.get(), std::to_string(units));
  aio::shutdown_write(fd.get()); // the request is complete
  co_return co_await aio::read_to_end(fd.get());
}

aio::task<bool> lesson_main() {
  aio::unique_fd listener = aio::listen_tcp("127.0.0.1", 0);
  std::uint16_t port = aio::local_port(listener.get());
  aio::create_task(serve(listener.get()), "server").detach();

  lesson::stopwatch sequential;
  for (int units : {1, 2, 3})
    std::printf("  %s\n", (co_await fetch(port, units)).c_str());
  double sequential_units = sequential.units();

  lesson::stopwatch gathered;
  auto [a, b, c] = co_await aio::gather(fetch(port, 1), fetch(port, 2), fetch(port, 3));
  std::printf("  %s, %s, %s\n", a.c_str(), b.c_str(), c.c_str());
  double gathered_units = gathered.units();

  bool ok = lesson::expect_between("requests 1, 2, 3 one after another", sequential_units,
                                   6, 9);
  ok &= lesson::expect_between("requests 1, 2, 3 with gather", gathered_units, 3, 4.5);
  std::printf("%-40s %5.2fx\n", "speed-up", sequential_units / gathered_units);
  co_return ok;
}

} // namespace

int main() { return aio::run(lesson_main()) ? 0 : 1; }
