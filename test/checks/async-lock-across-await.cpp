// RUN: %check_async_tidy %s async-lock-across-await %t

// Every shape of the spec, on a lazy task library (cppcoro/libcoro style),
// with every note pinned.

#include "lazy_task.hpp"

#include <mutex>
#include <shared_mutex>
#include <utility>

lazylib::task<int> fetch(int id);
bool ready();
void work();
void consume(std::unique_lock<std::mutex> lock);

std::mutex m;
std::mutex other;

// ---- held across the await ----

lazylib::task<int> guard_across() {
  std::lock_guard<std::mutex> g(m);
  int v = co_await fetch(1);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: coroutine 'guard_across' suspends while holding 'std::lock_guard<std::mutex>' 'g'; code that takes the lock meanwhile blocks its thread (a deadlock if it runs on the same event loop), and resuming on another thread unlocks a mutex that thread does not own [async-lock-across-await]
  // CHECK-NOTES: :[[@LINE-3]]:31: note: 'g' is locked here
  // CHECK-NOTES: :[[@LINE-3]]:11: note: release 'g' before the 'co_await', or use your coroutine library's asynchronous mutex, whose lock can be held across 'co_await'
  co_return v;
}

lazylib::task<int> co_return_await() {
  std::unique_lock lock(m);
  co_return co_await fetch(2);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: coroutine 'co_return_await' suspends while holding 'std::unique_lock<std::mutex>' 'lock'; {{.*}}
  // CHECK-NOTES: :[[@LINE-3]]:20: note: 'lock' is locked here
  // CHECK-NOTES: :[[@LINE-3]]:13: note: release 'lock' before the 'co_await'{{.*}}
}

// ---- released on one path only ----

lazylib::task<> released_on_one_path(bool b) {
  std::unique_lock<std::mutex> g(m);
  if (b)
    g.unlock();
  co_await fetch(3);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'released_on_one_path' suspends on some paths while holding 'std::unique_lock<std::mutex>' 'g'; {{.*}}
  // CHECK-NOTES: :[[@LINE-5]]:32: note: 'g' is locked here
  // CHECK-NOTES: :[[@LINE-4]]:5: note: 'g' is released here, but not on every path to the suspension
  // CHECK-NOTES: :[[@LINE-4]]:3: note: release 'g' before the 'co_await'{{.*}}
}

// ---- taken in one branch, held after it ----

lazylib::task<> taken_in_branch(bool b) {
  std::unique_lock<std::mutex> g(m, std::defer_lock);
  if (b)
    g.lock();
  co_await fetch(4);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'taken_in_branch' suspends on some paths while holding 'std::unique_lock<std::mutex>' 'g'; {{.*}}
  // CHECK-NOTES: :[[@LINE-3]]:5: note: 'g' is locked here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: release 'g' before the 'co_await'{{.*}}
}

// ---- in an if, for and switch initialiser ----

lazylib::task<> if_init() {
  if (std::lock_guard<std::mutex> g(m); ready())
    co_await fetch(5);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: coroutine 'if_init' suspends while holding 'std::lock_guard<std::mutex>' 'g'; {{.*}}
  // CHECK-NOTES: :[[@LINE-3]]:35: note: 'g' is locked here
  // CHECK-NOTES: :[[@LINE-3]]:5: note: release 'g' {{.*}}
}

lazylib::task<> for_init(int n) {
  for (std::scoped_lock g(m, other); n > 0; --n)
    co_await fetch(n);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: coroutine 'for_init' suspends while holding 'std::scoped_lock<std::mutex, std::mutex>' 'g'; {{.*}}
  // CHECK-NOTES: :[[@LINE-3]]:25: note: 'g' is locked here
  // CHECK-NOTES: :[[@LINE-3]]:5: note: release 'g' {{.*}}
}

lazylib::task<> switch_init(int n) {
  switch (std::lock_guard<std::mutex> g(m); n) {
  case 1:
    co_await fetch(n);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: coroutine 'switch_init' suspends while holding 'std::lock_guard<std::mutex>' 'g'; {{.*}}
    // CHECK-NOTES: :[[@LINE-4]]:39: note: 'g' is locked here
    // CHECK-NOTES: :[[@LINE-3]]:5: note: release 'g' {{.*}}
    break;
  default:
    break;
  }
}

