// RUN: %check_async_tidy %s async-blocking-call %t

// A synchronous member function called in a coroutine, where the class offers
// an awaitable twin, blocks: found by that shape, for any library, with the
// twin named in the hint.

#include <aio/aio.hpp>
#include "async_twins.hpp"
#include "eager_task.hpp"

// ---- aio ----

aio::task<std::size_t> uses_sync(netlib::socket &s, netlib::tls_socket &t) {
  char buf[64];
  std::size_t n = s.read_some(buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'netlib::socket::read_some' in coroutine 'uses_sync' blocks the thread and stalls its event loop (async-twin); 'co_await' its asynchronous twin 'async_read_some' instead [async-blocking-call]
  s.connect("example.org");
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'netlib::socket::connect' in coroutine 'uses_sync' blocks the thread and stalls its event loop (async-twin); 'co_await' its asynchronous twin 'connect_async' instead [async-blocking-call]
  n += s.fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'netlib::socket::fetch' in coroutine 'uses_sync' blocks the thread and stalls its event loop (async-twin); 'co_await' its asynchronous twin 'co_fetch' instead [async-blocking-call]
  n += t.read_some(buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'netlib::socket::read_some' in coroutine 'uses_sync' blocks {{.*}} (async-twin); 'co_await' its asynchronous twin 'async_read_some' instead [async-blocking-call]
  n += co_await s.async_read_some(buf, sizeof buf); // The right way.
  co_return n;
}

// ---- lazy and eager tasks ----

lazylib::task<int> lazy_sync(netlib::socket &s) {
  char buf[8];
  s.read_some(buf, 8);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'netlib::socket::read_some' in coroutine 'lazy_sync' blocks {{.*}} (async-twin); 'co_await' its asynchronous twin 'async_read_some' instead [async-blocking-call]
  co_return co_await s.co_fetch();
}

eagerlib::result<int> eager_sync(netlib::socket &s) {
  co_return s.fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'netlib::socket::fetch' in coroutine 'eager_sync' blocks {{.*}} (async-twin); 'co_await' its asynchronous twin 'co_fetch' instead [async-blocking-call]
}

// ---- completion tokens: awaitable in the library's own coroutines ----

asio::awaitable<> asio_session(asio::basic_stream_socket<asio::tcp> &s) {
  char buf[8];
  s.read_some(buf, 8);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'asio::basic_stream_socket::read_some' in coroutine 'asio_session' blocks the thread and stalls its event loop (async-twin); 'co_await' its asynchronous twin 'async_read_some' instead with 'asio::use_awaitable' as its completion token [async-blocking-call]
  s.write_some(buf, 8);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'asio::basic_stream_socket::write_some' in coroutine 'asio_session' blocks {{.*}} (async-twin); 'co_await' its asynchronous twin 'async_write_some' instead with 'asio::use_awaitable' as its completion token [async-blocking-call]
  co_return;
}

// Asio's other coroutine types take 'deferred', not 'use_awaitable'.
asio::experimental::coro<> asio_coro(asio::basic_stream_socket<asio::tcp> &s) {
  char buf[8];
  s.read_some(buf, 8);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'asio::basic_stream_socket::read_some' in coroutine 'asio_coro' blocks {{.*}} (async-twin); 'co_await' its asynchronous twin 'async_read_some' instead with 'asio::deferred' as its completion token [async-blocking-call]
  co_return;
}

// An awaitable twin of the library whose promise restricts co_await.
asiolike::awaitable<> restricted(asiolike::steady_timer &timer) {
  timer.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'asiolike::steady_timer::wait' in coroutine 'restricted' blocks {{.*}} (async-twin); 'co_await' its asynchronous twin 'async_wait' instead [async-blocking-call]
  co_await timer.async_wait(asiolike::use_awaitable);
}

// ---- stays quiet ----

// No twin, a callback twin, a synchronous one that is awaitable itself.
aio::task<> no_awaitable_twin(netlib::socket &s) {
  s.close();
  s.cancel();
  co_await s.send("x");
  co_return;
}

// A completion-token twin in another library's coroutine: which token would
// make it awaitable here is not known.
lazylib::task<int> foreign_tokens(asio::basic_stream_socket<asio::tcp> &s) {
  char buf[8];
  s.read_some(buf, 8);
  co_return 0;
}

// A promise that accepts only its own library's awaitables: a foreign twin
// could not be awaited here.
asiolike::awaitable<> foreign_twin(netlib::socket &s) {
  char buf[8];
  s.read_some(buf, 8);
  co_return;
}

// The class's own coroutine implements the asynchronous operation with the
// synchronous one.
lazylib::task<std::size_t> netlib::connection::async_read(char *buf,
                                                          std::size_t n) {
  co_return read(buf, n);
}

// Handed to a worker thread, or in plain functions.
aio::task<std::size_t> offloaded(netlib::socket &s) {
  co_return co_await aio::to_thread([&s] {
    char buf[8];
    return s.read_some(buf, 8);
  });
}

int main() {
  netlib::socket s;
  char buf[8];
  return static_cast<int>(s.read_some(buf, 8));
}
