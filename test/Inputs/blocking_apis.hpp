// Declarations in the shape of third-party APIs that block the calling thread,
// for async-blocking-call's tests: synchronous waits of coroutine libraries,
// synchronous HTTP and database clients. Self-written, declarations only.
#pragma once
#include <string>

namespace cppcoro {
template <typename Awaitable> auto sync_wait(Awaitable &&a) -> int;
} // namespace cppcoro

namespace coro { // libcoro
template <typename Awaitable> auto sync_wait(Awaitable &&a) -> int;
} // namespace coro

namespace async_simple::coro {
template <typename Lazy> auto syncAwait(Lazy &&lazy) -> int;
} // namespace async_simple::coro

namespace folly::coro {
namespace detail {
struct BlockingWaitFn {
  template <typename Awaitable> int operator()(Awaitable &&a) const;
};
} // namespace detail
// A function object, as in folly.
inline constexpr detail::BlockingWaitFn blockingWait{};
} // namespace folly::coro

namespace stdexec {
namespace __sync_wait {
struct sync_wait_t {
  template <typename Sender> int operator()(Sender &&s) const;
};
} // namespace __sync_wait
inline constexpr __sync_wait::sync_wait_t sync_wait{};
} // namespace stdexec

namespace boost::asio {
class io_context {
public:
  unsigned long run();
  unsigned long poll();
};
} // namespace boost::asio

namespace boost::this_thread {
template <typename Duration> void sleep_for(const Duration &d);
} // namespace boost::this_thread

namespace cpr {
struct Url { std::string url; };
struct Response { int status_code; std::string text; };
template <typename... Ts> Response Get(Ts &&...ts);
template <typename... Ts> Response Post(Ts &&...ts);
} // namespace cpr

namespace httplib {
struct Result { int status; };
class Client {
public:
  explicit Client(const std::string &host);
  Result Get(const std::string &path);
  Result Post(const std::string &path, const std::string &body,
              const std::string &content_type);
  bool is_valid() const;
};
} // namespace httplib

extern "C" {
typedef void CURL;
int curl_easy_perform(CURL *curl);
struct sqlite3;
int sqlite3_exec(sqlite3 *db, const char *sql, void *callback, void *arg,
                 char **errmsg);
struct pg_conn;
struct pg_result;
pg_result *PQexec(pg_conn *conn, const char *query);
struct MYSQL;
int mysql_query(MYSQL *mysql, const char *q);
}

// A user library whose names collide with C functions and with catalogue
// entries of other namespaces: none of these block.
namespace mylib {
long read(int fd, void *buf, unsigned long n);
int sleep(unsigned seconds);
std::string fetch_sync(const std::string &url);
namespace coro {
template <typename T> int sync_wait(T &&t);
} // namespace coro
} // namespace mylib
