// co_return of the wrong type, co_yield without yield_value, a value from a
// void task, and a task of an abstract or array type.
#include <aio/aio.hpp>
#include "eager_task.hpp"
struct abstract { virtual void f() = 0; };
aio::task<void> a() { co_return 1; }
aio::task<int> b() { co_return; }
aio::task<int> c() { co_return "text"; }
aio::task<int> d() { co_yield 1; }
eagerlib::task<abstract> e() { co_return {}; }
aio::task<int[3]> g() { co_return {}; }
void use() { a(); b(); c(); d(); e(); g(); }
