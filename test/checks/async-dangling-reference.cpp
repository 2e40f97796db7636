// RUN: %check_async_tidy %s async-dangling-reference %t

// Every shape of the issue on aio, positive and negative: temporaries, locals
// that die first, lambda coroutines, member coroutines; templates reported
// once; macros.

#include <aio/aio.hpp>

#include <chrono>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

using namespace std::chrono_literals;

aio::task<int> fetch(const std::string &name) { co_return (int)name.size(); }
aio::task<int> by_value(std::string name) { co_return (int)name.size(); }
aio::task<int> view(std::string_view name) { co_return (int)name.size(); }
aio::task<int> sum(std::span<const int> xs) {
  int s = 0;
  for (int x : xs)
    s += x;
  co_return s;
}
aio::task<int> unused(const std::string &) { co_return 0; }
aio::task<int> deref(const int *p) { co_return *p; }
aio::task<int> with_ref(std::reference_wrapper<std::string> s) {
  co_return (int)s.get().size();
}
aio::task<int> declared_only(const std::string &name);
std::string make_name();
int plain(const std::string &name);
aio::task<int> forwards(const std::string &name) { return fetch(name); }

std::string global_name;

// ---- temporaries stored and awaited in a later statement ----

aio::task<> temporaries_awaited_later() {
  auto t1 = fetch(std::string("x"));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: temporary 'std::string' bound to reference parameter 'name' of coroutine 'fetch' is destroyed at the end of this statement, but the task is awaited later [async-dangling-reference]
  co_await std::move(t1);
  auto t2 = fetch("literal");
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: temporary 'std::string' bound to reference parameter 'name' of coroutine 'fetch' is destroyed at the end of this statement, but the task is awaited later [async-dangling-reference]
  co_await std::move(t2);
  auto t3 = fetch(make_name());
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: temporary 'std::string' bound to reference parameter 'name' of coroutine 'fetch' is destroyed at the end of this statement, but the task is awaited later [async-dangling-reference]
  co_await std::move(t3);
  auto t4 = sum(std::vector{1, 2});
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: temporary 'std::vector<int, std::allocator<int>>' viewed through parameter 'xs' of coroutine 'sum' is destroyed at the end of this statement, but the task is awaited later [async-dangling-reference]
  co_await std::move(t4);
  auto t5 = view(make_name());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: temporary 'std::string' viewed through parameter 'name' of coroutine 'view' is destroyed at the end of this statement, but the task is awaited later [async-dangling-reference]
  co_await std::move(t5);
  auto t6 = declared_only(make_name());
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: temporary 'std::string' bound to reference parameter 'name' of coroutine 'declared_only' is destroyed at the end of this statement, but the task is awaited later [async-dangling-reference]
  co_await std::move(t6);
  aio::task<int> t7 = fetch(make_name());
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: temporary 'std::string' bound to reference parameter 'name' of coroutine 'fetch' is destroyed at the end of this statement, but the task is awaited later [async-dangling-reference]
  int Value = co_await std::move(t7);
  t7 = fetch(make_name());
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: temporary 'std::string' bound to reference parameter 'name' of coroutine 'fetch' is destroyed at the end of this statement, but the task is awaited later [async-dangling-reference]
  co_await std::move(t7);
  // The parameter's spelling names the type, not the canonical
  // std::basic_string<char, ...> of the concatenation.
  auto t8 = fetch(global_name + "-suffix");
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: temporary 'std::string' bound to reference parameter 'name' of coroutine 'fetch' is destroyed at the end of this statement, but the task is awaited later [async-dangling-reference]
  co_await std::move(t8);
}

// ---- temporaries spawned, returned, stored away ----

aio::task<> temporaries_spawned() {
  aio::create_task(fetch(std::string("y"))).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: temporary 'std::string' bound to reference parameter 'name' of coroutine 'fetch' is destroyed at the end of this statement, but the task is spawned and runs after it [async-dangling-reference]
  auto h = aio::create_task(fetch(std::string("z")));
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: temporary 'std::string' bound to reference parameter 'name' of coroutine 'fetch' is destroyed at the end of this statement, but the task is spawned and runs after it [async-dangling-reference]
  co_await h;
  aio::create_task(view(make_name()));
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: temporary 'std::string' viewed through parameter 'name' of coroutine 'view' is destroyed at the end of this statement, but the task is spawned and runs after it [async-dangling-reference]
  co_return;
}

