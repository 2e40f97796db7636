// aio::task_group: waits for every child, the first failure cancels the
// rest and is rethrown, cancellation of the waiter reaches the children, and
// a group destroyed before wait() cancels its children (debug mode reports).
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

using namespace aio_test;

namespace {

aio::task<int> after_steps(int steps, int value, std::vector<int> &log) {
  co_await yield_steps(steps);
  log.push_back(value);
  co_return value;
}

aio::task<> fail_after_steps(int steps) {
  co_await yield_steps(steps);
  throw std::runtime_error("child failed");
}

/// Sleeps until cancelled, and records that it was.
aio::task<> sleep_forever(std::vector<std::string> &log, std::string name) {
  try {
    co_await aio::sleep(std::chrono::hours(1));
  } catch (const aio::cancelled_error &) {
    log.push_back(name + " cancelled");
    throw;
  }
}

} // namespace

TEST(TaskGroup, WaitReturnsWhenEveryChildFinished) {
  std::vector<int> log;
  aio::run([](std::vector<int> &log) -> aio::task<> {
    {
      aio::task_group empty;
      co_await empty.wait(); // at once
    }
    aio::task_group g;
    auto a = g.create_task(after_steps(3, 1, log));
    auto b = g.create_task(after_steps(1, 2, log));
    EXPECT_EQ(g.running(), 2u);
    co_await g.wait();
    EXPECT_EQ(g.running(), 0u);
    EXPECT_TRUE(a.done() && b.done());
    EXPECT_EQ(co_await a, 1); // handles still give the results
  }(log));
  EXPECT_EQ(log, (std::vector<int>{2, 1}));
}

TEST(TaskGroup, ChildrenCreatedWhileWaitingAreWaitedFor) {
  std::vector<int> log;
  aio::run([](std::vector<int> &log) -> aio::task<> {
    aio::task_group g;
    g.create_task([](aio::task_group &g, std::vector<int> &log) -> aio::task<> {
      co_await yield_steps(1);
      g.create_task(after_steps(5, 2, log)); // a sibling, while wait() waits
      log.push_back(1);
    }(g, log));
    co_await g.wait();
  }(log));
  EXPECT_EQ(log, (std::vector<int>{1, 2}));
}

TEST(TaskGroup, FirstFailureCancelsTheOthersAndIsRethrown) {
  std::vector<std::string> log;
  debug_capture debug; // failures the group rethrows are not "unretrieved"
  aio::run([](std::vector<std::string> &log) -> aio::task<> {
    aio::task_group g;
    g.create_task(sleep_forever(log, "a"));
    g.create_task(fail_after_steps(2));
    g.create_task(sleep_forever(log, "b"));
    try {
      co_await g.wait();
      ADD_FAILURE() << "wait() did not rethrow";
    } catch (const std::runtime_error &e) {
      EXPECT_STREQ(e.what(), "child failed");
    }
    EXPECT_EQ(g.running(), 0u);
    EXPECT_THROW(g.create_task(fail_after_steps(0)), std::logic_error);
  }(log));
  EXPECT_EQ(log, (std::vector<std::string>{"a cancelled", "b cancelled"}));
  EXPECT_EQ(debug.count(aio::debug_event::exception_never_retrieved), 0u);
  EXPECT_EQ(debug.count(aio::debug_event::task_group_abandoned), 0u);
}

TEST(TaskGroup, FailureBeforeWaitIsRethrownByWait) {
  aio::run([]() -> aio::task<> {
    aio::task_group g;
    std::vector<std::string> log;
    g.create_task(fail_after_steps(2)); // once x has started
    g.create_task(sleep_forever(log, "x"));
    co_await yield_steps(); // the parent goes on; the group already failed
    EXPECT_EQ(g.running(), 0u);
    EXPECT_EQ(log, (std::vector<std::string>{"x cancelled"}));
    EXPECT_THROW(g.create_task(sleep_forever(log, "late")), std::logic_error);
    EXPECT_THROW(co_await g.wait(), std::runtime_error);
  }());
}

