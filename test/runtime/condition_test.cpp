// aio::condition: wait releases and retakes the lock, notify / notify_all,
// predicates, and cancellation (the lock is held again afterwards, and a
// notification is not swallowed).
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <stdexcept>
#include <string>
#include <vector>

using namespace aio_test;

TEST(Condition, WaitReleasesTheLockAndHoldsItAgainAfterwards) {
  aio::run([]() -> aio::task<> {
    aio::mutex m;
    aio::condition cv(m);
    EXPECT_EQ(&cv.mutex(), &m);
    int value = 0;
    auto waiter = aio::create_task([](aio::condition &cv, aio::mutex &m,
                                      int &value) -> aio::task<int> {
      auto g = co_await cv.lock();
      co_await cv.wait(g, [&value] { return value != 0; });
      EXPECT_TRUE(g.owns_lock());
      EXPECT_TRUE(m.locked());
      co_return value;
    }(cv, m, value));
    co_await yield_steps();
    EXPECT_FALSE(m.locked()); // the waiter released it while waiting
    {
      auto g = co_await m.lock();
      value = 7;
      cv.notify();
    }
    EXPECT_EQ(co_await waiter, 7);
    EXPECT_FALSE(m.locked());
  }());
}

TEST(Condition, NotifyWakesOneAtATimeInOrderAndNotifyAllWakesTheRest) {
  std::vector<int> woken;
  aio::run([](std::vector<int> &woken) -> aio::task<> {
    aio::condition cv; // with its own mutex
    std::vector<aio::task_handle<>> hs;
    for (int i = 0; i < 4; ++i)
      hs.push_back(aio::create_task([](aio::condition &cv, std::vector<int> &woken,
                                       int i) -> aio::task<> {
        auto g = co_await cv.lock();
        co_await cv.wait(g);
        woken.push_back(i);
      }(cv, woken, i)));
    co_await yield_steps();
    cv.notify();
    co_await yield_steps();
    EXPECT_EQ(woken, (std::vector<int>{0}));
    cv.notify(2);
    co_await yield_steps();
    EXPECT_EQ(woken, (std::vector<int>{0, 1, 2}));
    cv.notify_all();
    for (auto &h : hs)
      co_await h;
  }(woken));
  EXPECT_EQ(woken, (std::vector<int>{0, 1, 2, 3}));
}

TEST(Condition, WaitNeedsAGuardOfItsMutex) {
  aio::run([]() -> aio::task<> {
    aio::mutex other;
    aio::condition cv;
    auto g = co_await other.lock();
    EXPECT_THROW(co_await cv.wait(g), std::logic_error);
    aio::mutex::guard empty;
    EXPECT_THROW(co_await cv.wait(empty), std::logic_error);
  }());
}

TEST(Condition, CancelledWaiterHoldsTheLockAgainBeforeItSeesTheCancellation) {
  aio::run([]() -> aio::task<> {
    aio::condition cv;
    bool held_in_handler = false;
    auto w = aio::create_task([](aio::condition &cv, bool &held) -> aio::task<> {
      auto g = co_await cv.lock();
      try {
        co_await cv.wait(g);
      } catch (const aio::cancelled_error &) {
        held = g.owns_lock() && cv.mutex().locked();
        throw;
      }
    }(cv, held_in_handler));
    co_await yield_steps();
    // Hold the lock while cancelling: the waiter must queue for it again.
    auto g = co_await cv.lock();
    w.cancel();
    co_await yield_steps();
    EXPECT_FALSE(w.done());
    g.unlock();
    EXPECT_THROW(co_await w, aio::cancelled_error);
    EXPECT_TRUE(held_in_handler);
    EXPECT_FALSE(cv.mutex().locked());
  }());
}

TEST(Condition, NotificationReceivedByACancelledWaiterPassesOn) {
  std::vector<std::string> log;
  aio::run([](std::vector<std::string> &log) -> aio::task<> {
    aio::condition cv;
    auto waiter = [](aio::condition &cv, std::vector<std::string> &log,
                     std::string name) -> aio::task<> {
      auto g = co_await cv.lock();
      try {
        co_await cv.wait(g);
        log.push_back(name + " notified");
      } catch (const aio::cancelled_error &) {
        log.push_back(name + " cancelled");
        throw;
      }
    };
    auto a = aio::create_task(waiter(cv, log, "a"));
    auto b = aio::create_task(waiter(cv, log, "b"));
    co_await yield_steps(); // both wait on cv
    auto g = co_await cv.lock();
    cv.notify(1);           // to a, which now waits for the lock ...
    co_await yield_steps();
    a.cancel();             // ... and is cancelled there: b must get it
    co_await yield_steps();
    g.unlock();
    EXPECT_THROW(co_await a, aio::cancelled_error);
    co_await b;
  }(log));
  EXPECT_EQ(log, (std::vector<std::string>{"a cancelled", "b notified"}));
}
