// aio::sleep: suspends without blocking the thread, in deadline order.
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace aio_test;

namespace {

aio::task<> sleep_then_log(std::chrono::milliseconds d, int id, std::vector<int> &log) {
  co_await aio::sleep(d);
  log.push_back(id);
}

} // namespace

TEST(Sleep, WakesInDeadlineOrder) {
  std::vector<int> log;
  aio::run([](std::vector<int> &log) -> aio::task<> {
    auto a = aio::create_task(sleep_then_log(30ms, 3, log));
    auto b = aio::create_task(sleep_then_log(10ms, 1, log));
    auto c = aio::create_task(sleep_then_log(20ms, 2, log));
    co_await a;
    co_await b;
    co_await c;
  }(log));
  EXPECT_EQ(log, (std::vector<int>{1, 2, 3}));
}

TEST(Sleep, EqualDeadlinesWakeInCreationOrder) {
  std::vector<int> log;
  aio::run([](std::vector<int> &log) -> aio::task<> {
    std::vector<aio::task_handle<>> hs;
    for (int i = 0; i < 5; ++i)
      hs.push_back(aio::create_task(sleep_then_log(0ms, i, log)));
    for (auto &h : hs)
      co_await h;
  }(log));
  EXPECT_EQ(log, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(Sleep, SleepsAtLeastTheDelay) {
  auto start = clock::now();
  aio::run(aio::sleep(20ms));
  EXPECT_GE(elapsed_ms(start), 20);
}

TEST(Sleep, ZeroYieldsToOtherTasks) {
  std::vector<std::string> log;
  auto worker = [](std::string name, std::vector<std::string> &log) -> aio::task<> {
    for (int i = 0; i < 2; ++i) {
      log.push_back(name + std::to_string(i));
      co_await aio::sleep(0ms);
    }
  };
  aio::run([](auto worker, std::vector<std::string> &log) -> aio::task<> {
    auto a = aio::create_task(worker("a", log));
    auto b = aio::create_task(worker("b", log));
    co_await a;
    co_await b;
  }(worker, log));
  EXPECT_EQ(log, (std::vector<std::string>{"a0", "b0", "a1", "b1"}));
}

TEST(Sleep, DoesNotBlockOtherTasks) {
  auto start = clock::now();
  aio::run([]() -> aio::task<> {
    auto a = aio::create_task(aio::sleep(50ms));
    auto b = aio::create_task(aio::sleep(50ms));
    auto c = aio::create_task(aio::sleep(50ms));
    co_await a;
    co_await b;
    co_await c;
  }());
  EXPECT_LT(elapsed_ms(start), 125); // about 50, far from the sum (150)
}

TEST(Sleep, CancellationEndsTheSleepEarly) {
  auto start = clock::now();
  aio::run([]() -> aio::task<> {
    auto h = aio::create_task(aio::sleep(1h));
    co_await aio::sleep(1ms);
    h.cancel();
    EXPECT_THROW(co_await h, aio::cancelled_error);
  }());
  EXPECT_LT(elapsed_ms(start), 1000);
}
