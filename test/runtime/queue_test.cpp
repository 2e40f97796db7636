// aio::queue<T>: FIFO order, bounded puts, try_put / try_get, task_done and
// join, move-only items, and cancellation of waiting producers, consumers
// and joiners (no item is ever lost or duplicated).
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

using namespace aio_test;

TEST(Queue, ItemsComeOutInOrder) {
  aio::run([]() -> aio::task<> {
    aio::queue<int> q;
    for (int i = 0; i < 5; ++i)
      co_await q.put(i);
    EXPECT_EQ(q.size(), 5u);
    EXPECT_FALSE(q.full()); // unbounded
    for (int i = 0; i < 5; ++i)
      EXPECT_EQ(co_await q.get(), i);
    EXPECT_TRUE(q.empty());
  }());
}

TEST(Queue, TryPutAndTryGetNeverSuspend) {
  aio::queue<std::string> q(2);
  EXPECT_EQ(q.maxsize(), 2u);
  EXPECT_FALSE(q.try_get());
  EXPECT_TRUE(q.try_put("a"));
  std::string b = "b";
  EXPECT_TRUE(q.try_put(b));
  EXPECT_EQ(b, "b"); // copied
  EXPECT_TRUE(q.full());
  std::string c = "c";
  EXPECT_FALSE(q.try_put(std::move(c)));
  EXPECT_EQ(c, "c"); // refused: left as it was
  EXPECT_EQ(q.try_get(), std::optional<std::string>("a"));
  EXPECT_EQ(q.try_get(), std::optional<std::string>("b"));
  EXPECT_FALSE(q.try_get());
}

TEST(Queue, GetWaitsForAPutAndReceivesTheItemDirectly) {
  aio::run([]() -> aio::task<> {
    aio::queue<std::unique_ptr<int>> q; // move-only items
    auto consumer = aio::create_task(
        [](aio::queue<std::unique_ptr<int>> &q) -> aio::task<int> {
          auto p = co_await q.get();
          co_return *p;
        }(q));
    co_await yield_steps();
    EXPECT_FALSE(consumer.done());
    EXPECT_TRUE(q.try_put(std::make_unique<int>(41)));
    EXPECT_TRUE(q.empty()); // handed over, never stored
    EXPECT_EQ(co_await consumer, 41);
  }());
}

TEST(Queue, BoundedPutWaitsForRoomAndKeepsTheOrder) {
  std::vector<int> got;
  aio::run([](std::vector<int> &got) -> aio::task<> {
    aio::queue<int> q(2);
    auto producer = aio::create_task([](aio::queue<int> &q) -> aio::task<> {
      for (int i = 0; i < 6; ++i)
        co_await q.put(i);
    }(q));
    co_await yield_steps();
    EXPECT_EQ(q.size(), 2u); // the producer waits with item 2
    EXPECT_FALSE(producer.done());
    EXPECT_FALSE(q.try_put(99)); // a newcomer cannot overtake the waiting put
    for (int i = 0; i < 6; ++i) {
      got.push_back(co_await q.get());
      EXPECT_LE(q.size(), 2u);
    }
    co_await producer;
  }(got));
  EXPECT_EQ(got, (std::vector<int>{0, 1, 2, 3, 4, 5}));
}

TEST(Queue, JoinWaitsUntilEveryItemIsDone) {
  std::vector<std::string> log;
  aio::run([](std::vector<std::string> &log) -> aio::task<> {
    aio::queue<int> q;
    co_await q.join(); // nothing pending: at once
    for (int i = 0; i < 3; ++i)
      EXPECT_TRUE(q.try_put(i));
    auto worker = aio::create_task([](aio::queue<int> &q,
                                      std::vector<std::string> &log) -> aio::task<> {
      for (;;) {
        int item = co_await q.get();
        co_await yield_steps(1);
        log.push_back("done " + std::to_string(item));
        q.task_done();
      }
    }(q, log));
    co_await q.join();
    log.push_back("joined");
    worker.cancel();
    EXPECT_THROW(co_await worker, aio::cancelled_error);
    EXPECT_THROW(q.task_done(), std::logic_error);
  }(log));
  EXPECT_EQ(log, (std::vector<std::string>{"done 0", "done 1", "done 2", "joined"}));
}

TEST(Queue, CancelledGetterLeavesAndTheItemGoesToTheNext) {
  aio::run([]() -> aio::task<> {
    aio::queue<int> q;
    auto getter = [](aio::queue<int> &q) -> aio::task<int> {
      co_return co_await q.get();
    };
    auto a = aio::create_task(getter(q));
    auto b = aio::create_task(getter(q));
    co_await yield_steps();
    a.cancel();
    EXPECT_THROW((void)co_await a, aio::cancelled_error);
    EXPECT_TRUE(q.try_put(5));
    EXPECT_EQ(co_await b, 5);
    EXPECT_TRUE(q.empty());
  }());
}

TEST(Queue, CancelledPutterAddsNothing) {
  aio::run([]() -> aio::task<> {
    aio::queue<int> q(1);
    EXPECT_TRUE(q.try_put(1));
    auto putter = [](aio::queue<int> &q, int v) -> aio::task<> {
      co_await q.put(v);
    };
    auto a = aio::create_task(putter(q, 2));
    auto b = aio::create_task(putter(q, 3));
    co_await yield_steps();
    a.cancel();
    EXPECT_THROW(co_await a, aio::cancelled_error);
    EXPECT_EQ(co_await q.get(), 1); // room: b's item goes in
    co_await b;
    EXPECT_EQ(co_await q.get(), 3);
    EXPECT_TRUE(q.empty());
  }());
}

TEST(Queue, ItemHandedToACancelledGetterIsNotLost) {
  // The item reaches the getter, which is cancelled before it resumes: get()
  // still returns the item; the cancellation comes at the next await.
  aio::run([]() -> aio::task<> {
    aio::queue<int> q;
    int received = 0;
    auto a = aio::create_task([](aio::queue<int> &q, int &received) -> aio::task<> {
      received = co_await q.get();
      co_await aio::sleep(std::chrono::hours(1));
    }(q, received));
    co_await yield_steps();
    EXPECT_TRUE(q.try_put(8));
    a.cancel();
    EXPECT_THROW(co_await a, aio::cancelled_error);
    EXPECT_EQ(received, 8);
  }());
}

TEST(Queue, CancelledJoinerLeaves) {
  aio::run([]() -> aio::task<> {
    aio::queue<int> q;
    EXPECT_TRUE(q.try_put(1));
    auto j = aio::create_task([](aio::queue<int> &q) -> aio::task<> {
      co_await q.join();
    }(q));
    co_await yield_steps();
    j.cancel();
    EXPECT_THROW(co_await j, aio::cancelled_error);
    (void)q.try_get();
    q.task_done(); // no joiner left to wake
  }());
}
