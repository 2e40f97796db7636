// Lesson 7: a producer and a pool of workers connected by a queue.
//
// The asyncio original (docs.python.org, "Queues"):
//
//   async def worker(queue):
//       while True:
//           job = await queue.get()
//           await asyncio.sleep(job)          # the work
//           queue.task_done()
//
//   queue = asyncio.Queue(maxsize=3)
//   workers = [asyncio.create_task(worker(queue)) for _ in range(3)]
//   for job in jobs:
//       await queue.put(job)                  # waits while the queue is full
//   await queue.join()                        # every job done
//   for w in workers: w.cancel()
//   await asyncio.gather(*workers, return_exceptions=True)
//
// Twelve jobs of 1 unit each: three workers finish them in about 4 units,
// not 12. The bounded queue keeps the producer at most 3 jobs ahead of the
// workers (backpressure) instead of piling up everything at once. join()
// waits for task_done() of every job, not merely for the queue to be empty.
// Workers loop forever, so they are cancelled at the end; gather_settled
// collects their cancellations. The program exits non-zero unless the
// timing and the bound hold.
#include "lesson.hpp"

#include <aio/aio.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <vector>

namespace {

struct stats {
  std::size_t jobs_done = 0;
  std::size_t longest_queue = 0;
};

aio::task<> worker(aio::queue<double> &jobs, stats &s) {
  for (;;) {
    double units = co_await jobs.get();
    co_await aio::sleep(units * lesson::unit);
    ++s.jobs_done;
    jobs.task_done();
  }
}

aio::task<bool> lesson_main() {
  aio::queue<double> jobs(3);
  stats s;
  lesson::stopwatch watch;

  std::vector<aio::task_handle<>> workers;
  for (int i = 0; i < 3; ++i)
    workers.push_back(aio::create_task(worker(jobs, s)));

  for (int i = 0; i < 12; ++i) {
    co_await jobs.put(1.0); // waits while 3 jobs are queued
    s.longest_queue = std::max(s.longest_queue, jobs.size());
  }
  co_await jobs.join();
  double took = watch.units();

  for (auto &w : workers)
    w.cancel();
  auto ends = co_await aio::gather_settled(std::move(workers));
  std::size_t cancelled = 0;
  for (auto &e : ends)
    cancelled += !e.has_value();

  std::printf("  %zu jobs done, queue never longer than %zu, %zu workers cancelled\n",
              s.jobs_done, s.longest_queue, cancelled);
  bool ok = s.jobs_done == 12 && s.longest_queue <= 3 && cancelled == 3;
  ok &= lesson::expect_between("12 one-unit jobs, 3 workers", took, 4, 8); // not 12
  co_return ok;
}

} // namespace

int main() { return aio::run(lesson_main()) ? 0 : 1; }
