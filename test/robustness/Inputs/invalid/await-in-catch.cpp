// co_await and co_yield inside a handler are ill-formed.
#include <aio/aio.hpp>
aio::task<int> compute();
aio::task<void> save();
aio::task<int> f() {
  try {
    co_await save();
  } catch (...) {
    int x = co_await compute();
    save();
    co_return x;
  }
  co_return 0;
}
