// Macros hiding coroutine keywords, unbalanced braces, a stray co_await at
// namespace scope and non-C++ text.
#include <aio/aio.hpp>
#define AWAIT co_await
#define RETURN(x) co_return x
#define CALL(f) f()
aio::task<int> compute();
aio::task<int> f() {
  CALL(compute);
  AWAIT CALL(compute);
  RETURN(AWAIT);
}
int x = co_await compute();
namespace {
aio::task<void> g() { { { co_return; }
} } } }
this is not C++ at all ###
