// Lesson 6: a thread lock held across an await stalls the loop; use an
// asynchronous lock.
//
// The asyncio original (the mistake, and the fix):
//
//   lock = threading.Lock()
//   async def update(db):
//       with lock:                       # a thread lock ...
//           await db.write()             # ... held while the task suspends
//
//   lock = asyncio.Lock()
//   async def update(db):
//       async with lock:                 # suspends the task, not the thread
//           await db.write()
//
// Two tasks update a shared record; each write takes 1 unit. With a thread
// lock, the first task suspends while holding it; the second then blocks
// the loop's only thread on the lock, so the first can never run to release
// it: with std::mutex::lock() that is a deadlock. Here the blocking version
// uses std::timed_mutex::try_lock_for(2 units) so the program ends: the loop
// freezes for 2 units (a heartbeat task misses its ticks) and the second
// update gives up anyway. async-tidy's async-lock-across-await check flags
// the blocking version. With aio::mutex the second task waits without
// blocking anyone: both updates happen, in about 2 units, and the heartbeat
// never stops. The program exits non-zero unless that is what happens.
#include "lesson.hpp"

#include <aio/aio.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <mutex>

namespace {

using std::chrono::steady_clock;

/// Ticks every quarter unit and records the longest gap between ticks: how
/// long the loop was unable to run anything.
struct heartbeat {
  steady_clock::duration longest_gap{};
  bool stop = false;
};

aio::task<> beat(heartbeat &hb) {
  auto last = steady_clock::now();
  while (!hb.stop) {
    co_await aio::sleep(lesson::unit / 4);
    auto now = steady_clock::now();
    hb.longest_gap = std::max(hb.longest_gap, now - last);
    last = now;
  }
}

double units(steady_clock::duration d) {
  return std::chrono::duration<double>(d) / std::chrono::duration<double>(lesson::unit);
}

aio::task<> write_record() { co_await aio::sleep(lesson::unit); }

// The mistake: a thread lock held across co_await.
aio::task<bool> update_with_thread_lock(std::timed_mutex &m) {
  // m.lock() would block the loop forever; give up after 2 units instead.
  if (!m.try_lock_for(2 * lesson::unit))
    co_return false;
  std::unique_lock held(m, std::adopt_lock);
  co_await write_record(); // suspends while holding a thread lock
  co_return true;
}

// The fix: an asynchronous lock.
aio::task<bool> update_with_aio_mutex(aio::mutex &m) {
  auto held = co_await m.lock(); // suspends the task if m is taken
  co_await write_record();       // fine: nobody's thread is blocked
  co_return true;
}

template <class Update, class Mutex>
aio::task<int> two_updates(Update update, Mutex &m, heartbeat &hb, double &took) {
  hb = {};
  auto ticking = aio::create_task(beat(hb));
  lesson::stopwatch watch;
  auto [a, b] = co_await aio::gather(update(m), update(m));
  took = watch.units();
  hb.stop = true;
  co_await ticking;
  co_return int(a) + int(b);
}

aio::task<bool> lesson_main() {
  heartbeat hb;
  double took = 0;

  std::timed_mutex thread_lock;
  int done = co_await two_updates(update_with_thread_lock, thread_lock, hb, took);
  std::printf("  std::timed_mutex: %d of 2 updates, loop frozen for %.2f units\n",
              done, units(hb.longest_gap));
  bool ok = done == 1;
  double frozen = units(hb.longest_gap);
  ok &= lesson::expect_between("loop frozen by the thread lock", frozen, 1.9, 4);

  aio::mutex async_lock;
  done = co_await two_updates(update_with_aio_mutex, async_lock, hb, took);
  std::printf("  aio::mutex:       %d of 2 updates, loop frozen for %.2f units\n",
              done, units(hb.longest_gap));
  ok &= done == 2;
  ok &= lesson::expect_between("two updates with aio::mutex", took, 2, 4);
  // Shorter than the freeze above, which is at least 2 units by
  // construction (a loaded machine delays the heartbeat too, so no tighter).
  ok &= lesson::expect_between("longest heartbeat gap with aio::mutex",
                               units(hb.longest_gap), 0, frozen);
  co_return ok;
}

} // namespace

int main() { return aio::run(lesson_main()) ? 0 : 1; }
