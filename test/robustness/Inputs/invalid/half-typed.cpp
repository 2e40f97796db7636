// Half-typed code: undeclared names, incomplete types, unfinished
// statements, as while the user is still typing.
#include <aio/aio.hpp>
aio::task<int> compute();
struct incomplete;
incomplete make();
aio::task<void> f() {
  undeclared_task();
  auto t = compute(
  co_await t;
  make();
  aio::task<unknown_type> u = compute();
  if (co_await compute() ==
  co_return;
}
aio::task<void> g() {
  auto x = co_await ;
  co_await compute().;
  for (auto &&v : co_await) {}
