// RUN: %check_async_tidy --expect-clang-tidy-error %s async-dangling-reference %t

// Broken code must not crash the check, and the check must stay quiet about
// what it cannot understand, while still reporting what it can.
#include <aio/aio.hpp>

#include <string>
#include <utility>

std::string make_name();
aio::task<int> fetch(const std::string &name) { co_return (int)name.size(); }
aio::task<int> broken_coroutine(const std::string &name, undeclared_type u);

aio::task<> body() {
  auto t1 = fetch(undeclared_variable);
  co_await std::move(t1);
  auto t2 = broken_coroutine(make_name(), 1);
  co_await std::move(t2);
  auto t3 = fetch(make_name());
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: temporary 'std::string' bound to reference parameter 'name' of coroutine 'fetch' is destroyed at the end of this statement, but the task is awaited later [async-dangling-reference]
  // CHECK-NOTES: :[[@LINE+2]]:22: note: the task is awaited here
  // CHECK-NOTES: :[[@LINE-11]]:41: note: take the parameter by value, 'co_await' the task in the same statement, or keep the argument alive until the task completes
  co_await std::move(t3);
}

// Dependent code is analysed only in instantiations; none here.
template <typename T> aio::task<> dependent(T value) {
  auto t = fetch(value.name());
  co_await std::move(t);
  auto u = value.start(make_name());
  co_await std::move(u);
}

struct Incomplete;
aio::task<int> takes_incomplete(const Incomplete &i);
Incomplete make_incomplete();
aio::task<> uses_incomplete() {
  auto t = takes_incomplete(make_incomplete());
  co_await std::move(t);
}

// Mid-edit: a spawn whose handle's type does not exist.
aio::task<> half_typed() {
  auto h = aio::create_task(fetch(make_name()), undeclared_option);
  co_await h;
}
