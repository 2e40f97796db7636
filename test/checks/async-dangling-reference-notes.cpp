// RUN: %check_async_tidy %s async-dangling-reference %t

// Every note, pinned: where the task goes, where a local dies, and how to fix
// it (at the parameter, the lambda or the member coroutine).

#include <aio/aio.hpp>

#include <string>
#include <utility>
#include <vector>

std::string make_name();

aio::task<int> fetch(const std::string &name) { co_return (int)name.size(); }

aio::task<> awaited_later() {
  auto t = fetch(make_name());
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: temporary 'std::string' bound to reference parameter 'name' of coroutine 'fetch' is destroyed at the end of this statement, but the task is awaited later [async-dangling-reference]
  // CHECK-NOTES: :[[@LINE+2]]:22: note: the task is awaited here
  // CHECK-NOTES: :[[@LINE-6]]:41: note: take the parameter by value, 'co_await' the task in the same statement, or keep the argument alive until the task completes
  co_await std::move(t);
}

aio::task<> used_later(std::vector<aio::task<int>> &all) {
  auto t = fetch(make_name());
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: temporary 'std::string' bound to reference parameter 'name' of coroutine 'fetch' is destroyed at the end of this statement, but the task is used later [async-dangling-reference]
  // CHECK-NOTES: :[[@LINE+2]]:27: note: the task is used here
  // CHECK-NOTES: :[[@LINE-14]]:41: note: take the parameter by value, 'co_await' the task in the same statement, or keep the argument alive until the task completes
  all.push_back(std::move(t));
  co_return;
}

void spawned_from_a_branch(bool now) {
  std::string name = make_name();
  if (now) {
    aio::create_task(fetch(name)).detach();
    // CHECK-NOTES: :[[@LINE-1]]:28: warning: local variable 'name' bound to reference parameter 'name' of coroutine 'fetch' is destroyed at the end of its scope, but the task is spawned and runs after it [async-dangling-reference]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: the task is spawned here
    // CHECK-NOTES: :[[@LINE+4]]:1: note: 'name' is destroyed here
    // CHECK-NOTES: :[[@LINE-26]]:41: note: take the parameter by value, 'co_await' the task in the same statement, or keep the argument alive until the task completes
    return;
  }
}

struct Client {
  std::string host;
  aio::task<int> get() { co_return (int)host.size(); }
};

aio::task<int> member_on_temporary() { return Client{}.get(); }
// CHECK-NOTES: :[[@LINE-1]]:47: warning: temporary 'Client' whose member coroutine 'get' is called is destroyed at the end of this statement, but the task is returned and runs after it [async-dangling-reference]
// CHECK-NOTES: :[[@LINE-2]]:40: note: the task is returned here
// CHECK-NOTES: :[[@LINE-6]]:18: note: keep the object alive until the task completes, or 'co_await' the task in the same statement

aio::task<int> lambda_on_temporary(int x) {
  return [x]() -> aio::task<int> { co_return x; }();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: the captures of a temporary lambda coroutine are destroyed at the end of this statement, but the task is returned and runs after it [async-dangling-reference]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: the task is returned here
  // CHECK-NOTES: :[[@LINE-3]]:10: note: pass what the lambda needs as parameters taken by value, or keep the lambda object alive until the task completes
}
