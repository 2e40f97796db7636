// aio::to_thread: blocking work on worker threads, results and exceptions
// back on the loop, and thread-safe wake-ups under load.
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace aio_test;

namespace {

int blocking_square(int x) {
  std::this_thread::sleep_for(5ms);
  return x * x;
}

} // namespace

TEST(ToThread, ReturnsTheResult) {
  EXPECT_EQ(aio::run(aio::to_thread(blocking_square, 7)), 49);
}

TEST(ToThread, RunsOnAnotherThreadAndResumesOnTheLoopThread) {
  auto loop_thread = std::this_thread::get_id();
  aio::run([](std::thread::id loop_thread) -> aio::task<> {
    auto worker = co_await aio::to_thread([] { return std::this_thread::get_id(); });
    EXPECT_NE(worker, loop_thread);
    EXPECT_EQ(std::this_thread::get_id(), loop_thread);
  }(loop_thread));
}

TEST(ToThread, RethrowsTheException) {
  EXPECT_THROW(aio::run(aio::to_thread([] { throw std::runtime_error("io"); })),
               std::runtime_error);
}

TEST(ToThread, MoveOnlyArgumentsAndStdRef) {
  int target = 0;
  int got = aio::run([](int &target) -> aio::task<int> {
    co_await aio::to_thread([](int &t) { t = 5; }, std::ref(target));
    co_return co_await aio::to_thread(
        [](std::unique_ptr<int> p) { return *p; }, std::make_unique<int>(9));
  }(target));
  EXPECT_EQ(target, 5);
  EXPECT_EQ(got, 9);
}

TEST(ToThread, LoopKeepsRunningWhileAWorkerBlocks) {
  int ticks = aio::run([]() -> aio::task<int> {
    auto ticker = aio::create_task([]() -> aio::task<int> {
      int n = 0;
      for (; n < 5; ++n)
        co_await aio::sleep(5ms);
      co_return n;
    }());
    co_await aio::to_thread([] { std::this_thread::sleep_for(60ms); });
    co_return co_await ticker;
  }());
  EXPECT_EQ(ticks, 5);
}

TEST(ToThread, CallsRunInParallel) {
  auto start = clock::now();
  aio::run([]() -> aio::task<> {
    (void)co_await aio::gather(
        aio::to_thread([] { std::this_thread::sleep_for(50ms); }),
        aio::to_thread([] { std::this_thread::sleep_for(50ms); }),
        aio::to_thread([] { std::this_thread::sleep_for(50ms); }));
  }());
  EXPECT_LT(elapsed_ms(start), 125); // about 50, far from the sum (150)
}

// Many completions race to wake the loop from several threads at once.
TEST(ToThread, ManyConcurrentWakeUps) {
  constexpr int n = 2000;
  std::atomic<int> ran{0};
  long long sum = aio::run([](std::atomic<int> &ran) -> aio::task<long long> {
    std::vector<aio::task<int>> calls;
    for (int i = 0; i < n; ++i)
      calls.push_back(aio::to_thread([&ran, i] {
        ran.fetch_add(1, std::memory_order_relaxed);
        return i;
      }));
    auto results = co_await aio::gather(std::move(calls));
    long long sum = 0;
    for (int r : results)
      sum += r;
    co_return sum;
  }(ran));
  EXPECT_EQ(ran.load(), n);
  EXPECT_EQ(sum, static_cast<long long>(n) * (n - 1) / 2);
}

TEST(ToThread, CancelledWaitResumesAtOnceAndRunWaitsForTheWorker) {
  auto finished = std::make_shared<std::atomic<bool>>(false);
  auto start = clock::now();
  double cancelled_after = 0;
  aio::run([](std::shared_ptr<std::atomic<bool>> finished, clock::time_point start,
              double &cancelled_after) -> aio::task<> {
    EXPECT_THROW(co_await aio::wait_for(aio::to_thread([finished] {
                                          std::this_thread::sleep_for(200ms);
                                          finished->store(true);
                                        }),
                                        10ms),
                 aio::timeout_error);
    cancelled_after = elapsed_ms(start);
  }(finished, start, cancelled_after));
  EXPECT_LT(cancelled_after, 150); // timed out after 10 ms, not after 200
  EXPECT_TRUE(finished->load()); // aio::run joined the worker
}
