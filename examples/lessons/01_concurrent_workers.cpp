// Lesson 1: coroutines run concurrently only when they are scheduled as tasks.
//
// The asyncio original (docs.python.org, "Coroutines and Tasks"):
//
//   async def say_after(delay, what):
//       await asyncio.sleep(delay)
//       print(what)
//
//   async def main():
//       await say_after(2, 'hello')            # one after the other: 5 s
//       await say_after(3, 'world')
//
//       task1 = asyncio.create_task(say_after(2, 'hello'))
//       task2 = asyncio.create_task(say_after(3, 'world'))
//       await task1                            # concurrently: 3 s, not 5
//       await task2
//
// Awaiting a coroutine directly runs it to completion before the next line;
// aio::create_task starts it on the loop, so both sleeps overlap. The program
// exits non-zero unless the sequential run takes about 5 units and the
// concurrent one about 3.
#include "lesson.hpp"

#include <aio/aio.hpp>

#include <cstdio>
#include <string>

namespace {

aio::task<> say_after(double units, std::string what) {
  co_await aio::sleep(units * lesson::unit);
  std::printf("  %s\n", what.c_str());
}

aio::task<bool> lesson_main() {
  lesson::stopwatch sequential;
  co_await say_after(2, "hello");
  co_await say_after(3, "world");
  double sequential_units = sequential.units();

  lesson::stopwatch concurrent;
  auto task1 = aio::create_task(say_after(2, "hello"));
  auto task2 = aio::create_task(say_after(3, "world"));
  co_await task1;
  co_await task2;
  double concurrent_units = concurrent.units();

  bool ok = lesson::expect_between("awaited one after the other", sequential_units, 5, 7.5);
  ok &= lesson::expect_between("two tasks (create_task)", concurrent_units, 3, 4.5);
  co_return ok;
}

} // namespace

int main() { return aio::run(lesson_main()) ? 0 : 1; }
