// aio::run: results, errors reported instead of hangs, and the shutdown of
// tasks that are still running when the main task returns.
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>

using namespace aio_test;

TEST(Run, ReturnsTheResult) {
  EXPECT_EQ(aio::run([]() -> aio::task<std::string> { co_return "done"; }()),
            "done");
}

TEST(Run, CanRunAgainAfterwards) {
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(aio::run([](int i) -> aio::task<int> {
                co_await aio::sleep(1ms);
                co_return i;
              }(i)),
              i);
}

TEST(Run, NestedRunIsReportedNotAHang) {
  bool reported = false;
  aio::run([](bool &reported) -> aio::task<> {
    try {
      aio::run([]() -> aio::task<> { co_return; }());
    } catch (const std::logic_error &e) {
      reported = std::string(e.what()).find("running event loop") != std::string::npos;
    }
    co_return;
  }(reported));
  EXPECT_TRUE(reported);
}

TEST(Run, DeadlockIsReportedNotAHang) {
  // A task that waits for itself can never finish.
  auto body = []() -> aio::task<> {
    auto self = std::make_shared<aio::task_handle<>>();
    *self = aio::create_task([](std::shared_ptr<aio::task_handle<>> self) -> aio::task<> {
      co_await *self;
    }(self));
    co_await *self;
  };
  try {
    aio::run(body());
    FAIL() << "expected std::logic_error";
  } catch (const std::logic_error &e) {
    EXPECT_NE(std::string(e.what()).find("deadlock"), std::string::npos) << e.what();
  }
}

TEST(Run, LeftoverTasksAreCancelledWhenMainReturns) {
  auto cleaned_up = std::make_shared<bool>(false);
  auto start = clock::now();
  aio::run([](std::shared_ptr<bool> cleaned_up) -> aio::task<> {
    aio::create_task([](std::shared_ptr<bool> cleaned_up) -> aio::task<> {
      try {
        co_await aio::sleep(1h);
      } catch (const aio::cancelled_error &) {
        *cleaned_up = true;
        throw;
      }
    }(cleaned_up)).detach();
    co_await aio::sleep(1ms);
  }(cleaned_up));
  EXPECT_TRUE(*cleaned_up);
  EXPECT_LT(elapsed_ms(start), 1000);
}

TEST(Run, LeftoverTaskMayAwaitDuringItsCleanup) {
  auto steps = std::make_shared<int>(0);
  aio::run([](std::shared_ptr<int> steps) -> aio::task<> {
    aio::create_task([](std::shared_ptr<int> steps) -> aio::task<> {
      try {
        co_await aio::sleep(1h);
      } catch (const aio::cancelled_error &) {
        ++*steps;
      }
      co_await aio::sleep(1ms); // cleanup that awaits
      ++*steps;
    }(steps)).detach();
    co_await aio::sleep(0ms);
  }(steps));
  EXPECT_EQ(*steps, 2);
}