// ---- a loop that locks at the top and awaits at the bottom ----

lazylib::task<> loop_top_bottom(int n) {
  while (n-- > 0) {
    std::unique_lock<std::mutex> g(m);
    work();
    co_await fetch(n);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: coroutine 'loop_top_bottom' suspends while holding 'std::unique_lock<std::mutex>' 'g'; {{.*}}
    // CHECK-NOTES: :[[@LINE-4]]:34: note: 'g' is locked here
    // CHECK-NOTES: :[[@LINE-3]]:5: note: release 'g' {{.*}}
  }
}

// ---- locked by hand, unlocked after the await ----

lazylib::task<> manual_lock() {
  m.lock();
  co_await fetch(6);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'manual_lock' suspends while holding 'std::mutex' 'm'; {{.*}}
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'm' is locked here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: release 'm' {{.*}}
  m.unlock();
}

// ---- a successful try_lock ----

lazylib::task<> try_lock_success() {
  if (m.try_lock()) {
    co_await fetch(7);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: coroutine 'try_lock_success' suspends while holding 'std::mutex' 'm'; {{.*}}
    // CHECK-NOTES: :[[@LINE-3]]:7: note: 'm' is locked here
    // CHECK-NOTES: :[[@LINE-3]]:5: note: release 'm' {{.*}}
    m.unlock();
  }
}

lazylib::task<> try_to_lock_owned() {
  std::unique_lock<std::mutex> g(m, std::try_to_lock);
  if (!g.owns_lock())
    co_return;
  co_await fetch(8);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'try_to_lock_owned' suspends while holding 'std::unique_lock<std::mutex>' 'g'; {{.*}}
  // CHECK-NOTES: :[[@LINE-5]]:32: note: 'g' is locked here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: release 'g' {{.*}}
}

// ---- other std mutexes and guards, members, std::lock with adopt_lock ----

struct Account {
  std::shared_mutex rw;
  std::recursive_mutex rec;
  std::mutex a, b;

  lazylib::task<int> read() {
    std::shared_lock reader(rw);
    co_return co_await fetch(9);
    // CHECK-NOTES: :[[@LINE-1]]:15: warning: coroutine 'Account::read' suspends while holding 'std::shared_lock<std::shared_mutex>' 'reader'; {{.*}}
    // CHECK-NOTES: :[[@LINE-3]]:22: note: 'reader' is locked here
    // CHECK-NOTES: :[[@LINE-3]]:15: note: release 'reader' {{.*}}
  }

  lazylib::task<> member_by_hand() {
    rec.lock();
    co_await fetch(10);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: coroutine 'Account::member_by_hand' suspends while holding 'std::recursive_mutex' 'rec'; {{.*}}
    // CHECK-NOTES: :[[@LINE-3]]:5: note: 'rec' is locked here
    // CHECK-NOTES: :[[@LINE-3]]:5: note: release 'rec' {{.*}}
    rec.unlock();
  }

  lazylib::task<> adopted() {
    std::lock(a, b);
    std::lock_guard<std::mutex> ga(a, std::adopt_lock);
    std::lock_guard<std::mutex> gb(b, std::adopt_lock);
    co_await fetch(11);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: coroutine 'Account::adopted' suspends while holding 'std::lock_guard<std::mutex>' 'ga'; {{.*}}
    // CHECK-NOTES: :[[@LINE-5]]:5: note: 'a' is locked here
    // CHECK-NOTES: :[[@LINE-3]]:5: note: release 'ga' {{.*}}
    // CHECK-NOTES: :[[@LINE-4]]:5: warning: coroutine 'Account::adopted' suspends while holding 'std::lock_guard<std::mutex>' 'gb'; {{.*}}
    // CHECK-NOTES: :[[@LINE-8]]:5: note: 'b' is locked here
    // CHECK-NOTES: :[[@LINE-6]]:5: note: release 'gb' {{.*}}
  }

