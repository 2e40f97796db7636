// RUN: %check_async_tidy %s async-discarded-coroutine %t

#include <aio/aio.hpp>
#include "lazy_task.hpp"
#include "eager_task.hpp"
#include "asio_like.hpp"
#include "fire_and_forget.hpp"
#include "awaiter.hpp"

#include <chrono>
#include <vector>

using namespace std::chrono_literals;

aio::task<int> fetch(int id);
aio::task<> log_line();
lazylib::task<int> compute();
eagerlib::result<int> start_download();
eagerlib::job kick_off();
asiolike::awaitable<void> serve();
fflib::fire_and_forget notify();

// ---- aio: lazy tasks discarded in a coroutine get a fix ----

aio::task<> handler() {
  fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task 'aio::task<int>' returned by 'fetch' is discarded; the task never runs unless it is awaited [async-discarded-coroutine]
  // CHECK-FIXES: {{^}}  co_await fetch(1);{{$}}
  log_line();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task 'aio::task<>' returned by 'log_line' is discarded; the task never runs unless it is awaited [async-discarded-coroutine]
  // CHECK-FIXES: {{^}}  co_await log_line();{{$}}
  co_await fetch(2);
  int Value = co_await fetch(3);
  auto Kept = fetch(4);
  co_await std::move(Kept);
  (void)fetch(5);
  static_cast<void>(fetch(6));
  co_return;
}

// ---- the other library styles ----

lazylib::task<> lazy_library_style() {
  compute();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task 'lazylib::task<int>' returned by 'compute' is discarded; the task never runs unless it is awaited [async-discarded-coroutine]
  // CHECK-FIXES: {{^}}  co_await compute();{{$}}
  co_await compute();
}

lazylib::task<> eager_library_style() {
  start_download();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task 'eagerlib::result<int>' returned by 'start_download' is discarded; the task runs detached and its result and exceptions are lost [async-discarded-coroutine]
  // CHECK-FIXES: {{^}}  co_await start_download();{{$}}
  kick_off();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task 'eagerlib::job' returned by 'kick_off' is discarded; the task runs detached and its result and exceptions are lost [async-discarded-coroutine]
  // CHECK-FIXES: {{^}}  co_await kick_off();{{$}}
  co_return;
}

// asio-style promises restrict awaiting through await_transform: no fix.
asiolike::awaitable<void> asio_style() {
  serve();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task 'asiolike::awaitable<void>' returned by 'serve' is discarded; the task never runs unless it is awaited [async-discarded-coroutine]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: 'co_await' the result here, or keep it and await it later
  co_await serve();
}

// ---- plain awaiters ----

aio::task<> awaiters(awaitlib::thread_pool &Pool) {
  awaitlib::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'awaitlib::timer_awaiter' returned by 'awaitlib::sleep_for' is discarded; it does nothing unless it is awaited [async-discarded-coroutine]
  // CHECK-FIXES: {{^}}  co_await awaitlib::sleep_for(10ms);{{$}}
  Pool.schedule();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'awaitlib::schedule_op' returned by 'awaitlib::thread_pool::schedule' is discarded; it does nothing unless it is awaited [async-discarded-coroutine]
  // CHECK-FIXES: {{^}}  co_await Pool.schedule();{{$}}
  awaitlib::after(5ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'awaitlib::delay' returned by 'awaitlib::after' is discarded; it does nothing unless it is awaited [async-discarded-coroutine]
  // CHECK-FIXES: {{^}}  co_await awaitlib::after(5ms);{{$}}
  awaitlib::compute();
  co_await Pool.schedule();
}

// ---- spawn handles: the task runs, its outcome is lost ----

aio::task<> spawner() {
  aio::create_task(fetch(7));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: handle 'aio::task_handle<int>' returned by 'aio::create_task' is discarded; the task runs detached and its result and exceptions are lost [async-discarded-coroutine]
  // CHECK-FIXES: {{^}}  co_await aio::create_task(fetch(7));{{$}}
  aio::create_task(fetch(8)).detach();
  co_return;
}

// ---- types computed by library machinery are named by what they are ----

namespace machinery {
template <typename Token> struct async_result {
  using return_type = asiolike::awaitable<int>;
};
struct token_t {};
template <typename Token> typename async_result<Token>::return_type async_read(Token);
template <typename Token> auto async_write(Token T) -> decltype(async_read(T));
} // namespace machinery

asiolike::awaitable<void> computed_types() {
  machinery::async_read(machinery::token_t{});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task 'asiolike::awaitable<int>' returned by 'machinery::async_read' is discarded; the task never runs unless it is awaited [async-discarded-coroutine]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: 'co_await' the result here, or keep it and await it later
  machinery::async_write(machinery::token_t{});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task 'asiolike::awaitable<int>' returned by 'machinery::async_write' is discarded; the task never runs unless it is awaited [async-discarded-coroutine]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: 'co_await' the result here, or keep it and await it later
  co_return;
}
