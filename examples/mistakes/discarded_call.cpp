// Mistake 3: a coroutine call whose result is discarded.
//
// Python: calling `save()` instead of `await save()` creates a coroutine
//         object that never runs ("coroutine 'save' was never awaited").
// C++:    `aio::task` is lazy, so `save_record(r);` creates the task and
//         destroys it at the semicolon: the body never runs, silently.
// Fix:    `co_await save_record(r);` (async-tidy offers this as a fix-it).
#include <aio/aio.hpp>

#include <cstdio>
#include <string>

aio::task<> save_record(std::string record) {
  std::printf("saved %s\n", record.c_str());
  co_return;
}

aio::task<> handle_request() {
  save_record("order-42"); // async-discarded-coroutine: never runs
  co_await save_record("order-43");
}

int main() { aio::run(handle_request()); }
