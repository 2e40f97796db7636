// co_await in a default argument, a parameter list and unevaluated operands.
#include <aio/aio.hpp>
aio::task<int> compute();
aio::task<void> f(int x = co_await compute()) { co_return; }
aio::task<void> g(decltype(co_await compute()) y) { co_return; }
aio::task<void> h() {
  auto n = sizeof(co_await compute());
  static int s = co_await compute();
  compute();
  co_return;
}
