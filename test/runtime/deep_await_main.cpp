// A 100,000-deep chain of nested task awaits (int and void results), as a
// standalone program: CMake builds it with GCC at -O0, -O1 and -O2, where
// symmetric transfer alone is not a tail call below -O2 and the stack
// overflows (a crash, so the test fails) unless aio's trampoline keeps the
// stack flat. Exits 0 when both chains return the right depth.
#include <aio/aio.hpp>

#include <cstdio>

namespace {

aio::task<int> depth(int n) {
  if (n == 0)
    co_return 0;
  co_return 1 + co_await depth(n - 1);
}

aio::task<> void_depth(int n, int &reached) {
  if (n == 0) {
    reached = 1;
    co_return;
  }
  co_await void_depth(n - 1, reached);
  ++reached;
}

} // namespace

int main() {
  constexpr int n = 100'000;
  int value = aio::run(depth(n));
  int reached = 0;
  aio::run(void_depth(n, reached));
  std::printf("int chain %d, void chain %d (trampoline %d)\n", value, reached,
              AIO_AWAIT_TRAMPOLINE);
  return value == n && reached == n + 1 ? 0 : 1;
}
