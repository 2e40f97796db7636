// Variables of task type with broken control flow: goto into scopes, break
// outside loops, labels without statements, structured bindings of errors.
#include <aio/aio.hpp>
#include <utility>
aio::task<int> compute();
aio::task<void> f(bool b) {
  auto t = compute();
  if (b) goto later;
  {
    auto u = compute();
  later:
    break;
  }
  auto [x, y] = compute();
  auto &&r = compute();
  continue;
  switch (b) { case 1: auto v = compute(); case 2: co_return; }
  co_return t;
}
