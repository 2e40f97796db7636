// aio::semaphore: the limit holds, permits pass on in order, guards, and
// cancellation of waiters (no permit is ever lost).
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

using namespace aio_test;

TEST(Semaphore, AtMostNTasksHoldAPermit) {
  int active = 0, max_active = 0;
  aio::run([](int &active, int &max_active) -> aio::task<> {
    aio::semaphore limit(3);
    std::vector<aio::task<>> workers;
    for (int i = 0; i < 12; ++i)
      workers.push_back([](aio::semaphore &limit, int &active,
                           int &max_active) -> aio::task<> {
        auto permit = co_await limit.acquire();
        max_active = std::max(max_active, ++active);
        co_await yield_steps(2);
        --active;
      }(limit, active, max_active));
    co_await aio::gather(std::move(workers));
    EXPECT_EQ(limit.available(), 3u);
  }(active, max_active));
  EXPECT_EQ(max_active, 3);
  EXPECT_EQ(active, 0);
}

TEST(Semaphore, TryAcquireGuardsAndRelease) {
  aio::semaphore s(2);
  auto a = s.try_acquire();
  auto b = s.try_acquire();
  ASSERT_TRUE(a && b);
  EXPECT_TRUE(s.locked());
  EXPECT_FALSE(s.try_acquire());
  a->release();
  EXPECT_FALSE(a->owns_permit());
  EXPECT_THROW(a->release(), std::logic_error);
  EXPECT_EQ(s.available(), 1u);
  aio::semaphore::guard moved = std::move(*b);
  EXPECT_FALSE(*b);
  b.reset(); // a moved-from guard releases nothing
  EXPECT_EQ(s.available(), 1u);
  moved = aio::semaphore::guard(); // releasing by assignment
  EXPECT_EQ(s.available(), 2u);
  s.release(); // like asyncio, release() may add permits
  EXPECT_EQ(s.available(), 3u);
}

TEST(Semaphore, PermitsPassOnInTheOrderAsked) {
  std::vector<int> order;
  aio::run([](std::vector<int> &order) -> aio::task<> {
    aio::semaphore s(1);
    auto first = co_await s.acquire();
    std::vector<aio::task_handle<>> hs;
    for (int i = 0; i < 4; ++i)
      hs.push_back(aio::create_task([](aio::semaphore &s, std::vector<int> &order,
                                       int i) -> aio::task<> {
        auto p = co_await s.acquire();
        order.push_back(i);
        co_await yield_steps(1);
      }(s, order, i)));
    co_await yield_steps();
    // A newcomer cannot overtake the waiters.
    EXPECT_FALSE(s.try_acquire());
    first.release();
    EXPECT_FALSE(s.try_acquire()); // the permit went to waiter 0 directly
    for (auto &h : hs)
      co_await h;
  }(order));
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
}

TEST(Semaphore, CancelledWaiterTakesNoPermit) {
  std::vector<std::string> log;
  aio::run([](std::vector<std::string> &log) -> aio::task<> {
    aio::semaphore s(1);
    auto held = co_await s.acquire();
    auto waiter = [](aio::semaphore &s, std::vector<std::string> &log,
                     std::string name) -> aio::task<> {
      try {
        auto p = co_await s.acquire();
        log.push_back(name + " acquired");
      } catch (const aio::cancelled_error &) {
        log.push_back(name + " cancelled");
        throw;
      }
    };
    auto a = aio::create_task(waiter(s, log, "a"));
    auto b = aio::create_task(waiter(s, log, "b"));
    co_await yield_steps();
    a.cancel();
    EXPECT_THROW(co_await a, aio::cancelled_error);
    held.release();
    co_await b;
    EXPECT_EQ(s.available(), 1u); // nothing lost, nothing duplicated
  }(log));
  EXPECT_EQ(log, (std::vector<std::string>{"a cancelled", "b acquired"}));
}

TEST(Semaphore, CancelAfterThePermitWasHandedOverReturnsItWithTheGuard) {
  aio::run([]() -> aio::task<> {
    aio::semaphore s(1);
    auto held = co_await s.acquire();
    bool got_permit = false;
    auto w = aio::create_task([](aio::semaphore &s, bool &got) -> aio::task<> {
      auto p = co_await s.acquire();
      got = p.owns_permit();
      co_await aio::sleep(std::chrono::hours(1)); // cancelled here
    }(s, got_permit));
    co_await yield_steps();
    held.release(); // handed to w ...
    w.cancel();     // ... which is cancelled before it resumes
    EXPECT_THROW(co_await w, aio::cancelled_error);
    EXPECT_TRUE(got_permit);
    EXPECT_EQ(s.available(), 1u);
  }());
}
