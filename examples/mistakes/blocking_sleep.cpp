// Mistake 1: a blocking call inside a coroutine.
//
// Python: `time.sleep(1)` inside `async def` stalls the event loop.
// C++:    `std::this_thread::sleep_for` inside a coroutine does the same: no
//         other task on the loop runs until the thread wakes up.
// Fix:    `co_await aio::sleep(...)`, or move blocking work to a worker thread
//         with `co_await aio::to_thread(...)`.
#include <aio/aio.hpp>

#include <chrono>
#include <cstdio>
#include <thread>

using namespace std::chrono_literals;

aio::task<int> poll_sensor(int id) {
  std::this_thread::sleep_for(50ms); // async-blocking-call
  co_return id * 10;
}

aio::task<int> poll_sensor_fixed(int id) {
  co_await aio::sleep(50ms);
  co_return id * 10;
}

int main() {
  int Total = aio::run([]() -> aio::task<int> {
    auto [A, B] = co_await aio::gather(poll_sensor(1), poll_sensor_fixed(2));
    co_return A + B;
  }());
  std::printf("%d\n", Total);
}
