// RUN: %check_async_tidy %s async-discarded-coroutine %t -- \
// RUN:   --config="{CheckOptions: {async-discarded-coroutine.IgnoredTypes: '::lazylib::task;eagerlib::res.*', async-discarded-coroutine.AllowCastToVoid: false, async-discarded-coroutine.CheckedTypes: 'mylib::Future'}}"

#include <aio/aio.hpp>
#include "lazy_task.hpp"
#include "eager_task.hpp"

namespace mylib {
// Neither awaitable nor a coroutine type: only CheckedTypes makes it a task.
template <typename T> struct Future {
  T get();
};
} // namespace mylib

aio::task<int> fetch(int id);
lazylib::task<int> compute();
eagerlib::result<int> start_download();
mylib::Future<int> submit();

aio::task<> options() {
  compute();          // IgnoredTypes, with a leading '::'
  start_download();   // IgnoredTypes, as a regular expression
  (void)fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: task 'aio::task<int>' returned by 'fetch' is discarded; the task never runs unless it is awaited [async-discarded-coroutine]
  submit();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task 'mylib::Future<int>' returned by 'submit' is discarded; nothing awaits it, so its result and exceptions are lost [async-discarded-coroutine]
  co_return;
}
