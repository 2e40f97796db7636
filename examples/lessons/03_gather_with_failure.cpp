// Lesson 3: what gather does when one of the awaitables fails.
//
// The asyncio original:
//
//   async def work(delay, fail=False):
//       await asyncio.sleep(delay)
//       if fail: raise ValueError(f'work({delay}) failed')
//       return delay
//
//   try:
//       await asyncio.gather(work(1), work(2, fail=True), work(3))
//   except ValueError as e:
//       print('gather raised', e)
//
//   results = await asyncio.gather(work(1), work(2, fail=True), work(3),
//                                  return_exceptions=True)
//   # [1, ValueError('work(2) failed'), 3]
//
// aio::gather waits until every awaitable has finished (it cancels nothing),
// then rethrows the first failure; aio::gather_settled is
// return_exceptions=True: one aio::outcome per awaitable. The program exits
// non-zero unless both rounds take about the largest delay and report what
// the lesson says.
#include "lesson.hpp"

#include <aio/aio.hpp>

#include <cstdio>
#include <stdexcept>
#include <string>

namespace {

aio::task<int> work(int units, bool fail = false) {
  co_await aio::sleep(units * lesson::unit);
  if (fail)
    throw std::invalid_argument("work(" + std::to_string(units) + ") failed");
  std::printf("  work(%d) done\n", units);
  co_return units;
}

aio::task<bool> lesson_main() {
  bool ok = true;

  lesson::stopwatch plain;
  try {
    (void)co_await aio::gather(work(1), work(2, true), work(3));
    std::printf("  gather returned?!\n");
    ok = false;
  } catch (const std::invalid_argument &e) {
    // Raised only after work(3) finished too.
    std::printf("  gather raised: %s\n", e.what());
  }
  ok &= lesson::expect_between("gather with a failure", plain.units(), 3, 4.5);

  lesson::stopwatch settled;
  auto [one, two, three] = co_await aio::gather_settled(work(1), work(2, true), work(3));
  double settled_units = settled.units();
  std::printf("  results: %d, %s, %d\n", one.value(),
              two.has_value() ? "a value?!" : "an exception", three.value());
  ok &= one.has_value() && !two.has_value() && three.has_value();
  ok &= lesson::expect_between("gather_settled with a failure", settled_units, 3, 4.5);
  co_return ok;
}

} // namespace

int main() { return aio::run(lesson_main()) ? 0 : 1; }
