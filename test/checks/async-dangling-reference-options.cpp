// With the options: the listed spawns, the listed view type, the ignored types.
// RUN: %check_async_tidy %s async-dangling-reference %t -- \
// RUN:   --config="{CheckOptions: {async-dangling-reference.SpawnFunctions: '::mylib::fire;mylib::pool::post', async-dangling-reference.ReferenceLikeTypes: 'mylib::StrRef', async-dangling-reference.IgnoredTypes: '::mylib::Executor;eagerlib::result'}}"
// Without them: those calls are quiet, the ignored types are reported.
// RUN: %check_async_tidy -check-suffix=DEFAULT %s async-dangling-reference %t

#include "eager_task.hpp"
#include "lazy_task.hpp"

#include <string>
#include <utility>

std::string make_name();

namespace mylib {
// A view type the check cannot know about without ReferenceLikeTypes.
struct StrRef {
  StrRef(const std::string &s) : data(s.data()), size(s.size()) {}
  const char *data;
  std::size_t size;
};
struct Executor {
  int id;
};
// A lone task argument of a free function looks like sync_wait; only the
// option makes `fire` a spawn.
void fire(lazylib::task<void> t);
// Not a spawn by shape either: it returns an int.
struct pool {
  int post(lazylib::task<void> t);
};
} // namespace mylib

lazylib::task<void> work(const std::string &name) {
  (void)name.size();
  co_return;
}

lazylib::task<int> measure(mylib::StrRef s) { co_return (int)s.size; }

lazylib::task<int> on(mylib::Executor &ex) { co_return ex.id; }

eagerlib::result<int> eager_reads_late(const std::string &name) {
  co_await std::suspend_always{};
  co_return (int)name.size();
}

void spawn_functions(mylib::pool &p) {
  mylib::fire(work(std::string("x")));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: temporary 'std::string' bound to reference parameter 'name' of coroutine 'work' is destroyed at the end of this statement, but the task is spawned and runs after it [async-dangling-reference]
  p.post(work(std::string("y")));
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: temporary 'std::string' bound to reference parameter 'name' of coroutine 'work' is destroyed at the end of this statement, but the task is spawned and runs after it [async-dangling-reference]
}

lazylib::task<> reference_like_types() {
  auto t = measure(make_name());
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: temporary 'std::string' viewed through parameter 's' of coroutine 'measure' is destroyed at the end of this statement, but the task is awaited later [async-dangling-reference]
  co_await std::move(t);
}

lazylib::task<int> ignored_parameter_type() {
  mylib::Executor ex{1};
  return on(ex);
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:13: warning: local variable 'ex' bound to reference parameter 'ex' of coroutine 'on' is destroyed when 'ignored_parameter_type' returns, but the task is returned and runs after it [async-dangling-reference]
}

lazylib::task<> ignored_task_type() {
  auto r = eager_reads_late(make_name());
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:29: warning: temporary 'std::string' bound to reference parameter 'name' of coroutine 'eager_reads_late' is destroyed at the end of this statement, but the task is awaited later [async-dangling-reference]
  co_await r;
}
