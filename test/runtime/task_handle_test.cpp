// aio::create_task and aio::task_handle: concurrency, results, exceptions,
// cancellation, detach, and many concurrent tasks.
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using namespace aio_test;

namespace {

aio::task<int> after(std::chrono::milliseconds delay, int value,
                     std::vector<int> *log = nullptr) {
  co_await aio::sleep(delay);
  if (log)
    log->push_back(value);
  co_return value;
}

aio::task<int> fail_after(std::chrono::milliseconds delay) {
  co_await aio::sleep(delay);
  throw std::runtime_error("task failed");
}

} // namespace

TEST(CreateTask, StartsOnTheNextLoopStepNotImmediately) {
  std::vector<std::string> log;
  aio::run([](std::vector<std::string> &log) -> aio::task<> {
    auto h = aio::create_task([](std::vector<std::string> &log) -> aio::task<> {
      log.push_back("task");
      co_return;
    }(log));
    log.push_back("creator");
    co_await h;
    log.push_back("awaited");
  }(log));
  EXPECT_EQ(log, (std::vector<std::string>{"creator", "task", "awaited"}));
}

TEST(CreateTask, TasksRunConcurrently) {
  auto start = clock::now();
  int sum = aio::run([]() -> aio::task<int> {
    auto a = aio::create_task(after(60ms, 1));
    auto b = aio::create_task(after(60ms, 2));
    auto c = aio::create_task(after(60ms, 3));
    int x = co_await a;
    int y = co_await b;
    int z = co_await c;
    co_return x + y + z;
  }());
  EXPECT_EQ(sum, 6);
  EXPECT_LT(elapsed_ms(start), 150); // about 60, far from the sum (180)
}

TEST(CreateTask, AwaitingTheHandleRethrows) {
  EXPECT_THROW(aio::run([]() -> aio::task<> {
                 auto h = aio::create_task(fail_after(1ms));
                 (void)co_await h;
               }()),
               std::runtime_error);
}

TEST(CreateTask, HandleCanBeAwaitedTwice) {
  EXPECT_EQ(aio::run([]() -> aio::task<int> {
              auto h = aio::create_task(after(1ms, 5));
              int a = co_await h;
              int b = co_await h;
              co_return a + b;
            }()),
            10);
}

TEST(CreateTask, MoveOnlyResultIsMovedOut) {
  auto p = aio::run([]() -> aio::task<std::unique_ptr<int>> {
    auto h = aio::create_task([]() -> aio::task<std::unique_ptr<int>> {
      co_return std::make_unique<int>(3);
    }());
    co_return co_await std::move(h);
  }());
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, 3);
}

TEST(CreateTask, DetachedAndDroppedTasksKeepRunning) {
  std::vector<int> log;
  aio::run([](std::vector<int> &log) -> aio::task<> {
    aio::create_task(after(5ms, 1, &log)).detach();
    { auto dropped = aio::create_task(after(10ms, 2, &log)); }
    co_await aio::sleep(30ms);
  }(log));
  EXPECT_EQ(log, (std::vector<int>{1, 2}));
}

TEST(CreateTask, CancelThrowsCancelledErrorInsideTheTask) {
  bool saw_cancel = false;
  aio::run([](bool &saw_cancel) -> aio::task<> {
    auto h = aio::create_task([](bool &saw_cancel) -> aio::task<> {
      try {
        co_await aio::sleep(1h);
      } catch (const aio::cancelled_error &) {
        saw_cancel = true;
        throw;
      }
    }(saw_cancel));
    co_await aio::sleep(1ms);
    h.cancel();
    EXPECT_THROW(co_await h, aio::cancelled_error);
    EXPECT_TRUE(h.cancelled());
  }(saw_cancel));
  EXPECT_TRUE(saw_cancel);
}

TEST(CreateTask, CancelBeforeStartSkipsTheBody) {
  bool ran = false;
  aio::run([](bool &ran) -> aio::task<> {
    auto h = aio::create_task([](bool &ran) -> aio::task<> {
      ran = true;
      co_return;
    }(ran));
    h.cancel();
    EXPECT_THROW(co_await h, aio::cancelled_error);
  }(ran));
  EXPECT_FALSE(ran);
}

TEST(CreateTask, TaskMaySwallowItsCancellation) {
  EXPECT_EQ(aio::run([]() -> aio::task<int> {
              auto h = aio::create_task([]() -> aio::task<int> {
                try {
                  co_await aio::sleep(1h);
                } catch (const aio::cancelled_error &) {
                  co_return -1;
                }
                co_return 0;
              }());
              co_await aio::sleep(1ms);
              h.cancel();
              co_return co_await h;
            }()),
            -1);
}

TEST(CreateTask, CancellingTheAwaiterCancelsTheAwaitedTask) {
  bool inner_cancelled = false;
  aio::run([](bool &inner_cancelled) -> aio::task<> {
    auto inner = aio::create_task([](bool &flag) -> aio::task<> {
      try {
        co_await aio::sleep(1h);
      } catch (const aio::cancelled_error &) {
        flag = true;
        throw;
      }
    }(inner_cancelled));
    auto outer = aio::create_task([](aio::task_handle<> inner) -> aio::task<> {
      co_await inner;
    }(inner));
    co_await aio::sleep(1ms);
    outer.cancel();
    EXPECT_THROW(co_await outer, aio::cancelled_error);
  }(inner_cancelled));
  EXPECT_TRUE(inner_cancelled);
}

TEST(CreateTask, OutsideALoopIsAnError) {
  EXPECT_THROW((void)aio::create_task(after(1ms, 1)), std::logic_error);
}

TEST(CreateTask, NamesTasks) {
  aio::run([]() -> aio::task<> {
    auto named = aio::create_task(after(0ms, 1), "fetcher");
    auto unnamed = aio::create_task(after(0ms, 2));
    EXPECT_EQ(named.name(), "fetcher");
    EXPECT_EQ(unnamed.name().rfind("Task-", 0), 0u);
    co_await named;
    co_await unnamed;
  }());
}

TEST(CreateTask, TenThousandSleepingTasksFinish) {
  constexpr int n = 10'000;
  auto start = clock::now();
  long long sum = aio::run([]() -> aio::task<long long> {
    std::vector<aio::task_handle<int>> handles;
    handles.reserve(n);
    for (int i = 0; i < n; ++i)
      handles.push_back(aio::create_task(after(50ms, i)));
    long long sum = 0;
    for (auto &h : handles)
      sum += co_await h;
    co_return sum;
  }());
  EXPECT_EQ(sum, static_cast<long long>(n) * (n - 1) / 2);
  // They sleep concurrently: far less than n * 50 ms.
  EXPECT_LT(elapsed_ms(start), 5000);
}