aio::task<int> returns_temporary() { return fetch(std::string("r")); }
// CHECK-MESSAGES: :[[@LINE-1]]:51: warning: temporary 'std::string' bound to reference parameter 'name' of coroutine 'fetch' is destroyed at the end of this statement, but the task is returned and runs after it [async-dangling-reference]

struct Holder {
  aio::task<int> member;
  std::vector<aio::task<int>> many;
  void keep() {
    member = fetch(make_name());
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: temporary 'std::string' bound to reference parameter 'name' of coroutine 'fetch' is destroyed at the end of this statement, but the task is stored and runs after it [async-dangling-reference]
    // A container's push_back(T&&) returns void like a spawn: it stores.
    many.push_back(fetch(make_name()));
    // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: temporary 'std::string' bound to reference parameter 'name' of coroutine 'fetch' is destroyed at the end of this statement, but the task is stored and runs after it [async-dangling-reference]
  }
};

// ---- the same, safe ----

aio::task<> temporaries_safe() {
  co_await fetch(std::string("x"));
  int n = co_await fetch("literal") + co_await fetch(make_name());
  co_await aio::create_task(fetch(std::string("x")));
  co_await aio::gather(fetch(make_name()), fetch(make_name()));
  auto t1 = by_value(std::string("x"));
  co_await std::move(t1);
  auto t2 = view("literal");
  co_await std::move(t2);
  auto t3 = unused(std::string("x"));
  co_await std::move(t3);
  auto t4 = fetch(global_name);
  co_await std::move(t4);
  plain(std::string("x"));
  auto t5 = fetch(std::string("never used"));
  auto t6 = forwards(make_name()); // not a coroutine: quiet
  co_await std::move(t6);
}

// ---- locals that die first ----

aio::task<int> returns_local() {
  std::string name = make_name();
  return fetch(name);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: local variable 'name' bound to reference parameter 'name' of coroutine 'fetch' is destroyed when 'returns_local' returns, but the task is returned and runs after it [async-dangling-reference]
}

aio::task<int> returns_parameter(std::string name) { return fetch(name); }
// CHECK-MESSAGES: :[[@LINE-1]]:67: warning: parameter 'name' bound to reference parameter 'name' of coroutine 'fetch' is destroyed when 'returns_parameter' returns, but the task is returned and runs after it [async-dangling-reference]

aio::task<int> returns_local_through_variable() {
  std::string name = make_name();
  auto t = fetch(name);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: local variable 'name' bound to reference parameter 'name' of coroutine 'fetch' is destroyed when 'returns_local_through_variable' returns, but the task is returned and runs after it [async-dangling-reference]
  return t;
}

aio::task<int> returns_pointer_to_local() {
  int n = 1;
  return deref(&n);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: local variable 'n' pointed to by parameter 'p' of coroutine 'deref' is destroyed when 'returns_pointer_to_local' returns, but the task is returned and runs after it [async-dangling-reference]
}

aio::task<int> returns_ref_to_local() {
  std::string s;
  return with_ref(std::ref(s));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: local variable 's' viewed through parameter 's' of coroutine 'with_ref' is destroyed when 'returns_ref_to_local' returns, but the task is returned and runs after it [async-dangling-reference]
}

aio::task<int> returns_view_of_local() {
  std::string s = make_name();
  return view(s);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: local variable 's' viewed through parameter 'name' of coroutine 'view' is destroyed when 'returns_view_of_local' returns, but the task is returned and runs after it [async-dangling-reference]
}

void spawns_local_detached() {
  std::string name = make_name();
  aio::create_task(fetch(name)).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: local variable 'name' bound to reference parameter 'name' of coroutine 'fetch' is destroyed at the end of its scope, but the task is spawned and runs after it [async-dangling-reference]
}

aio::task<> spawns_local_in_coroutine() {
  std::string name = make_name();
  if (!name.empty()) {
    aio::create_task(fetch(name)).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: local variable 'name' bound to reference parameter 'name' of coroutine 'fetch' is destroyed at the end of its scope, but the task is spawned and runs after it [async-dangling-reference]
    co_return;
  }
}

aio::task<> spawns_in_loop(std::vector<std::string> names) {
  for (const std::string &n : names) {
    std::string copy = n;
    aio::create_task(fetch(copy)).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: local variable 'copy' bound to reference parameter 'name' of coroutine 'fetch' is destroyed at the end of its scope, but the task is spawned and runs after it [async-dangling-reference]
  }
  co_return;
}

// ---- locals that live long enough ----

