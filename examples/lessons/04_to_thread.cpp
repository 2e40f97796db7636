// Lesson 4: a blocking call stalls the whole loop; offload it to a thread.
//
// The asyncio original:
//
//   def blocking_io(n):
//       time.sleep(1)                 # stands for a blocking library call
//       return n
//
//   async def in_loop(n):   return blocking_io(n)    # blocks everybody
//   async def offloaded(n): return await asyncio.to_thread(blocking_io, n)
//
//   await asyncio.gather(in_loop(1), in_loop(2), in_loop(3))        # 3 s
//   await asyncio.gather(offloaded(1), offloaded(2), offloaded(3))  # 1 s
//
// Called inside a coroutine, the blocking function holds the loop's thread,
// so the three calls run one after another even under gather (async-tidy's
// async-blocking-call check flags exactly this, and debug mode reports the
// slow loop steps at run time). aio::to_thread runs each call on a worker
// thread and the loop stays free. The program exits non-zero unless the
// blocking round takes about 3 units and the offloaded one about 1.
#include "lesson.hpp"

#include <aio/aio.hpp>

#include <cstdio>
#include <thread>

namespace {

int blocking_io(int n) {
  std::this_thread::sleep_for(lesson::unit);
  return n;
}

aio::task<int> in_loop(int n) { co_return blocking_io(n); }

aio::task<int> offloaded(int n) { co_return co_await aio::to_thread(blocking_io, n); }

aio::task<bool> lesson_main() {
  lesson::stopwatch blocking;
  (void)co_await aio::gather(in_loop(1), in_loop(2), in_loop(3));
  double blocking_units = blocking.units();

  lesson::stopwatch threads;
  auto [a, b, c] = co_await aio::gather(offloaded(1), offloaded(2), offloaded(3));
  double thread_units = threads.units();

  bool ok = a + b + c == 6;
  ok &= lesson::expect_between("blocking calls inside coroutines", blocking_units, 3, 4.5);
  ok &= lesson::expect_between("the same calls with aio::to_thread", thread_units, 1, 1.5);
  co_return ok;
}

} // namespace

int main() { return aio::run(lesson_main()) ? 0 : 1; }
