// Debug mode: the runtime's reports of never-awaited tasks, exceptions that
// were never retrieved, and loop steps that blocked the loop.
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

using namespace aio_test;

namespace {

aio::task<int> fail_after(std::chrono::milliseconds delay) {
  co_await aio::sleep(delay);
  throw std::runtime_error("lost failure");
}

aio::task<int> value() { co_return 1; }

} // namespace

TEST(Debug, NeverAwaitedInsideATask) {
  debug_capture debug;
  aio::run([]() -> aio::task<> {
    auto forgotten = value(); // created, never awaited
    co_return;
  }());
  ASSERT_EQ(debug.count(aio::debug_event::never_awaited), 1u);
  EXPECT_NE(debug.reports[0].message.find("value"), std::string::npos);
}

TEST(Debug, ExceptionNeverRetrievedFromADroppedHandle) {
  debug_capture debug;
  aio::run([]() -> aio::task<> {
    { auto dropped = aio::create_task(fail_after(1ms), "dropper"); }
    co_await aio::sleep(20ms); // the task fails after its handle is gone
  }());
  ASSERT_EQ(debug.count(aio::debug_event::exception_never_retrieved), 1u);
  const auto &message = debug.reports[0].message;
  EXPECT_NE(message.find("dropper"), std::string::npos) << message;
  EXPECT_NE(message.find("lost failure"), std::string::npos) << message;
}

TEST(Debug, ExceptionNeverRetrievedWhenTheHandleIsDroppedAfterTheFailure) {
  debug_capture debug;
  aio::run([](debug_capture &debug) -> aio::task<> {
    {
      auto h = aio::create_task(fail_after(1ms));
      co_await aio::sleep(20ms);
      // Failed, but the handle could still retrieve it.
      EXPECT_EQ(debug.count(aio::debug_event::exception_never_retrieved), 0u);
    }
    EXPECT_EQ(debug.count(aio::debug_event::exception_never_retrieved), 1u);
  }(debug));
}

TEST(Debug, ExceptionOfADetachedTaskIsReported) {
  debug_capture debug;
  aio::run([]() -> aio::task<> {
    aio::create_task(fail_after(1ms)).detach();
    co_await aio::sleep(20ms);
  }());
  ASSERT_EQ(debug.count(aio::debug_event::exception_never_retrieved), 1u);
  EXPECT_NE(debug.reports[0].message.find("detached"), std::string::npos);
}

TEST(Debug, RetrievedOrCancelledFailuresAreNotReported) {
  debug_capture debug;
  aio::run([]() -> aio::task<> {
    auto failed = aio::create_task(fail_after(1ms));
    EXPECT_THROW((void)co_await failed, std::runtime_error);
    auto cancelled = aio::create_task(fail_after(1h));
    co_await aio::sleep(1ms);
    cancelled.cancel();
    co_await aio::sleep(1ms);
  }());
  EXPECT_TRUE(debug.reports.empty());
}

TEST(Debug, SlowStepIsReported) {
  debug_capture debug;
  aio::set_slow_step_threshold(20ms);
  aio::run([]() -> aio::task<> {
    std::this_thread::sleep_for(40ms); // a blocking call inside a coroutine
    co_return;
  }());
  ASSERT_EQ(debug.count(aio::debug_event::slow_step), 1u);
  const auto &message = debug.reports[0].message;
  EXPECT_NE(message.find("'main'"), std::string::npos) << message;
  EXPECT_NE(message.find("aio::to_thread"), std::string::npos) << message;
}

TEST(Debug, FastStepsAreNotReported) {
  debug_capture debug;
  aio::run([]() -> aio::task<> {
    for (int i = 0; i < 10; ++i)
      co_await aio::sleep(1ms);
    co_await aio::to_thread([] { std::this_thread::sleep_for(150ms); });
  }());
  EXPECT_EQ(debug.count(aio::debug_event::slow_step), 0u);
}

TEST(Debug, DefaultHandlerWritesToStderr) {
  bool was = aio::debug_enabled();
  aio::set_debug(true);
  testing::internal::CaptureStderr();
  { auto t = value(); }
  std::string err = testing::internal::GetCapturedStderr();
  aio::set_debug(was);
  EXPECT_NE(err.find("aio debug: task"), std::string::npos) << err;
  EXPECT_NE(err.find("was never awaited"), std::string::npos) << err;
}
