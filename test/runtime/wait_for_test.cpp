// aio::wait_for: results in time, timeout_error and cancellation otherwise.
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace aio_test;

namespace {

aio::task<int> after(std::chrono::milliseconds delay, int value) {
  co_await aio::sleep(delay);
  co_return value;
}

} // namespace

TEST(WaitFor, ReturnsTheResultInTime) {
  EXPECT_EQ(aio::run(aio::wait_for(after(5ms, 3), 1s)), 3);
}

TEST(WaitFor, PropagatesTheException) {
  EXPECT_THROW(aio::run(aio::wait_for(
                   []() -> aio::task<int> { throw std::runtime_error("x"); co_return 0; }(),
                   1s)),
               std::runtime_error);
}

TEST(WaitFor, TimesOutAndCancelsTheAwaitedTask) {
  bool cleaned_up = false;
  auto start = clock::now();
  aio::run([](bool &cleaned_up) -> aio::task<> {
    auto slow = [](bool &cleaned_up) -> aio::task<> {
      try {
        co_await aio::sleep(1h);
      } catch (const aio::cancelled_error &) {
        cleaned_up = true;
        throw;
      }
    };
    EXPECT_THROW(co_await aio::wait_for(slow(cleaned_up), 10ms), aio::timeout_error);
    // wait_for waited until the cancellation had finished.
    EXPECT_TRUE(cleaned_up);
  }(cleaned_up));
  EXPECT_TRUE(cleaned_up);
  EXPECT_LT(elapsed_ms(start), 500);
}

TEST(WaitFor, TaskThatSwallowsTheCancellationReturnsItsResult) {
  EXPECT_EQ(aio::run(aio::wait_for(
                []() -> aio::task<int> {
                  try {
                    co_await aio::sleep(1h);
                  } catch (const aio::cancelled_error &) {
                  }
                  co_return 9;
                }(),
                5ms)),
            9);
}

TEST(WaitFor, TimeoutCancelsAHandleToo) {
  aio::run([]() -> aio::task<> {
    auto h = aio::create_task(after(1h, 1));
    EXPECT_THROW((void)co_await aio::wait_for(h, 5ms), aio::timeout_error);
    EXPECT_TRUE(h.done());
    EXPECT_TRUE(h.cancelled());
  }());
}

TEST(WaitFor, AcceptsAnyAwaitable) {
  auto start = clock::now();
  EXPECT_THROW(aio::run(aio::wait_for(aio::sleep(1h), 5ms)), aio::timeout_error);
  EXPECT_LT(elapsed_ms(start), 500);
}

TEST(WaitFor, CancellingTheWaiterCancelsTheAwaited) {
  bool inner_cancelled = false;
  aio::run([](bool &inner_cancelled) -> aio::task<> {
    auto inner = [](bool &flag) -> aio::task<> {
      try {
        co_await aio::sleep(1h);
      } catch (const aio::cancelled_error &) {
        flag = true;
        throw;
      }
    };
    auto h = aio::create_task(aio::wait_for(inner(inner_cancelled), 1h));
    co_await aio::sleep(1ms);
    h.cancel();
    EXPECT_THROW(co_await h, aio::cancelled_error); // not timeout_error
  }(inner_cancelled));
  EXPECT_TRUE(inner_cancelled);
}

TEST(WaitFor, NestedTimeoutsFireIndependently) {
  aio::run([]() -> aio::task<> {
    // The inner, shorter timeout fires; the outer one never does.
    auto inner = []() -> aio::task<int> {
      try {
        co_return co_await aio::wait_for(after(1h, 1), 5ms);
      } catch (const aio::timeout_error &) {
        co_return -1;
      }
    };
    EXPECT_EQ(co_await aio::wait_for(inner(), 1s), -1);
  }());
}
