// aio::task<T>: laziness, results, exceptions, and deep await chains.
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using namespace aio_test;

namespace {

aio::task<int> answer() { co_return 42; }

aio::task<> append(std::vector<std::string> &log, std::string what) {
  log.push_back(what);
  co_return;
}

aio::task<int> fail() {
  throw std::runtime_error("boom");
  co_return 0;
}

aio::task<int> depth(int n) {
  if (n == 0)
    co_return 0;
  co_return 1 + co_await depth(n - 1);
}

aio::task<> void_depth(int n, int &reached) {
  if (n == 0) {
    reached = 1;
    co_return;
  }
  co_await void_depth(n - 1, reached);
  ++reached;
}

} // namespace

TEST(Task, BodyDoesNotRunUntilAwaited) {
  std::vector<std::string> log;
  aio::run([](std::vector<std::string> &log) -> aio::task<> {
    auto t = append(log, "child");
    log.push_back("created");
    co_await t;
    log.push_back("awaited");
  }(log));
  EXPECT_EQ(log, (std::vector<std::string>{"created", "child", "awaited"}));
}

TEST(Task, AwaitReturnsTheValue) {
  EXPECT_EQ(aio::run([]() -> aio::task<int> { co_return 1 + co_await answer(); }()),
            43);
}

TEST(Task, MoveOnlyResult) {
  auto p = aio::run([]() -> aio::task<std::unique_ptr<int>> {
    co_return std::make_unique<int>(7);
  }());
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, 7);
}

TEST(Task, ExceptionPropagatesToTheAwaiter) {
  bool caught = false;
  aio::run([](bool &caught) -> aio::task<> {
    try {
      (void)co_await fail();
    } catch (const std::runtime_error &e) {
      caught = std::string(e.what()) == "boom";
    }
  }(caught));
  EXPECT_TRUE(caught);
}

TEST(Task, ExceptionPropagatesOutOfRun) {
  EXPECT_THROW((void)aio::run(fail()), std::runtime_error);
}

TEST(Task, AwaitingTwiceIsAnError) {
  EXPECT_THROW(aio::run([]() -> aio::task<> {
                 auto t = answer();
                 (void)co_await t;
                 (void)co_await t;
               }()),
               std::logic_error);
}

TEST(Task, AwaitingAnEmptyTaskIsAnError) {
  EXPECT_THROW(aio::run([]() -> aio::task<> {
                 aio::task<int> empty;
                 (void)co_await empty;
               }()),
               std::logic_error);
}

TEST(Task, MoveTransfersOwnership) {
  aio::task<int> a = answer();
  aio::task<int> b = std::move(a);
  EXPECT_FALSE(a.valid());
  EXPECT_TRUE(b.valid());
  EXPECT_EQ(aio::run(std::move(b)), 42);
}

// Symmetric transfer: neither descending into nor returning from 100,000
// nested awaits may grow the stack (8 MiB would not hold the frames).
TEST(Task, DeepAwaitChainDoesNotOverflowTheStack) {
  EXPECT_EQ(aio::run(depth(100'000)), 100'000);
}

TEST(Task, DeepVoidAwaitChainDoesNotOverflowTheStack) {
  int reached = 0;
  aio::run(void_depth(100'000, reached));
  EXPECT_EQ(reached, 100'001);
}

TEST(Task, NeverAwaitedTaskIsReportedInDebugMode) {
  debug_capture debug;
  { auto t = answer(); }
  ASSERT_EQ(debug.count(aio::debug_event::never_awaited), 1u);
  // The report names the coroutine function.
  EXPECT_NE(debug.reports[0].message.find("answer"), std::string::npos)
      << debug.reports[0].message;
}

TEST(Task, AwaitedTaskIsNotReported) {
  debug_capture debug;
  EXPECT_EQ(aio::run(answer()), 42);
  EXPECT_TRUE(debug.reports.empty());
}

TEST(Task, NothingIsReportedWithoutDebugMode) {
  debug_capture debug;
  aio::set_debug(false);
  { auto t = answer(); }
  EXPECT_TRUE(debug.reports.empty());
}
