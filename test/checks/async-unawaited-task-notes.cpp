// RUN: %check_async_tidy %s async-unawaited-task %t

// Every note, pinned: the places where the task is dropped, then how to
// silence the warning.

#include <aio/aio.hpp>

aio::task<int> fetch(int id);
bool ready();

aio::task<> spawned_handle(int n) {
  auto h = aio::create_task(fetch(n));
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: task 'h' is not awaited on every path; on the paths that drop it, the task runs unobserved and its result and exceptions are lost [async-unawaited-task]
  for (int i = 0; i < n; ++i) {
    if (ready())
      co_return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'h' goes out of scope here without being awaited
  }
  if (n > 3)
    h.detach();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 'h' goes out of scope here without being awaited
// CHECK-NOTES: :[[@LINE-11]]:8: note: 'co_await' it on every path, call '.detach()' to let it run unobserved, or declare it '{{\[\[maybe_unused\]\]}}' if dropping it is intended

void blocking() {
  auto t = fetch(1);
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: task 't' is never awaited; the lazy task never runs [async-unawaited-task]
  // CHECK-NOTES: :[[@LINE-2]]:8: note: run it (for example with 'aio::run' or 'sync_wait') or return it to a caller that awaits it on every path, or declare it '{{\[\[maybe_unused\]\]}}' if dropping it is intended
}
