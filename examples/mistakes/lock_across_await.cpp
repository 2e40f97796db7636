// Mistake 5 (C++ only): a thread lock held across a suspension.
//
// Python: asyncio code uses asyncio.Lock; a threading.Lock held across an
//         await blocks the loop when another task wants it.
// C++:    a std::mutex held while the coroutine suspends blocks the only
//         thread of the loop (deadlock), and a coroutine resumed on another
//         thread unlocks a mutex it does not own (undefined behaviour).
// Fix:    release the lock before co_await, or use aio::mutex, whose guard
//         is designed to be held across awaits.
#include <aio/aio.hpp>

#include <chrono>
#include <cstdio>
#include <mutex>

std::mutex CacheMutex;
aio::mutex AsyncCacheMutex;
int Cache = 0;

aio::task<void> refresh() {
  std::lock_guard<std::mutex> Lock(CacheMutex);
  co_await aio::sleep(std::chrono::milliseconds(1)); // async-lock-across-await
  ++Cache;
}

aio::task<void> refresh_fixed() {
  auto Lock = co_await AsyncCacheMutex.lock();
  co_await aio::sleep(std::chrono::milliseconds(1));
  ++Cache;
}

int main() {
  aio::run([]() -> aio::task<void> {
    co_await refresh();
    co_await refresh_fixed();
  }());
  std::printf("cache %d\n", Cache);
}
