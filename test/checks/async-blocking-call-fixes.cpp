// RUN: %check_async_tidy %s async-blocking-call %t -- --config="{CheckOptions: {async-blocking-call.Replacements: '::std::this_thread::sleep_for=co_await aio::sleep'}}"

// A configured replacement is applied to plain calls outside macros and
// catch handlers (where co_await is ill-formed).

#include <aio/aio.hpp>

#include <chrono>
#include <thread>

using namespace std::chrono_literals;


#define NAP(d) std::this_thread::sleep_for(d)

aio::task<> fixes() {
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' in coroutine 'fixes' blocks the thread and stalls its event loop (sleep); use 'co_await aio::sleep(...)' instead [async-blocking-call]
  // CHECK-FIXES: {{^}}  co_await aio::sleep(10ms);{{$}}
  NAP(20ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' in coroutine 'fixes' {{.*}}
  // CHECK-FIXES: {{^}}  NAP(20ms);{{$}}
  try {
    co_await aio::sleep(1ms);
  } catch (...) {
    std::this_thread::sleep_for(30ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::this_thread::sleep_for' in coroutine 'fixes' {{.*}}
    // CHECK-FIXES: {{^}}    std::this_thread::sleep_for(30ms);{{$}}
  }
  for (int i = 0; i < 3; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(i));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::this_thread::sleep_for' in coroutine 'fixes' {{.*}}
  // CHECK-FIXES: {{^}}    co_await aio::sleep(std::chrono::milliseconds(i));{{$}}
}
