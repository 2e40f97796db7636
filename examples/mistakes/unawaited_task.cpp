// Mistake 2: a created task that is never awaited on some path.
//
// Python: `t = asyncio.create_task(work())` and then an early `return` that
//         forgets `await t`: the result and any exception are lost.
// C++:    the same with `aio::create_task`, or with a lazy `aio::task` that is
//         stored in a variable and then dropped by an early `co_return`: a lazy
//         task that is never awaited never runs at all.
// Fix:    await it on every path, or `.detach()` a spawned task explicitly.
#include <aio/aio.hpp>

#include <chrono>
#include <cstdio>

using namespace std::chrono_literals;

aio::task<int> fetch_price(int item) {
  co_await aio::sleep(10ms);
  co_return item * 3;
}

aio::task<int> total(bool cached) {
  auto price = aio::create_task(fetch_price(1)); // async-unawaited-task
  if (cached)
    co_return 0; // leaves without awaiting 'price'
  co_return co_await price;
}

aio::task<int> total_fixed(bool cached) {
  auto price = aio::create_task(fetch_price(1));
  int value = co_await price;
  co_return cached ? 0 : value;
}

int main() {
  std::printf("%d %d\n", aio::run(total(false)), aio::run(total_fixed(true)));
}
