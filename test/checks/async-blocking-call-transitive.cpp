// RUN: %check_async_tidy %s async-blocking-call %t
// RUN: %check_async_tidy -check-suffix=OFF %s async-blocking-call %t -- --config="{CheckOptions: {async-blocking-call.TransitiveDepth: 0}}"

#include <aio/aio.hpp>

#include <chrono>
#include <future>
#include <thread>

using namespace std::chrono_literals;

// ---- depth 1: a helper that blocks ----

void nap() { std::this_thread::sleep_for(10ms); }

aio::task<> depth_one() {
  nap();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'nap' in coroutine 'depth_one' calls 'std::this_thread::sleep_for', which blocks the thread and stalls its event loop (sleep); 'co_await' the runtime's sleep instead (for example 'co_await aio::sleep(...)') [async-blocking-call]
  // CHECK-NOTES: :14:14: note: 'nap' calls 'std::this_thread::sleep_for' here
  co_return;
}

// ---- depth 3: the chain is walked in notes ----

int wait_result(std::future<int> &f) { return f.get(); }
int level2(std::future<int> &f) { return wait_result(f) + 1; }
struct Client {
  int fetch(std::future<int> &f) { return level2(f); }
};

aio::task<int> depth_three(std::future<int> f) {
  Client c;
  co_return c.fetch(f);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'Client::fetch' in coroutine 'depth_three' calls 'std::future::get', which waits for other work to finish and can deadlock its event loop (sync-wait); 'co_await' an awaitable result instead (a task of the runtime), or wait on a worker thread (for example 'co_await aio::to_thread(...)') [async-blocking-call]
  // CHECK-NOTES: :28:43: note: 'Client::fetch' calls 'level2' here
  // CHECK-NOTES: :26:42: note: 'level2' calls 'wait_result' here
  // CHECK-NOTES: :25:49: note: 'wait_result' calls 'std::future::get' here
}

// ---- depth 4: beyond the default limit of 3, quiet ----

void d4() { std::this_thread::sleep_for(1s); }
void d3() { d4(); }
void d2() { d3(); }
void d1() { d2(); }

aio::task<> too_deep() {
  d1();
  // But d2 is within reach.
  d2();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'd2' in coroutine 'too_deep' calls 'std::this_thread::sleep_for', which blocks {{.*}}
  // CHECK-NOTES: :44:13: note: 'd2' calls 'd3' here
  // CHECK-NOTES: :43:13: note: 'd3' calls 'd4' here
  // CHECK-NOTES: :42:13: note: 'd4' calls 'std::this_thread::sleep_for' here
  co_return;
}

// ---- recursion terminates, and still finds the blocking call ----

void ping(int n);
void pong(int n) {
  if (n > 0)
    ping(n - 1);
}
void ping(int n) {
  if (n > 0)
    pong(n - 1);
}
int countdown(int n) { return n > 0 ? countdown(n - 1) : 0; }

void rec_a(int n);
void rec_b(int n) {
  if (n > 0)
    rec_a(n - 1);
  else
    std::this_thread::sleep_for(1ms);
}
void rec_a(int n) { rec_b(n); }

aio::task<int> recursion() {
  ping(3);
  pong(3);
  rec_a(2);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'rec_a' in coroutine 'recursion' calls 'std::this_thread::sleep_for', which blocks {{.*}}
  // CHECK-NOTES: :78:21: note: 'rec_a' calls 'rec_b' here
  // CHECK-NOTES: :76:5: note: 'rec_b' calls 'std::this_thread::sleep_for' here
  rec_b(2);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'rec_b' in coroutine 'recursion' calls 'std::this_thread::sleep_for', which blocks {{.*}}
  // CHECK-NOTES: :76:5: note: 'rec_b' calls 'std::this_thread::sleep_for' here
  co_return countdown(5);
}

// ---- handing a function to another function is not calling it ----

template <typename F> void store(F f);

aio::task<> hands_over() {
  co_await aio::to_thread(nap);
  co_await aio::to_thread([] { nap(); });
  co_await aio::to_thread(&d4);
  store(nap);
  auto fn = &nap;
  (void)fn;
  co_return;
}

// ---- calling a lambda does run it ----

aio::task<> calls_lambda() {
  auto block = [] { nap(); };
  block();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'lambda' in coroutine 'calls_lambda' calls 'std::this_thread::sleep_for', which blocks {{.*}}
  // CHECK-NOTES: :110:21: note: 'lambda' calls 'nap' here
  // CHECK-NOTES: :14:14: note: 'nap' calls 'std::this_thread::sleep_for' here
  co_return;
}

// ---- a coroutine callee is checked on its own; virtual calls not followed ----

aio::task<> child() {
  nap();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'nap' in coroutine 'child' calls {{.*}}
  // CHECK-NOTES: :14:14: note: 'nap' calls 'std::this_thread::sleep_for' here
  co_return;
}
struct Base {
  virtual void step() { nap(); }
  virtual ~Base() = default;
};
aio::task<> parent(Base &b) {
  co_await child();
  b.step();
  co_return;
}

// ---- templates: each instantiation's helper, reported once ----

template <typename T> T take(std::future<T> &f) { return f.get(); }
template <typename T> aio::task<T> generic(std::future<T> f) {
  co_return take(f);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'take' in coroutine 'generic' calls 'std::future::get', which waits {{.*}}
  // CHECK-NOTES: :138:60: note: 'take' calls 'std::future::get' here
}
template aio::task<int> generic(std::future<int>);
template aio::task<long> generic(std::future<long>);

// With TransitiveDepth 0 only direct calls count.
aio::task<> direct() {
  nap();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'nap' in coroutine 'direct' calls {{.*}}
  // CHECK-NOTES: :14:14: note: 'nap' calls 'std::this_thread::sleep_for' here
  std::this_thread::sleep_for(1s);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' in coroutine 'direct' blocks {{.*}}
  // CHECK-NOTES-OFF: :[[@LINE-2]]:3: warning: 'std::this_thread::sleep_for' in coroutine 'direct' blocks {{.*}}
  co_return;
}

// ---- descriptor I/O behind an asynchronous socket wrapper ----

#include <unistd.h>

// The class's coroutines await readiness and its plain members do the system
// calls on descriptors it keeps non-blocking: quiet.
class socket_wrapper {
public:
  aio::task<long> read_some(char *buf) {
    co_await aio::wait_readable(fd_);
    co_return recv_now(buf);
  }

private:
  long recv_now(char *buf) { return ::read(fd_, buf, 64); }
  int fd_ = -1;
};

// A free helper reading a descriptor from a coroutine does block.
long read_config(int fd, char *buf) { return ::read(fd, buf, 64); }
aio::task<long> load(int fd, char *buf) {
  co_return read_config(fd, buf);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'read_config' in coroutine 'load' calls 'read', which blocks the thread and stalls its event loop (io); {{.*}}
  // CHECK-NOTES: :177:46: note: 'read_config' calls 'read' here
}
