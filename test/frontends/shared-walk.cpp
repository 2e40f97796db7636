// The async checks take their function definitions from one shared walk when
// they are the only checks of a run, and from clang-tidy's MatchFinder when
// any other check runs beside them (checks/FunctionWalk.h). Both must hand
// the checks the same definitions, wherever C++ lets one be written: each
// place below discards a task, and both runs must report all of them, and
// nothing else.
//
// RUN: %async-tidy --checks='-*,async-discarded-coroutine' %s -- %cxx20 2>/dev/null | grep 'warning:' > %t.walk
// RUN: %async-tidy --checks='-*,async-discarded-coroutine,modernize-avoid-setjmp-longjmp' %s -- %cxx20 2>/dev/null | grep 'warning:' > %t.finder
// RUN: FileCheck %s --implicit-check-not=warning: < %t.walk
// RUN: diff %t.walk %t.finder
//
// A stock check beside them makes the finder drive, in async-tidy and in
// stock clang-tidy with the plugin (whose module registry is clang-tidy's):
// the stock check must still see the whole unit.
// RUN: %async-tidy --checks='-*,async-discarded-coroutine,bugprone-sizeof-expression' %s -- %cxx20 2>/dev/null | FileCheck %s --check-prefix=MIXED
// RUN: %clang-tidy-plugin --checks='-*,async-discarded-coroutine,bugprone-sizeof-expression' %s -- %cxx20 2>/dev/null | FileCheck %s --check-prefix=MIXED
//
// The static analyzer runs in the same pass as the shared walk.
// RUN: %async-tidy --checks='-*,async-discarded-coroutine,clang-analyzer-core.DivideZero' %s -- %cxx20 2>/dev/null | FileCheck %s --check-prefix=ANALYZER

#include <aio/aio.hpp>
#include <functional>

aio::task<int> leaf() { co_return 1; }

// A plain function.
aio::task<void> plain() { leaf(); co_return; }
// CHECK: shared-walk.cpp:[[@LINE-1]]:27: warning: task 'aio::task<int>' returned by 'leaf' is discarded
// MIXED: shared-walk.cpp:[[@LINE-2]]:27: warning: task 'aio::task<int>' returned by 'leaf' is discarded
// ANALYZER: shared-walk.cpp:[[@LINE-3]]:27: warning: task 'aio::task<int>' returned by 'leaf' is discarded

// A lambda at namespace scope.
auto global_lambda = []() -> aio::task<void> { leaf(); co_return; };
// CHECK: shared-walk.cpp:[[@LINE-1]]:48: warning:

// A lambda in a default argument.
inline void takes(aio::task<void> (*f)() = []() -> aio::task<void> { leaf(); co_return; }) {}
// CHECK: shared-walk.cpp:[[@LINE-1]]:70: warning:

// A lambda in an unevaluated operand.
using lambda_type = decltype([]() -> aio::task<void> { leaf(); co_return; });
// CHECK: shared-walk.cpp:[[@LINE-1]]:56: warning:

// A member function, a default member initializer.
struct holder {
  aio::task<void> member() { leaf(); co_return; }
  // CHECK: shared-walk.cpp:[[@LINE-1]]:30: warning:
  std::function<aio::task<void>()> init = []() -> aio::task<void> { leaf(); co_return; };
  // CHECK: shared-walk.cpp:[[@LINE-1]]:69: warning:
};

// A local class.
aio::task<void> with_local_class() {
  struct local {
    static aio::task<void> run() { leaf(); co_return; }
    // CHECK: shared-walk.cpp:[[@LINE-1]]:36: warning:
  };
  co_await local::run();
}

// A function template and a class template with a friend, instantiated.
template <typename T> aio::task<T> templated(T v) { leaf(); co_return v; }
// CHECK: shared-walk.cpp:[[@LINE-1]]:53: warning:
template <typename T> struct box {
  aio::task<T> get() { leaf(); co_return T{}; }
  // CHECK: shared-walk.cpp:[[@LINE-1]]:24: warning:
  friend aio::task<void> befriend(box) { leaf(); co_return; }
  // CHECK: shared-walk.cpp:[[@LINE-1]]:42: warning:
};

// A coroutine lambda returned by a generic lambda.
auto generic = [](auto x) {
  return [x]() -> aio::task<void> { leaf(); co_return; };
  // CHECK: shared-walk.cpp:[[@LINE-1]]:37: warning:
};

aio::task<void> user() {
  co_await templated(1);
  co_await box<int>{}.get();
  co_await befriend(box<int>{});
  co_await generic(1)();
  co_await lambda_type{}();
}

int divides(int n) {
  int zero = 0;
  return n / zero;
  // ANALYZER: shared-walk.cpp:[[@LINE-1]]:12: warning: Division by zero [clang-analyzer-core.DivideZero]
}

unsigned size_of() { return sizeof(42); }
// MIXED: shared-walk.cpp:[[@LINE-1]]:29: warning: suspicious usage of 'sizeof(K)'
