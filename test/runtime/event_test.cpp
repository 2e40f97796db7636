// aio::event: set wakes every waiter, clear, and cancellation of waiters.
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace aio_test;

TEST(Event, WaitReturnsAtOnceWhenSetAndSuspendsAfterClear) {
  aio::run([]() -> aio::task<> {
    aio::event e;
    EXPECT_FALSE(e.is_set());
    e.set();
    EXPECT_TRUE(e.is_set());
    co_await e.wait(); // does not suspend
    e.clear();
    EXPECT_FALSE(e.is_set());
    auto w = aio::create_task([](aio::event &e) -> aio::task<> {
      co_await e.wait();
    }(e));
    co_await yield_steps();
    EXPECT_FALSE(w.done()); // cleared: it waits
    e.set();
    co_await w;
  }());
}

TEST(Event, SetWakesEveryWaiterInOrder) {
  std::vector<int> woken;
  aio::run([](std::vector<int> &woken) -> aio::task<> {
    aio::event e;
    std::vector<aio::task_handle<>> hs;
    for (int i = 0; i < 4; ++i)
      hs.push_back(aio::create_task([](aio::event &e, std::vector<int> &woken,
                                       int i) -> aio::task<> {
        co_await e.wait();
        woken.push_back(i);
      }(e, woken, i)));
    co_await yield_steps();
    EXPECT_TRUE(woken.empty());
    e.set();
    e.clear(); // too late: the waiters were already released
    for (auto &h : hs)
      co_await h;
  }(woken));
  EXPECT_EQ(woken, (std::vector<int>{0, 1, 2, 3}));
}

TEST(Event, CancelledWaiterLeavesAndOthersStillWake) {
  std::vector<std::string> log;
  aio::run([](std::vector<std::string> &log) -> aio::task<> {
    aio::event e;
    auto waiter = [](aio::event &e, std::vector<std::string> &log,
                     std::string name) -> aio::task<> {
      try {
        co_await e.wait();
        log.push_back(name + " woke");
      } catch (const aio::cancelled_error &) {
        log.push_back(name + " cancelled");
        throw;
      }
    };
    auto a = aio::create_task(waiter(e, log, "a"));
    auto b = aio::create_task(waiter(e, log, "b"));
    co_await yield_steps();
    a.cancel();
    EXPECT_THROW(co_await a, aio::cancelled_error);
    e.set();
    co_await b;
  }(log));
  EXPECT_EQ(log, (std::vector<std::string>{"a cancelled", "b woke"}));
}

TEST(Event, WaitingForAnEventNobodyCanSetIsReportedAsADeadlock) {
  // Nothing can wake the main task (no timer, I/O or thread job): aio::run
  // says so instead of hanging, and the waiter's frame is freed (ASan).
  EXPECT_THROW(aio::run([]() -> aio::task<> {
                 aio::event e;
                 co_await e.wait();
               }()),
               std::logic_error);
}
