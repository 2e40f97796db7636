// Coroutine lambdas with errors, and captures of things that do not exist.
#include <aio/aio.hpp>
#include <thread>
aio::task<int> compute();
void f() {
  auto a = []() -> aio::task<void> { co_await compute(); compute(); co_return 1; };
  auto b = [missing]() -> aio::task<void> { co_return; };
  auto c = [](auto x) -> aio::task<void> { co_await x; x(); co_return; };
  auto d = []() { co_return; };
  auto e = []() -> aio::task<void> { std::this_thread::sleep_for(1); co_return; };
  a(); b(); c(1); d(); e();
  [] -> aio::task<void> { co_await }();
}
