// Lesson 5: debug mode reports the mistakes the linter looks for.
//
// The asyncio original: run with PYTHONASYNCIODEBUG=1 (or
// asyncio.run(main(), debug=True)) and asyncio logs
//
//   RuntimeWarning: coroutine 'work' was never awaited
//   Task exception was never retrieved
//   Executing <Task ...> took 0.120 seconds
//
// aio's debug mode (AIO_DEBUG=1, or aio::set_debug(true)) reports the same
// three mistakes through a replaceable handler. Each is what one of
// async-tidy's checks finds before the program runs:
//   never awaited               <- async-discarded-coroutine, async-unawaited-task
//   exception never retrieved   <- async-unawaited-task (a handle never awaited)
//   slow step                   <- async-blocking-call
// The program makes each mistake once, prints the reports, and exits
// non-zero unless exactly one report of each kind arrived.
#include "lesson.hpp"

#include <aio/aio.hpp>

#include <cstdio>
#include <stdexcept>
#include <thread>
#include <vector>

namespace {

aio::task<int> work() { co_return 1; }

aio::task<int> failing_work() {
  co_await aio::sleep(lesson::unit / 4);
  throw std::runtime_error("nobody will see this");
}

aio::task<> mistakes() {
  {
    auto forgotten = work(); // never awaited
  }
  aio::create_task(failing_work()).detach(); // its exception is never retrieved
  std::this_thread::sleep_for(lesson::unit * 3); // blocks the loop: a slow step
  co_await aio::sleep(lesson::unit);
}

} // namespace

int main() {
  std::vector<aio::debug_report> reports;
  aio::set_debug_handler([&](const aio::debug_report &r) {
    std::printf("  report: %s\n", r.message.c_str());
    reports.push_back(r);
  });
  aio::set_debug(true);
  aio::set_slow_step_threshold(lesson::unit * 2);
  aio::run(mistakes());

  int counts[3] = {};
  for (const auto &r : reports)
    ++counts[static_cast<int>(r.kind)];
  std::printf("never awaited: %d, exception never retrieved: %d, slow steps: %d\n",
              counts[0], counts[1], counts[2]);
  return counts[0] == 1 && counts[1] == 1 && counts[2] == 1 ? 0 : 1;
}