aio::task<> local_awaited_in_scope() {
  std::string name = make_name();
  auto t = fetch(name);
  co_await std::move(t);
  auto h = aio::create_task(fetch(name));
  co_await h;
  int n = 1;
  co_await deref(&n);
  co_await with_ref(std::ref(name));
}

aio::task<> local_spawned_then_waits() {
  std::string name = make_name();
  aio::create_task(fetch(name)).detach();
  co_await aio::sleep(1s);
}

aio::task<int> returns_static() {
  static std::string name;
  return fetch(name);
}

aio::task<int> returns_global() { return fetch(global_name); }

aio::task<int> coroutine_parameter(std::string name) {
  co_return co_await fetch(name);
}

aio::task<int> returns_view_of_literal() { return view("literal"); }

aio::task<int> returns_by_value_call() {
  std::string name;
  return by_value(name);
}

// ---- lambda coroutines ----

aio::task<> lambdas() {
  int x = 1;
  auto t1 = [x]() -> aio::task<int> { co_return x; }();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: the captures of a temporary lambda coroutine are destroyed at the end of this statement, but the task is awaited later [async-dangling-reference]
  co_await std::move(t1);
  aio::create_task([&x]() -> aio::task<int> { co_return x; }()).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: the captures of a temporary lambda coroutine are destroyed at the end of this statement, but the task is spawned and runs after it [async-dangling-reference]
  co_await [x]() -> aio::task<int> { co_return x; }();
  auto named = [x]() -> aio::task<int> { co_return x; };
  auto t2 = named();
  co_await std::move(t2);
  auto t3 = []() -> aio::task<int> { co_return 1; }();
  co_await std::move(t3);
}

aio::task<int> returns_local_lambda_task() {
  int x = 1;
  auto named = [x]() -> aio::task<int> { co_return x; };
  return named();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: the captures of local lambda 'named' are destroyed when 'returns_local_lambda_task' returns, but the task is returned and runs after it [async-dangling-reference]
}

// ---- member coroutines ----

struct Client {
  std::string host;
  aio::task<int> get() { co_return (int)host.size(); }
  aio::task<int> constant() { co_return 1; }
  static aio::task<int> make() { co_return 1; }
};

aio::task<> members() {
  auto t1 = Client{}.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: temporary 'Client' whose member coroutine 'get' is called is destroyed at the end of this statement, but the task is awaited later [async-dangling-reference]
  co_await std::move(t1);
  co_await Client{}.get();
  Client c;
  auto t2 = c.get();
  co_await std::move(t2);
  auto t3 = Client{}.constant();
  co_await std::move(t3);
}

aio::task<int> returns_member_of_local() {
  Client c;
  return c.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: local object 'c' whose member coroutine 'get' is called is destroyed when 'returns_member_of_local' returns, but the task is returned and runs after it [async-dangling-reference]
}

void spawns_member_of_local() {
  Client c;
  aio::create_task(c.get()).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: local object 'c' whose member coroutine 'get' is called is destroyed at the end of its scope, but the task is spawned and runs after it [async-dangling-reference]
}

// ---- templates: reported once, in their instantiations ----

template <typename T> aio::task<int> tfetch(const T &v) {
  co_return (int)sizeof(v);
}
template <typename T> aio::task<> tuse() {
  auto t = tfetch(T{});
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: temporary 'int' bound to reference parameter 'v' of coroutine 'tfetch' is destroyed at the end of this statement, but the task is awaited later [async-dangling-reference]
  co_await std::move(t);
}
template aio::task<> tuse<int>();
template aio::task<> tuse<long>();

// ---- macros ----

#define FETCH_TEMP fetch(std::string("m"))
#define NAME std::string("n")

aio::task<> macros() {
  auto t1 = FETCH_TEMP;
  co_await std::move(t1);
  auto t2 = fetch(NAME);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: temporary 'std::string' bound to reference parameter 'name' of coroutine 'fetch' is destroyed at the end of this statement, but the task is awaited later [async-dangling-reference]
  co_await std::move(t2);
}

// ---- the later statements have null children (an `if` without `else`, a
// `for` without a condition): this crashed the search for the later await ----

bool ready();

aio::task<> later_statements_with_null_children() {
  auto t = fetch(make_name());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: temporary 'std::string' bound to reference parameter 'name' of coroutine 'fetch' is destroyed at the end of this statement, but the task is awaited later [async-dangling-reference]
  if (ready())
    co_return;
  for (;;)
    break;
  co_await std::move(t);
}
