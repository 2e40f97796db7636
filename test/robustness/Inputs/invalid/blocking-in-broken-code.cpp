// Blocking calls the blocking-call check looks for, in broken coroutines and
// with broken arguments; a recursive helper chain with errors.
#include <aio/aio.hpp>
#include <chrono>
#include <future>
#include <mutex>
#include <thread>
void helper2();
void helper1() { helper2(; }
void helper2() { helper1(); std::this_thread::sleep_for(); }
aio::task<void> f(std::future<int> fut, std::mutex &m) {
  std::this_thread::sleep_for(std::chrono::seconds("one"));
  fut.get(1, 2);
  std::lock_guard<std::mutex> lock(m, m);
  helper1();
  std::this_thread::sleep_for(std::chrono::seconds(1))
  co_return;
}
