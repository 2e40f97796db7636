// A coroutine file with one finding of each kind the plugin tests look for.
// lazylib::task is not [[nodiscard]], so the compiler itself is silent here
// and every warning in the output is the plugin's.
#include "defect_header.hpp"
#include "lazy_task.hpp"

lazylib::task<int> compute();

lazylib::task<int> caller() {
  compute();
  compute(); // NOLINT(async-discarded-coroutine)
  // NOLINTNEXTLINE(async-discarded-coroutine)
  compute();
  // NOLINTBEGIN(async-*)
  compute();
  // NOLINTEND(async-*)
  co_return co_await compute();
}
