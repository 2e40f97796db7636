// RUN: %check_async_tidy %s async-unawaited-task %t

// Every way of consuming a task keeps the check quiet; reading it through a
// const reference or a const member does not consume it.

#include <aio/aio.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

aio::task<int> fetch(int id);
bool ready();

void take_by_value(aio::task<int> t);
void take_by_rvalue(aio::task<int> &&t);
void take_by_ref(aio::task<int> &t);
void take_by_pointer(aio::task<int> *t);
void read_only(const aio::task<int> &t);
void read_handle(const aio::task_handle<int> &h);
template <typename... Ts> void variadic(Ts &&...ts);

struct holder {
  aio::task<int> kept;
  explicit holder(aio::task<int> t) : kept(std::move(t)) {}
  aio::task_handle<int> handle;
  void store(aio::task<int> t) { kept = std::move(t); }
  void store_member(bool b) {
    auto t = fetch(1);
    if (b) {
      kept = std::move(t); // stored into a member
      return;
    }
    store(std::move(t));
  }
};

// ---- awaited ----

aio::task<> awaited_directly() {
  auto a = fetch(1);
  auto b = fetch(2);
  auto c = fetch(3);
  auto d = fetch(4);
  co_await a;
  co_await std::move(b);
  int sum = 1 + co_await c;
  sum += co_await (std::move(d));
  (void)sum;
}

aio::task<> awaited_inside_expressions() {
  auto a = fetch(1);
  auto b = fetch(2);
  auto c = fetch(3);
  if (co_await a > 0) {
  }
  auto results = co_await aio::gather(std::move(b), std::move(c));
  (void)results;
}

// ---- moved or passed on ----

aio::task<> passed_on(int k) {
  auto a = fetch(1);
  auto b = fetch(2);
  auto c = fetch(3);
  auto d = fetch(4);
  auto e = fetch(5);
  auto f = fetch(6);
  take_by_value(std::move(a));
  take_by_rvalue(std::move(b));
  take_by_ref(c);
  variadic(d);
  holder h(std::move(e));
  auto moved = std::move(f); // f is moved; 'moved' now owns the task
  co_await moved;
  co_return;
}

aio::task<> spawned() {
  auto t = fetch(1);
  auto h = aio::create_task(std::move(t));
  co_await h;
}

// ---- returned ----

aio::task<int> returned(bool b) {
  auto t = fetch(1);
  if (b)
    return t;
  return std::move(t);
}

aio::task<aio::task<int>> co_returned() {
  auto t = fetch(1);
  co_return std::move(t);
}

// ---- stored ----

aio::task<> stored(std::vector<aio::task<int>> &out,
                   std::map<int, aio::task<int>> &by_id,
                   std::optional<aio::task<int>> &slot, holder &into) {
  auto a = fetch(1);
  auto b = fetch(2);
  auto c = fetch(3);
  auto d = fetch(4);
  auto e = fetch(5);
  out.push_back(std::move(a));
  out.emplace_back(std::move(b));
  by_id[3] = std::move(c);
  slot = std::move(d);
  into.kept = std::move(e);
  co_return;
}

aio::task<> stored_handle_copies(std::vector<aio::task_handle<int>> &out) {
  auto h = aio::create_task(fetch(1));
  auto g = aio::create_task(fetch(2));
  out.push_back(h); // a copy of the handle is kept: awaiting it later works
  read_handle(g);   // a copyable handle bound to const& may be kept
  co_return;
}

// ---- captured ----

aio::task<> captured() {
  auto a = fetch(1);
  auto b = fetch(2);
  auto c = fetch(3);
  auto by_ref = [&a]() -> aio::task<int> { return std::move(a); };
  auto by_move = [t = std::move(b)]() mutable { return std::move(t); };
  auto implicit = [&] { return std::move(c); };
  auto stored = std::move(by_move);
  co_await by_ref();
  co_await stored();
  co_await implicit();
}

// ---- address taken ----

aio::task<> address_taken() {
  auto a = fetch(1);
  auto b = fetch(2);
  auto c = fetch(3);
  take_by_pointer(&a);
  aio::task<int> *p = std::addressof(b);
  aio::task<int> &r = c; // a non-const alias can await it
  co_await *p;
  co_await r;
}

// ---- non-const members ----

aio::task<> handle_members(int k) {
  auto a = aio::create_task(fetch(1));
  auto b = aio::create_task(fetch(2));
  auto c = aio::create_task(fetch(3));
  a.detach();
  b.cancel();
  aio::task_handle<int> other;
  other = c; // copy-assigned: stored into another handle
  co_await other;
}

// ---- reading does not consume ----

aio::task<> only_read() {
  auto t = fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is never awaited; the lazy task never runs [async-unawaited-task]
  read_only(t);
  const auto &view = t;
  (void)view;
  if (t && t.valid() && !t.done())
    co_return;
}

aio::task<> only_read_handle() {
  auto h = aio::create_task(fetch(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 'h' is not awaited on every path; on the paths that drop it, the task runs unobserved and its result and exceptions are lost [async-unawaited-task]
  while (!h.done() && !h.cancelled() && h.valid()) {
    if (ready())
      co_return;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: note: 'h' goes out of scope here without being awaited
    std::string name = h.name();
    (void)name;
    co_await aio::sleep(std::chrono::milliseconds(1));
  }
  co_await h;
}

// ---- copies of handles someone else owns are not followed ----

aio::task<> copies(std::vector<aio::task_handle<int>> &all) {
  for (auto h : all)
    if (h.done())
      break;
  auto first = all.front();
  (void)first.done();
  co_return;
}

// ---- empty tasks are not followed ----

aio::task<> empty_tasks(bool b) {
  aio::task<int> t;
  aio::task<int> u{};
  if (b)
    t = fetch(1);
  co_await t;
}
