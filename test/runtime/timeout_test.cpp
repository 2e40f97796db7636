// aio::timeout: results in time; at the deadline the calling task itself is
// cancelled and the cancellation becomes timeout_error.
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace aio_test;

TEST(Timeout, ReturnsTheResultInTime) {
  EXPECT_EQ(aio::run([]() -> aio::task<int> {
              co_return co_await aio::timeout(std::chrono::seconds(30),
                                              []() -> aio::task<int> {
                                                co_await yield_steps();
                                                co_return 4;
                                              }());
            }()),
            4);
}

TEST(Timeout, RunsInTheCallingTaskWithoutSpawning) {
  // A guard taken inside timeout() is returned to the caller, like a plain
  // co_await (wait_for would take it in a spawned task).
  aio::run([]() -> aio::task<> {
    aio::mutex m;
    auto g = co_await aio::timeout(std::chrono::seconds(30),
                                   [](aio::mutex &m) -> aio::task<aio::mutex::guard> {
                                     co_return co_await m.lock();
                                   }(m));
    EXPECT_TRUE(g.owns_lock());
  }());
}

TEST(Timeout, DeadlineCancelsTheAwaitAndThrowsTimeoutError) {
  std::vector<std::string> log;
  auto start = clock::now();
  aio::run([](std::vector<std::string> &log) -> aio::task<> {
    try {
      co_await aio::timeout(std::chrono::milliseconds(5),
                            [](std::vector<std::string> &log) -> aio::task<> {
                              try {
                                co_await aio::sleep(std::chrono::hours(1));
                              } catch (const aio::cancelled_error &) {
                                log.push_back("inner cancelled");
                                throw;
                              }
                            }(log));
    } catch (const aio::timeout_error &) {
      log.push_back("timeout_error");
    }
    // The deadline's cancellation was used up: the next await is normal.
    co_await yield_steps(1);
    log.push_back("next await fine");
  }(log));
  EXPECT_EQ(log, (std::vector<std::string>{"inner cancelled", "timeout_error",
                                           "next await fine"}));
  EXPECT_LT(elapsed_ms(start), 30'000); // the hour was not slept
}

TEST(Timeout, BoundsAWaitOnAPrimitive) {
  aio::run([]() -> aio::task<> {
    aio::event never;
    EXPECT_THROW(co_await aio::timeout(std::chrono::milliseconds(5), never.wait()),
                 aio::timeout_error);
  }());
}

TEST(Timeout, ExternalCancellationPassesThrough) {
  aio::run([]() -> aio::task<> {
    auto h = aio::create_task([]() -> aio::task<> {
      co_await aio::timeout(std::chrono::hours(1), aio::sleep(std::chrono::hours(1)));
    }());
    co_await yield_steps();
    h.cancel();
    EXPECT_THROW(co_await h, aio::cancelled_error); // not timeout_error
  }());
}

TEST(Timeout, DeadlinePassingAfterTheAwaitCompletedDoesNotLeakACancellation) {
  // The event is set (the waiter is handed its wake-up), then the loop is
  // blocked past the deadline before the waiter resumes: the deadline fires
  // into a task that is no longer waiting. wait() still returns, timeout()
  // returns normally, and its cancellation must not hit the next await.
  std::vector<std::string> log;
  aio::run([](std::vector<std::string> &log) -> aio::task<> {
    aio::event e;
    auto setter = aio::create_task([](aio::event &e) -> aio::task<> {
      e.set();
      std::this_thread::sleep_for(std::chrono::milliseconds(400));
      co_return;
    }(e));
    co_await aio::timeout(std::chrono::milliseconds(200), e.wait());
    log.push_back("waited");
    co_await yield_steps(1);
    log.push_back("next await fine");
    co_await setter;
  }(log));
  EXPECT_EQ(log, (std::vector<std::string>{"waited", "next await fine"}));
}
