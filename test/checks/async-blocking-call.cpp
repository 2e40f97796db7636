// RUN: %check_async_tidy %s async-blocking-call %t

#include <aio/aio.hpp>
#include "blocking_apis.hpp"

#include <barrier>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <future>
#include <iostream>
#include <latch>
#include <mutex>
#include <semaphore>
#include <sstream>
#include <string>
#include <thread>
#include <typeinfo>
#include <poll.h>
#include <unistd.h>

using namespace std::chrono_literals;

aio::task<int> compute(int x);

// ---- sleep ----

aio::task<> sleeps() {
  std::this_thread::sleep_for(100ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' in coroutine 'sleeps' blocks the thread and stalls its event loop (sleep); 'co_await' the runtime's sleep instead (for example 'co_await aio::sleep(...)') [async-blocking-call]
  std::this_thread::sleep_until(std::chrono::steady_clock::now() + 1s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_until' in coroutine 'sleeps' blocks the thread and stalls its event loop (sleep); 'co_await' the runtime's sleep instead (for example 'co_await aio::sleep(...)') [async-blocking-call]
  ::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' in coroutine 'sleeps' blocks the thread and stalls its event loop (sleep); {{.*}}
  usleep(500);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'usleep' in coroutine 'sleeps' blocks {{.*}} (sleep); {{.*}}
  boost::this_thread::sleep_for(5ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'boost::this_thread::sleep_for' in coroutine 'sleeps' blocks {{.*}} (sleep); {{.*}}
  co_await aio::sleep(100ms); // The right way.
  // A zero sleep only yields the thread.
  std::this_thread::sleep_for(0ms);
  std::this_thread::sleep_for(std::chrono::seconds(0));
  std::this_thread::yield();
}

// ---- sync-wait: futures, threads, synchronisation primitives ----

struct Shared {
  std::mutex m;
  std::condition_variable cv;
  std::condition_variable_any cv_any;
  std::latch done{1};
  std::barrier<> phase{2};
  std::counting_semaphore<4> slots{4};
  std::binary_semaphore flag{0};
  bool ready = false;
};

aio::task<int> waits(std::future<int> f, std::shared_future<int> sf,
                     Shared &s) {
  int a = f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'std::future::get' in coroutine 'waits' waits for other work to finish and can deadlock its event loop (sync-wait); 'co_await' an awaitable result instead (a task of the runtime), or wait on a worker thread (for example 'co_await aio::to_thread(...)') [async-blocking-call]
  sf.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'std::shared_future::wait' in coroutine 'waits' waits for other work {{.*}} (sync-wait); {{.*}}
  if (sf.wait_for(2s) == std::future_status::ready) {
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'std::shared_future::wait_for' in coroutine 'waits' waits {{.*}}
  }
  // A zero timeout polls and returns at once.
  if (sf.wait_for(0s) == std::future_status::ready) {
  }
  if (sf.wait_for(std::chrono::seconds::zero()) == std::future_status::ready) {
  }
  std::thread t([] {});
  t.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread::join' in coroutine 'waits' waits for other work to finish and can deadlock its event loop (sync-wait); await the work on a worker thread instead of joining a thread (for example 'co_await aio::to_thread(...)') [async-blocking-call]
  std::jthread jt([] {});
  jt.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'std::jthread::join' in coroutine 'waits' {{.*}}
  {
    std::unique_lock<std::mutex> lock(s.m, std::defer_lock);
    s.cv.wait(lock, [&] { return s.ready; });
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'std::condition_variable::wait' in coroutine 'waits' waits for other work to finish and can deadlock its event loop (sync-wait); use an asynchronous event, semaphore or channel of the runtime, or wait on a worker thread (for example 'co_await aio::to_thread(...)') [async-blocking-call]
    s.cv.wait_for(lock, 0ms); // polls
    s.cv_any.wait_for(lock, 10ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'std::condition_variable_any::wait_for' in coroutine 'waits' {{.*}}
  }
  s.done.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'std::latch::wait' in coroutine 'waits' {{.*}}
  s.done.arrive_and_wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'std::latch::arrive_and_wait' in coroutine 'waits' {{.*}}
  s.phase.arrive_and_wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'std::barrier::arrive_and_wait' in coroutine 'waits' {{.*}}
  s.slots.acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'std::counting_semaphore::acquire' in coroutine 'waits' {{.*}}
  s.flag.acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'std::counting_semaphore::acquire' in coroutine 'waits' {{.*}}
  // Non-blocking variants.
  (void)s.slots.try_acquire();
  (void)f.valid();
  if (s.m.try_lock())
    s.m.unlock();
  s.done.count_down();
  co_return a;
}

// ---- sync-wait: running a coroutine to completion inside a coroutine ----

aio::task<int> nested_loops(boost::asio::io_context &io) {
  int a = aio::run(compute(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'aio::run' in coroutine 'nested_loops' waits for other work to finish and can deadlock its event loop (sync-wait); 'co_await' the task instead of running it to completion on this thread [async-blocking-call]
  int b = cppcoro::sync_wait(compute(2));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'cppcoro::sync_wait' in coroutine 'nested_loops' waits {{.*}}
  int c = coro::sync_wait(compute(3));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'coro::sync_wait' in coroutine 'nested_loops' waits {{.*}}
  int d = folly::coro::blockingWait(compute(4));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'folly::coro::blockingWait' in coroutine 'nested_loops' waits {{.*}}
  int e = stdexec::sync_wait(compute(5));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'stdexec::sync_wait' in coroutine 'nested_loops' waits {{.*}}
  int f = async_simple::coro::syncAwait(compute(6));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'async_simple::coro::syncAwait' in coroutine 'nested_loops' waits {{.*}}
  io.run();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'boost::asio::io_context::run' in coroutine 'nested_loops' waits for other work to finish and can deadlock its event loop (sync-wait); run the event loop from synchronous code, and 'co_await' the work here [async-blocking-call]
  io.poll(); // never blocks
  // Same names in another namespace are not the catalogue's.
  int g = mylib::coro::sync_wait(1);
  co_return a + b + c + d + e + f + g + co_await compute(7);
}

// ---- io ----

aio::task<> io(int fd, std::FILE *file, std::ifstream &in,
               std::istringstream &text) {
  char buf[64];
  ::read(fd, buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'read' in coroutine 'io' blocks the thread and stalls its event loop (io); await an asynchronous equivalent, or move it to a worker thread (for example 'co_await aio::to_thread(...)') [async-blocking-call]
  write(fd, buf, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'write' in coroutine 'io' {{.*}} (io); {{.*}}
  std::fread(buf, 1, sizeof buf, file);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'fread' in coroutine 'io' {{.*}} (io); {{.*}}
  std::fgets(buf, sizeof buf, file);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'fgets' in coroutine 'io' {{.*}} (io); {{.*}}
  std::string line;
  std::getline(std::cin, line);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::getline' in coroutine 'io' {{.*}} (io); {{.*}}
  std::getline(in, line);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::getline' in coroutine 'io' {{.*}} (io); {{.*}}
  int n = 0;
  std::cin >> n >> line;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'operator>>' on 'std::cin' in coroutine 'io' blocks the thread and stalls its event loop (io); {{.*}}
  std::system("ls");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'system' in coroutine 'io' blocks the thread and stalls its event loop (io); start the process asynchronously, or run it on a worker thread (for example 'co_await aio::to_thread(...)') [async-blocking-call]
  pollfd pfd{fd, POLLIN, 0};
  ::poll(&pfd, 1, 1000);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'poll' in coroutine 'io' {{.*}} (io); {{.*}}
  ::poll(&pfd, 1, 0); // a zero timeout does not block
  // Reading from memory does not block.
  std::getline(text, line);
  text >> n;
  // A user's function called read is not the C library's.
  mylib::read(fd, buf, sizeof buf);
  mylib::sleep(1);
  co_return;
}

// A coroutine that handles EAGAIN uses non-blocking descriptors: its reads
// and writes return at once.
aio::task<long> read_nonblocking(int fd, char *buf) {
  for (;;) {
    long n = ::read(fd, buf, 64);
    if (n >= 0)
      co_return n;
    if (errno == EAGAIN || errno == EWOULDBLOCK)
      co_await aio::wait_readable(fd);
  }
}

// ---- net-client ----

aio::task<int> clients(CURL *curl, sqlite3 *db, pg_conn *pg, MYSQL *my) {
  curl_easy_perform(curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'curl_easy_perform' in coroutine 'clients' blocks the thread and stalls its event loop (net-client); await an asynchronous equivalent, or move it to a worker thread (for example 'co_await aio::to_thread(...)') [async-blocking-call]
  cpr::Response r = cpr::Get(cpr::Url{"http://example.com"});
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'cpr::Get' in coroutine 'clients' {{.*}} (net-client); {{.*}}
  httplib::Client cli("http://example.com");
  auto res = cli.Get("/");
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'httplib::Client::Get' in coroutine 'clients' {{.*}} (net-client); {{.*}}
  (void)cli.is_valid();
  sqlite3_exec(db, "select 1", nullptr, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sqlite3_exec' in coroutine 'clients' {{.*}} (net-client); {{.*}}
  PQexec(pg, "select 1");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'PQexec' in coroutine 'clients' {{.*}} (net-client); {{.*}}
  mysql_query(my, "select 1");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mysql_query' in coroutine 'clients' {{.*}} (net-client); {{.*}}
  co_return r.status_code + res.status;
}

// ---- lock is off by default ----

aio::task<> locks(std::mutex &m) {
  std::lock_guard<std::mutex> guard(m);
  m.lock();
  m.unlock();
  co_return;
}

// ---- what is not the coroutine's own code ----

void plain_function(std::future<int> &f) {
  // Not a coroutine: blocking is this function's business.
  std::this_thread::sleep_for(1s);
  f.get();
}

aio::task<int> offloads(std::future<int> f) {
  // Work handed to a thread, or a lambda that is only defined here.
  int v = co_await aio::to_thread([&f] {
    std::this_thread::sleep_for(1s);
    return f.get();
  });
  auto later = [] { std::this_thread::sleep_for(1s); };
  std::thread worker(later);
  worker.detach();
  // A local class's members run when someone calls them.
  struct Local {
    void block() { std::this_thread::sleep_for(1s); }
  };
  // Unevaluated operands.
  static_assert(sizeof(f.get()) == sizeof(int));
  using T = decltype(f.get());
  constexpr bool NoThrow = noexcept(f.get());
  (void)typeid(f.get());
  (void)NoThrow;
  // A discarded constexpr branch.
  if constexpr (sizeof(T) == 1)
    std::this_thread::sleep_for(1s);
  co_return v;
}

// ---- lambda coroutines, nested coroutines ----

void spawns() {
  auto coro = [](std::future<int> f) -> aio::task<int> {
    co_return f.get();
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'std::future::get' in a lambda coroutine waits {{.*}}
  };
  (void)coro;
}

aio::task<> outer() {
  // A coroutine lambda inside a coroutine is checked on its own, once.
  auto inner = []() -> aio::task<> {
    usleep(10);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'usleep' in a lambda coroutine blocks {{.*}}
    co_return;
  };
  co_await inner();
}

// ---- templates: every instantiation, reported once ----

template <typename T> aio::task<T> get_later(std::future<T> f) {
  co_return f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'std::future::get' in coroutine 'get_later' waits {{.*}}
}
template aio::task<int> get_later(std::future<int>);
template aio::task<long> get_later(std::future<long>);

// A dependent call resolves to a blocking one only in some instantiations.
struct Fast { void wait() {} };
template <typename W> aio::task<> wait_on(W &w) {
  w.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::shared_future::wait' in coroutine 'wait_on' waits {{.*}}
  co_return;
}
template aio::task<> wait_on(Fast &);
template aio::task<> wait_on(std::shared_future<int> &);

// Never instantiated: never reported.
template <typename T> aio::task<> uninstantiated(std::future<T> f) {
  f.get();
  co_return;
}

// ---- macros: reported at the macro, never fixed ----

#define NAP() std::this_thread::sleep_for(10ms)
aio::task<> macro_user() {
  NAP();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' in coroutine 'macro_user' blocks {{.*}}
  co_return;
}

// ---- catch handlers ----

aio::task<> retries() {
  try {
    co_await compute(1);
  } catch (...) {
    std::this_thread::sleep_for(1s);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::this_thread::sleep_for' in coroutine 'retries' blocks {{.*}}
  }
}
