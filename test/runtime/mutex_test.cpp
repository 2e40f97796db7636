// aio::mutex: exclusion, fairness, guards, try_lock, and cancellation of
// waiters (a cancelled waiter leaves the queue; the lock is never lost).
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

using namespace aio_test;

namespace {

/// Locks m, records who holds it, yields while holding it, then unlocks.
aio::task<> hold_for_a_while(aio::mutex &m, std::vector<int> &order, int id,
                             int &holders, int &max_holders) {
  auto guard = co_await m.lock();
  order.push_back(id);
  ++holders;
  max_holders = std::max(max_holders, holders);
  co_await yield_steps(3); // other tasks run (and queue) meanwhile
  --holders;
}

} // namespace

TEST(Mutex, FreeLockIsTakenWithoutSuspendingAndReleasedByTheGuard) {
  aio::mutex m;
  aio::run([](aio::mutex &m) -> aio::task<> {
    {
      auto g = co_await m.lock();
      EXPECT_TRUE(g.owns_lock());
      EXPECT_EQ(g.owner(), &m);
      EXPECT_TRUE(m.locked());
    }
    EXPECT_FALSE(m.locked());
  }(m));
  EXPECT_FALSE(m.locked());
}

TEST(Mutex, OnlyOneTaskHoldsItAndWaitersGetItInOrder) {
  aio::mutex m;
  std::vector<int> order;
  int holders = 0, max_holders = 0;
  aio::run([](aio::mutex &m, std::vector<int> &order, int &holders,
              int &max_holders) -> aio::task<> {
    std::vector<aio::task_handle<>> hs;
    for (int id = 0; id < 5; ++id)
      hs.push_back(aio::create_task(
          hold_for_a_while(m, order, id, holders, max_holders)));
    for (auto &h : hs)
      co_await h;
  }(m, order, holders, max_holders));
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(max_holders, 1);
  EXPECT_FALSE(m.locked());
}

TEST(Mutex, TryLockFailsWhileHeldAndNeverSuspends) {
  aio::mutex m;
  auto a = m.try_lock();
  ASSERT_TRUE(a); // no loop needed: it never suspends
  EXPECT_TRUE(m.locked());
  EXPECT_FALSE(m.try_lock());
  a.reset();
  EXPECT_FALSE(m.locked());
  EXPECT_TRUE(m.try_lock());
  EXPECT_FALSE(m.locked()); // the temporary guard unlocked again
}

TEST(Mutex, GuardUnlockMoveAndMisuse) {
  aio::mutex m;
  auto g = m.try_lock();
  ASSERT_TRUE(g);
  aio::mutex::guard moved = std::move(*g);
  EXPECT_FALSE(g->owns_lock());
  EXPECT_TRUE(moved.owns_lock());
  EXPECT_THROW(g->unlock(), std::logic_error);
  moved.unlock();
  EXPECT_FALSE(m.locked());
  EXPECT_FALSE(moved);
  EXPECT_THROW(moved.unlock(), std::logic_error);
  // Move-assigning over a guard that holds a lock releases that lock first.
  aio::mutex other;
  aio::mutex::guard x = std::move(*m.try_lock());
  x = std::move(*other.try_lock());
  EXPECT_FALSE(m.locked());
  EXPECT_TRUE(other.locked());
  EXPECT_EQ(x.owner(), &other);
}

TEST(Mutex, GuardMayBeHeldAcrossAwaitsWhileOthersWait) {
  std::vector<std::string> log;
  aio::run([](std::vector<std::string> &log) -> aio::task<> {
    aio::mutex m;
    auto g = co_await m.lock();
    auto waiter = aio::create_task([](aio::mutex &m,
                                      std::vector<std::string> &log) -> aio::task<> {
      log.push_back("waiter asks");
      auto g2 = co_await m.lock();
      log.push_back("waiter holds");
    }(m, log));
    co_await yield_steps();
    log.push_back("holder still holds");
    g.unlock();
    co_await waiter;
  }(log));
  EXPECT_EQ(log, (std::vector<std::string>{"waiter asks", "holder still holds",
                                           "waiter holds"}));
}

TEST(Mutex, CancelledWaiterLeavesTheQueueAndTheLockPassesOn) {
  std::vector<std::string> log;
  aio::run([](std::vector<std::string> &log) -> aio::task<> {
    aio::mutex m;
    auto waiter = [](aio::mutex &m, std::vector<std::string> &log,
                     std::string name) -> aio::task<> {
      try {
        auto g = co_await m.lock();
        log.push_back(name + " locked");
      } catch (const aio::cancelled_error &) {
        log.push_back(name + " cancelled");
        throw;
      }
    };
    auto g = co_await m.lock();
    auto b = aio::create_task(waiter(m, log, "b"));
    auto c = aio::create_task(waiter(m, log, "c"));
    co_await yield_steps(); // both queued, b first
    b.cancel();
    co_await yield_steps();
    EXPECT_TRUE(b.done());
    EXPECT_TRUE(b.cancelled());
    EXPECT_TRUE(m.locked());
    g.unlock(); // goes to c: b is no longer in the queue
    co_await c;
    EXPECT_FALSE(m.locked());
  }(log));
  EXPECT_EQ(log, (std::vector<std::string>{"b cancelled", "c locked"}));
}

