//===--- RuntimeLibrary.cpp - async-tidy ----------------------------------===//
//
// Part of async-tidy. Shared analysis helpers used by every async-* check.
//
//===----------------------------------------------------------------------===//

#include "RuntimeLibrary.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/SmallVector.h"
#include <algorithm>

namespace clang::tidy::async {

namespace {

// To add a library: one record, its namespace first. A field we are not sure
// of stays empty: the checks then give their runtime-neutral hint.
const RuntimeLibrary Libraries[] = {
    {"aio", "aio", "", "'co_await aio::sleep(...)'",
     "'co_await aio::to_thread(...)'", "", "aio::mutex"},
    {"folly", "folly", "", "'co_await folly::coro::sleep(...)'", "", "",
     "folly::coro::Mutex"},
    {"Boost.Cobalt", "boost::cobalt", "",
     "'co_await timer.async_wait(boost::cobalt::use_op)' on a "
     "'boost::asio::steady_timer'",
     "", "boost::cobalt::use_op", ""},
    // `use_awaitable` works in `awaitable` coroutines only; `deferred` also
    // in Asio's other coroutine types (`co_composed`, `experimental::coro`).
    {"Boost.Asio", "boost::asio", "awaitable",
     "'co_await timer.async_wait(boost::asio::use_awaitable)' on a "
     "'boost::asio::steady_timer'",
     "", "boost::asio::use_awaitable", ""},
    {"Boost.Asio", "boost::asio", "",
     "'co_await timer.async_wait(boost::asio::deferred)' on a "
     "'boost::asio::steady_timer'",
     "", "boost::asio::deferred", ""},
    {"Asio", "asio", "awaitable",
     "'co_await timer.async_wait(asio::use_awaitable)' on an "
     "'asio::steady_timer'",
     "", "asio::use_awaitable", ""},
    {"Asio", "asio", "",
     "'co_await timer.async_wait(asio::deferred)' on an 'asio::steady_timer'",
     "", "asio::deferred", ""},
    {"cppcoro", "cppcoro", "",
     "'co_await io_service.schedule_after(...)' on a 'cppcoro::io_service'",
     "'co_await pool.schedule()' on a 'cppcoro::static_thread_pool'", "",
     "cppcoro::async_mutex"},
    {"libcoro", "coro", "",
     "'co_await scheduler->yield_for(...)' on a 'coro::scheduler'",
     "'co_await pool->schedule()' on a 'coro::thread_pool'", "",
     "coro::mutex"},
    {"async_simple", "async_simple", "",
     "'co_await async_simple::coro::sleep(...)'", "", "",
     "async_simple::coro::Mutex"},
    {"concurrencpp", "concurrencpp", "",
     "'co_await timer_queue->make_delay_object(...)' on a "
     "'concurrencpp::timer_queue'",
     "'co_await concurrencpp::resume_on(executor)' with a thread-pool "
     "executor",
     "", "concurrencpp::async_lock"},
    {"libunifex", "unifex", "",
     "'co_await unifex::schedule_after(scheduler, ...)'", "", "", ""},
};

/// The enclosing named namespaces of \p D, outermost first, inline ones
/// skipped.
llvm::SmallVector<llvm::StringRef, 4> namespacePath(const Decl &D) {
  llvm::SmallVector<llvm::StringRef, 4> Path;
  for (const DeclContext *DC = D.getDeclContext(); DC; DC = DC->getParent()) {
    const auto *NS = dyn_cast<NamespaceDecl>(DC);
    if (!NS || NS->isInline())
      continue;
    if (NS->isAnonymousNamespace())
      continue;
    Path.push_back(NS->getName());
  }
  std::reverse(Path.begin(), Path.end());
  return Path;
}

/// Whether the namespace path \p Path is \p Namespace or nested in it.
bool isWithin(llvm::ArrayRef<llvm::StringRef> Path, llvm::StringRef Namespace) {
  for (llvm::StringRef Part : Path) {
    if (Namespace.empty())
      return true;
    auto [Head, Rest] = Namespace.split("::");
    if (Head != Part)
      return false;
    Namespace = Rest;
  }
  return Namespace.empty();
}

} // namespace

llvm::ArrayRef<RuntimeLibrary> knownRuntimeLibraries() { return Libraries; }

const RuntimeLibrary *runtimeLibraryOf(const Decl &D) {
  llvm::SmallVector<llvm::StringRef, 4> Path = namespacePath(D);
  if (Path.empty())
    return nullptr;
  const auto *Named = dyn_cast<NamedDecl>(&D);
  for (const RuntimeLibrary &L : Libraries) {
    if (!isWithin(Path, L.Namespace))
      continue;
    if (!L.TaskType.empty() &&
        (!Named || !Named->getDeclName().isIdentifier() ||
         Named->getName() != L.TaskType))
      continue;
    return &L;
  }
  return nullptr;
}

const RuntimeLibrary *runtimeLibraryOfCoroutine(const FunctionDecl &Coroutine) {
  QualType Ret = Coroutine.getReturnType();
  if (Ret.isNull() || Ret->isDependentType())
    return nullptr;
  // The class of the task type, through aliases; a class template
  // specialisation is declared where its template is.
  const CXXRecordDecl *Task = Ret->getAsCXXRecordDecl();
  if (!Task)
    return nullptr;
  return runtimeLibraryOf(*Task);
}

llvm::StringRef outermostNamespace(const Decl &D) {
  llvm::SmallVector<llvm::StringRef, 4> Path = namespacePath(D);
  return Path.empty() ? llvm::StringRef() : Path.front();
}

} // namespace clang::tidy::async