TEST(TaskGroup, CancellingTheWaiterCancelsEveryChildAndWaitsForThem) {
  std::vector<std::string> log;
  aio::run([](std::vector<std::string> &log) -> aio::task<> {
    auto parent = aio::create_task([](std::vector<std::string> &log) -> aio::task<> {
      aio::task_group g;
      g.create_task(sleep_forever(log, "a"));
      g.create_task(sleep_forever(log, "b"));
      try {
        co_await g.wait();
      } catch (const aio::cancelled_error &) {
        log.push_back("wait cancelled, running " + std::to_string(g.running()));
        throw;
      }
    }(log));
    co_await yield_steps();
    parent.cancel();
    EXPECT_THROW(co_await parent, aio::cancelled_error);
  }(log));
  EXPECT_EQ(log, (std::vector<std::string>{"a cancelled", "b cancelled",
                                           "wait cancelled, running 0"}));
}

TEST(TaskGroup, CancellationPendingWhenWaitStartsStillWaitsForTheChildren) {
  std::vector<std::string> log;
  aio::run([](std::vector<std::string> &log) -> aio::task<> {
    aio::event go;
    auto parent = aio::create_task([](aio::event &go,
                                      std::vector<std::string> &log) -> aio::task<> {
      aio::task_group g;
      g.create_task(sleep_forever(log, "a"));
      co_await go.wait(); // woken, then cancelled before it resumes:
      log.push_back("parent resumed"); // the request is pending here
      std::string state = "returned";
      try {
        co_await g.wait();
      } catch (const aio::cancelled_error &) {
        state = "cancelled";
      }
      log.push_back("wait " + state + ", running " + std::to_string(g.running()));
    }(go, log));
    co_await yield_steps();
    go.set();
    parent.cancel();
    co_await parent;
  }(log));
  EXPECT_EQ(log, (std::vector<std::string>{"parent resumed", "a cancelled",
                                           "wait cancelled, running 0"}));
}

TEST(TaskGroup, DestroyedBeforeWaitCancelsTheChildrenAndDebugModeReportsIt) {
  std::vector<std::string> log;
  debug_capture debug;
  aio::run([](std::vector<std::string> &log) -> aio::task<> {
    {
      aio::task_group g;
      g.create_task(sleep_forever(log, "a"));
      g.create_task(sleep_forever(log, "b"));
      co_await yield_steps();
      // g goes out of scope without wait() (say an exception skipped it)
    }
    co_await yield_steps();
  }(log));
  EXPECT_EQ(log, (std::vector<std::string>{"a cancelled", "b cancelled"}));
  ASSERT_EQ(debug.count(aio::debug_event::task_group_abandoned), 1u);
  for (const auto &r : debug.reports) { // a slow_step may come too, under load
    if (r.kind == aio::debug_event::task_group_abandoned) {
      EXPECT_NE(r.message.find("2 of its tasks still running"), std::string::npos)
          << r.message;
    }
  }
}

TEST(TaskGroup, WaitedGroupIsNotReported) {
  debug_capture debug;
  std::vector<int> log;
  aio::run([](std::vector<int> &log) -> aio::task<> {
    aio::task_group g;
    g.create_task(after_steps(1, 1, log));
    co_await g.wait();
  }(log));
  EXPECT_EQ(debug.count(aio::debug_event::task_group_abandoned), 0u);
}

TEST(TaskGroup, WaitingFromTwoTasksAtOnceIsAnError) {
  aio::run([]() -> aio::task<> {
    aio::task_group g;
    std::vector<std::string> log;
    g.create_task(sleep_forever(log, "a"));
    auto other = aio::create_task(g.wait());
    co_await yield_steps();
    EXPECT_THROW(co_await g.wait(), std::logic_error);
    other.cancel(); // cancels the children through the other wait
    EXPECT_THROW(co_await other, aio::cancelled_error);
    EXPECT_EQ(log, (std::vector<std::string>{"a cancelled"}));
  }());
}
