// aio::as_completed: results in the order they finish, exceptions, and
// cancellation of the consumer and of the abandoned rest.
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

using namespace aio_test;

namespace {

aio::task<int> after_steps(int steps, int value) {
  co_await yield_steps(steps);
  co_return value;
}

aio::task<int> fail_after_steps(int steps) {
  co_await yield_steps(steps);
  throw std::runtime_error("failed");
}

} // namespace

TEST(AsCompleted, ResultsComeInTheOrderTheyFinish) {
  std::vector<int> got;
  aio::run([](std::vector<int> &got) -> aio::task<> {
    std::vector<aio::task<int>> ts;
    ts.push_back(after_steps(6, 3));
    ts.push_back(after_steps(2, 1));
    ts.push_back(after_steps(4, 2));
    auto done = aio::as_completed(std::move(ts));
    EXPECT_EQ(done.remaining(), 3u);
    while (!done.empty())
      got.push_back(co_await done.next());
    EXPECT_THROW((void)done.next(), std::logic_error);
  }(got));
  EXPECT_EQ(got, (std::vector<int>{1, 2, 3}));
}

TEST(AsCompleted, AnExceptionIsRethrownInItsTurnAndTheRestStillCome) {
  aio::run([]() -> aio::task<> {
    std::vector<aio::task<int>> ts;
    ts.push_back(after_steps(4, 2));
    ts.push_back(fail_after_steps(1));
    auto done = aio::as_completed(std::move(ts));
    EXPECT_THROW((void)co_await done.next(), std::runtime_error);
    EXPECT_EQ(co_await done.next(), 2);
  }());
}

TEST(AsCompleted, AcceptsHandlesAndFinishedOnes) {
  aio::run([]() -> aio::task<> {
    auto h = aio::create_task(after_steps(0, 5));
    co_await h; // already finished when as_completed sees it
    std::vector<aio::task_handle<int>> hs{h, aio::create_task(after_steps(2, 6))};
    auto done = aio::as_completed(std::move(hs));
    EXPECT_EQ(co_await done.next(), 5);
    EXPECT_EQ(co_await done.next(), 6);
  }());
}

TEST(AsCompleted, CancellingTheConsumerEndsOnlyItsWait) {
  aio::run([]() -> aio::task<> {
    std::vector<aio::task<int>> ts;
    ts.push_back(after_steps(8, 1));
    auto done = aio::as_completed(std::move(ts));
    auto consumer = aio::create_task(
        [](aio::completion_order<int> &done) -> aio::task<int> {
          co_return co_await done.next();
        }(done));
    co_await yield_steps(2);
    consumer.cancel();
    EXPECT_THROW((void)co_await consumer, aio::cancelled_error);
    EXPECT_EQ(co_await done.next(), 1); // still running, still delivered
  }());
}

TEST(AsCompleted, DestroyingItCancelsWhatIsStillRunning) {
  std::vector<std::string> log;
  debug_capture debug;
  aio::run([](std::vector<std::string> &log) -> aio::task<> {
    auto slow = [](std::vector<std::string> &log) -> aio::task<int> {
      try {
        co_await aio::sleep(std::chrono::hours(1));
      } catch (const aio::cancelled_error &) {
        log.push_back("slow cancelled");
        throw;
      }
      co_return 0;
    };
    {
      std::vector<aio::task<int>> ts;
      ts.push_back(after_steps(1, 1));
      ts.push_back(slow(log));
      auto done = aio::as_completed(std::move(ts));
      EXPECT_EQ(co_await done.next(), 1); // the fastest is enough
    }
    co_await yield_steps();
  }(log));
  EXPECT_EQ(log, (std::vector<std::string>{"slow cancelled"}));
  EXPECT_EQ(debug.count(aio::debug_event::exception_never_retrieved), 0u);
}
