// aio::gather and aio::gather_settled: results in order, concurrency, the
// first exception after all finished, settled outcomes, cancellation.
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

using namespace aio_test;

namespace {

aio::task<int> after(std::chrono::milliseconds delay, int value) {
  co_await aio::sleep(delay);
  co_return value;
}

aio::task<int> fail_after(std::chrono::milliseconds delay, std::string what) {
  co_await aio::sleep(delay);
  throw std::runtime_error(what);
}

aio::task<> mark_after(std::chrono::milliseconds delay, bool &flag) {
  co_await aio::sleep(delay);
  flag = true;
}

} // namespace

TEST(Gather, VariadicResultsInArgumentOrder) {
  auto [a, b, none, s] = aio::run([]() -> aio::task<std::tuple<int, int, aio::none_t, std::string>> {
    co_return co_await aio::gather(after(30ms, 1), after(10ms, 2), aio::sleep(1ms),
                                   []() -> aio::task<std::string> { co_return "s"; }());
  }());
  EXPECT_EQ(a, 1);
  EXPECT_EQ(b, 2);
  EXPECT_EQ(none, aio::none_t{});
  EXPECT_EQ(s, "s");
}

TEST(Gather, RunsConcurrently) {
  auto start = clock::now();
  aio::run([]() -> aio::task<> {
    (void)co_await aio::gather(after(60ms, 1), after(60ms, 2), after(60ms, 3));
  }());
  EXPECT_LT(elapsed_ms(start), 150); // about the largest delay (60), not the sum
}

TEST(Gather, RangeOfTasks) {
  auto results = aio::run([]() -> aio::task<std::vector<int>> {
    std::vector<aio::task<int>> tasks;
    for (int i = 0; i < 5; ++i)
      tasks.push_back(after(std::chrono::milliseconds(5 - i), i));
    co_return co_await aio::gather(std::move(tasks));
  }());
  EXPECT_EQ(results, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(Gather, EmptyRange) {
  auto results = aio::run([]() -> aio::task<std::vector<int>> {
    co_return co_await aio::gather(std::vector<aio::task<int>>{});
  }());
  EXPECT_TRUE(results.empty());
}

TEST(Gather, HandlesAndTasksMixed) {
  auto sum = aio::run([]() -> aio::task<int> {
    auto h = aio::create_task(after(5ms, 10));
    auto [x, y] = co_await aio::gather(h, after(1ms, 1));
    int again = co_await h; // the caller's handle still has the result
    co_return x + y + again;
  }());
  EXPECT_EQ(sum, 21);
}

TEST(Gather, FirstExceptionPropagatesAfterAllFinished) {
  bool slow_finished = false;
  try {
    aio::run([](bool &slow_finished) -> aio::task<> {
      (void)co_await aio::gather(fail_after(20ms, "second"), fail_after(5ms, "first"),
                                 mark_after(40ms, slow_finished));
    }(slow_finished));
    FAIL() << "expected an exception";
  } catch (const std::runtime_error &e) {
    EXPECT_STREQ(e.what(), "first"); // the one that happened first
  }
  EXPECT_TRUE(slow_finished);
}

TEST(Gather, FailuresAreRetrievedSoNotReported) {
  debug_capture debug;
  EXPECT_THROW(aio::run([]() -> aio::task<> {
                 (void)co_await aio::gather(fail_after(1ms, "a"), fail_after(2ms, "b"));
               }()),
               std::runtime_error);
  EXPECT_EQ(debug.count(aio::debug_event::exception_never_retrieved), 0u);
}

TEST(GatherSettled, ReturnsValueOrExceptionForEach) {
  auto [ok, bad] = aio::run(
      []() -> aio::task<std::tuple<aio::outcome<int>, aio::outcome<int>>> {
        co_return co_await aio::gather_settled(after(5ms, 7), fail_after(1ms, "bad"));
      }());
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok.value(), 7);
  EXPECT_EQ(ok.error(), nullptr);
  ASSERT_FALSE(bad.has_value());
  EXPECT_THROW(bad.value(), std::runtime_error);
  EXPECT_THROW(std::rethrow_exception(bad.error()), std::runtime_error);
}

TEST(GatherSettled, Range) {
  auto outcomes = aio::run([]() -> aio::task<std::vector<aio::outcome<int>>> {
    std::vector<aio::task<int>> tasks;
    tasks.push_back(after(1ms, 1));
    tasks.push_back(fail_after(1ms, "x"));
    tasks.push_back(after(1ms, 3));
    co_return co_await aio::gather_settled(std::move(tasks));
  }());
  ASSERT_EQ(outcomes.size(), 3u);
  EXPECT_EQ(outcomes[0].value(), 1);
  EXPECT_FALSE(outcomes[1]);
  EXPECT_EQ(outcomes[2].value(), 3);
}

TEST(Gather, CancellingTheGatherCancelsEveryChild) {
  int cancelled = 0;
  aio::run([](int &cancelled) -> aio::task<> {
    auto child = [](int &cancelled) -> aio::task<> {
      try {
        co_await aio::sleep(1h);
      } catch (const aio::cancelled_error &) {
        ++cancelled;
        throw;
      }
    };
    auto h = aio::create_task(aio::gather(child(cancelled), child(cancelled)));
    co_await aio::sleep(1ms);
    h.cancel();
    EXPECT_THROW((void)co_await h, aio::cancelled_error);
  }(cancelled));
  EXPECT_EQ(cancelled, 2);
}