TEST(Mutex, CancelAfterTheLockWasHandedOverKeepsTheLockUntilTheGuardDies) {
  // The holder unlocks (the lock passes to the waiter) and cancels the
  // waiter in the same step, before the waiter resumed: the waiter's lock()
  // returns the guard, the cancellation arrives at its next await, and the
  // guard's destructor frees the lock.
  std::vector<std::string> log;
  aio::mutex m;
  aio::run([](aio::mutex &m, std::vector<std::string> &log) -> aio::task<> {
    auto g = co_await m.lock();
    auto w = aio::create_task([](aio::mutex &m,
                                 std::vector<std::string> &log) -> aio::task<> {
      auto g2 = co_await m.lock();
      log.push_back(g2.owns_lock() ? "got the lock" : "no lock");
      try {
        co_await aio::sleep(std::chrono::hours(1));
      } catch (const aio::cancelled_error &) {
        log.push_back("cancelled while holding it");
        throw;
      }
    }(m, log));
    co_await yield_steps();
    g.unlock();
    w.cancel();
    EXPECT_THROW(co_await w, aio::cancelled_error);
    EXPECT_FALSE(m.locked());
    EXPECT_TRUE(m.try_lock());
  }(m, log));
  EXPECT_EQ(log, (std::vector<std::string>{"got the lock",
                                           "cancelled while holding it"}));
  EXPECT_FALSE(m.locked());
}

TEST(Mutex, CancelledWaiterIsNotHandedTheLockLater) {
  aio::run([]() -> aio::task<> {
    aio::mutex m;
    auto g = co_await m.lock();
    auto w = aio::create_task([](aio::mutex &m) -> aio::task<> {
      auto g2 = co_await m.lock();
    }(m));
    co_await yield_steps(); // w waits for the lock
    w.cancel();
    g.unlock(); // nobody queued any more: the lock is simply free
    EXPECT_FALSE(m.locked());
    EXPECT_THROW(co_await w, aio::cancelled_error);
  }());
}

TEST(Mutex, WaiterWhoseFrameIsDestroyedAtShutdownLeavesTheQueue) {
  // A waiter that swallows its cancellation and waits again is destroyed
  // by aio::run's shutdown while queued. Unlocking afterwards must not
  // touch it (ASan checks), and the lock must then be free.
  aio::mutex m;
  auto held = m.try_lock();
  ASSERT_TRUE(held);
  aio::run([](aio::mutex &m) -> aio::task<> {
    aio::create_task([](aio::mutex &m) -> aio::task<> {
      for (;;) {
        try {
          auto g = co_await m.lock();
          co_return;
        } catch (const aio::cancelled_error &) {
        }
      }
    }(m)).detach();
    co_await yield_steps();
  }(m));
  held.reset();
  EXPECT_FALSE(m.locked());
}

TEST(Mutex, ManyTasksIncrementASharedCounterAcrossAwaits) {
  int counter = 0;
  aio::run([](int &counter) -> aio::task<> {
    aio::mutex m;
    std::vector<aio::task<>> workers;
    for (int i = 0; i < 200; ++i)
      workers.push_back([](aio::mutex &m, int &counter) -> aio::task<> {
        auto g = co_await m.lock();
        int seen = counter;
        co_await aio::sleep(std::chrono::milliseconds(0)); // others run here
        counter = seen + 1; // a lost update if two held the lock
      }(m, counter));
    co_await aio::gather(std::move(workers));
  }(counter));
  EXPECT_EQ(counter, 200);
}

TEST(Mutex, LockCanBeBoundedWithWaitForAndTimeout) {
  aio::run([]() -> aio::task<> {
    aio::mutex m;
    {
      auto g = co_await aio::wait_for(m.lock(), std::chrono::seconds(30));
      EXPECT_TRUE(g.owns_lock());
    }
    auto held = co_await m.lock();
    EXPECT_THROW((void)co_await aio::wait_for(m.lock(), std::chrono::milliseconds(2)),
                 aio::timeout_error);
    EXPECT_THROW((void)co_await aio::timeout(std::chrono::milliseconds(2), m.lock()),
                 aio::timeout_error);
    held.unlock();
    EXPECT_FALSE(m.locked()); // the timed-out waiters left the queue
    auto again = m.try_lock();
    EXPECT_TRUE(again);
  }());
}
