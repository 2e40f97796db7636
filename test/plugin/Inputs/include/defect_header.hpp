// A header with a finding in it: reported when included with -I, quiet when
// it is a system header (-isystem), like the compiler's own warnings.
#pragma once
#include "lazy_task.hpp"

lazylib::task<int> header_compute();

inline lazylib::task<int> header_caller() {
  header_compute();
  co_return 0;
}
