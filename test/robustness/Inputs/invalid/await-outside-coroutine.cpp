// co_await, co_yield and co_return in functions that cannot be coroutines.
#include <aio/aio.hpp>
#include <thread>
aio::task<int> compute();
int plain() { return co_await compute(); }
struct S {
  S() { co_await compute(); }
  ~S() { co_return; }
  constexpr int f() { co_return 1; }
};
int main() { co_await compute(); std::this_thread::sleep_for(std::chrono::seconds(1)); }
auto deduced() { co_return 1; }
aio::task<void> variadic(int, ...) { co_return; }
consteval aio::task<void> at_compile_time() { co_return; }