  lazylib::task<> adopted_and_released() {
    std::lock(a, b);
    {
      std::lock_guard<std::mutex> ga(a, std::adopt_lock);
      std::lock_guard<std::mutex> gb(b, std::adopt_lock);
      work();
    }
    co_await fetch(12);
  }
};

// ---- a guard moved into another guard keeps the lock ----

lazylib::task<> moved_to_local() {
  std::unique_lock<std::mutex> first(m);
  std::unique_lock<std::mutex> second(std::move(first));
  co_await fetch(13);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'moved_to_local' suspends while holding 'std::unique_lock<std::mutex>' 'second'; {{.*}}
  // CHECK-NOTES: :[[@LINE-4]]:32: note: 'first' is locked here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: release 'second' {{.*}}
}

// ---- a coroutine lambda ----

void spawns() {
  auto body = [](int x) -> lazylib::task<int> {
    std::lock_guard<std::mutex> g(m);
    co_return co_await fetch(x);
    // CHECK-NOTES: :[[@LINE-1]]:15: warning: coroutine lambda suspends while holding 'std::lock_guard<std::mutex>' 'g'; {{.*}}
    // CHECK-NOTES: :[[@LINE-3]]:33: note: 'g' is locked here
    // CHECK-NOTES: :[[@LINE-3]]:15: note: release 'g' {{.*}}
  };
  (void)body;
}

// ---- not flagged ----

lazylib::task<> scope_ends_first() {
  {
    std::lock_guard<std::mutex> g(m);
    work();
  }
  co_await fetch(20);
}

lazylib::task<> unlocked_on_every_path(bool b) {
  std::unique_lock<std::mutex> g(m);
  work();
  if (b)
    g.unlock();
  else
    g.unlock();
  co_await fetch(21);
}

lazylib::task<> moved_away() {
  std::unique_lock<std::mutex> g(m);
  consume(std::move(g));
  co_await fetch(22);
}

void not_a_coroutine() {
  std::lock_guard<std::mutex> g(m);
  work();
}

lazylib::task<> callback_lambda() {
  auto callback = [] {
    std::lock_guard<std::mutex> g(m);
    work();
  };
  callback();
  co_await fetch(23);
}

lazylib::task<> deferred_never_locked() {
  std::unique_lock<std::mutex> g(m, std::defer_lock);
  co_await fetch(24);
}

lazylib::task<int> locked_after_last_suspension() {
  int v = co_await fetch(25);
  std::lock_guard<std::mutex> g(m);
  co_return v + 1;
}

lazylib::task<> manual_unlocked_before() {
  m.lock();
  work();
  m.unlock();
  co_await fetch(26);
}

lazylib::task<> try_lock_failed() {
  if (!m.try_lock()) {
    co_await fetch(27);
    co_return;
  }
  work();
  m.unlock();
}

lazylib::task<> spin_on_try_lock() {
  while (!m.try_lock())
    co_await fetch(28);
  work();
  m.unlock();
  co_await fetch(29);
}

lazylib::task<> not_owned_after_try() {
  std::unique_lock<std::mutex> g(m, std::try_to_lock);
  if (g.owns_lock())
    co_return;
  co_await fetch(30);
}

lazylib::task<> never_suspends() {
  std::lock_guard<std::mutex> g(m);
  co_await std::suspend_never{};
}

void unlock_it(std::unique_lock<std::mutex> &lock);

lazylib::task<> handed_to_unknown_code() {
  std::unique_lock<std::mutex> g(m);
  unlock_it(g);
  co_await fetch(31);
}

lazylib::task<> unlocked_after_move_assign() {
  std::unique_lock<std::mutex> g(m);
  std::unique_lock<std::mutex> h;
  h = std::move(g);
  h.unlock();
  co_await fetch(32);
}

lazylib::task<> loop_unlocks_before_await(int n) {
  for (int i = 0; i < n; ++i) {
    m.lock();
    work();
    m.unlock();
    co_await fetch(i);
  }
}
