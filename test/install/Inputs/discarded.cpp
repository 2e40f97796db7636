// Compiled against the installed tree: Clang's builtin headers through
// <prefix>/lib/clang/22, the runtime through <prefix>/include.
#include <coroutine>
#include <stddef.h>

#include <aio/task.hpp>

aio::task<int> f();
void g() { f(); }
