//===--- BlockingCatalogue.cpp - async-tidy -------------------------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//

#include "BlockingCatalogue.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSwitch.h"

namespace clang::tidy::async {

llvm::StringRef categoryName(BlockingCategory C) {
  switch (C) {
  case BlockingCategory::Sleep:
    return "sleep";
  case BlockingCategory::SyncWait:
    return "sync-wait";
  case BlockingCategory::IO:
    return "io";
  case BlockingCategory::NetClient:
    return "net-client";
  case BlockingCategory::Lock:
    return "lock";
  case BlockingCategory::User:
    return "configured";
  }
  return "";
}

std::optional<BlockingCategory> parseCategory(llvm::StringRef Name) {
  return llvm::StringSwitch<std::optional<BlockingCategory>>(Name.trim())
      .Case("sleep", BlockingCategory::Sleep)
      .Case("sync-wait", BlockingCategory::SyncWait)
      .Case("io", BlockingCategory::IO)
      .Case("net-client", BlockingCategory::NetClient)
      .Case("lock", BlockingCategory::Lock)
      .Default(std::nullopt);
}

llvm::StringRef defaultBlockingSuggestion() {
  return "await an asynchronous equivalent, or move it to a worker thread "
         "(for example 'co_await aio::to_thread(...)')";
}

namespace {

constexpr llvm::StringLiteral SleepHint =
    "'co_await' the runtime's sleep instead (for example "
    "'co_await aio::sleep(...)')";
constexpr llvm::StringLiteral RunHint =
    "'co_await' the task instead of running it to completion on this thread";
constexpr llvm::StringLiteral LoopHint =
    "run the event loop from synchronous code, and 'co_await' the work here";
constexpr llvm::StringLiteral FutureHint =
    "'co_await' an awaitable result instead (for example a task or "
    "'aio::to_thread(...)'), or wait on a worker thread";
constexpr llvm::StringLiteral JoinHint =
    "run the work with 'co_await aio::to_thread(...)' instead of joining a "
    "thread";
constexpr llvm::StringLiteral SyncPrimitiveHint =
    "use an asynchronous event, semaphore or channel of the runtime, or wait "
    "on a worker thread (for example 'co_await aio::to_thread(...)')";
constexpr llvm::StringLiteral LockHint =
    "keep the critical section short and free of 'co_await', use 'try_lock', "
    "or use an asynchronous mutex of the runtime";
constexpr llvm::StringLiteral ProcessHint =
    "start the process asynchronously, or run it on a worker thread (for "
    "example 'co_await aio::to_thread(...)')";

using C = BlockingCategory;
using K = BlockingKind;

const BlockingFunction Catalogue[] = {
    // sleep
    {"std::this_thread::sleep_for", C::Sleep, K::Call, SleepHint, 0},
    {"std::this_thread::sleep_until", C::Sleep, K::Call, SleepHint},
    {"sleep", C::Sleep, K::CFunction, SleepHint, 0},
    {"usleep", C::Sleep, K::CFunction, SleepHint, 0},
    {"nanosleep", C::Sleep, K::CFunction, SleepHint},
    {"clock_nanosleep", C::Sleep, K::CFunction, SleepHint},
    {"boost::this_thread::sleep_for", C::Sleep, K::Call, SleepHint, 0},
    {"boost::this_thread::sleep_until", C::Sleep, K::Call, SleepHint},
    {"boost::this_thread::sleep", C::Sleep, K::Call, SleepHint},

    // sync-wait: futures and threads
    {"std::future::get", C::SyncWait, K::Call, FutureHint},
    {"std::future::wait", C::SyncWait, K::Call, FutureHint},
    {"std::future::wait_for", C::SyncWait, K::Call, FutureHint, 0},
    {"std::future::wait_until", C::SyncWait, K::Call, FutureHint},
    {"std::shared_future::get", C::SyncWait, K::Call, FutureHint},
    {"std::shared_future::wait", C::SyncWait, K::Call, FutureHint},
    {"std::shared_future::wait_for", C::SyncWait, K::Call, FutureHint, 0},
    {"std::shared_future::wait_until", C::SyncWait, K::Call, FutureHint},
    {"std::thread::join", C::SyncWait, K::Call, JoinHint},
    {"std::jthread::join", C::SyncWait, K::Call, JoinHint},
    // sync-wait: synchronisation primitives
    {"std::condition_variable::wait", C::SyncWait, K::Call, SyncPrimitiveHint},
    {"std::condition_variable::wait_for", C::SyncWait, K::Call,
     SyncPrimitiveHint, 1},
    {"std::condition_variable::wait_until", C::SyncWait, K::Call,
     SyncPrimitiveHint},
    {"std::condition_variable_any::wait", C::SyncWait, K::Call,
     SyncPrimitiveHint},
    {"std::condition_variable_any::wait_for", C::SyncWait, K::Call,
     SyncPrimitiveHint, 1},
    {"std::condition_variable_any::wait_until", C::SyncWait, K::Call,
     SyncPrimitiveHint},
    {"std::latch::wait", C::SyncWait, K::Call, SyncPrimitiveHint},
    {"std::latch::arrive_and_wait", C::SyncWait, K::Call, SyncPrimitiveHint},
    {"std::barrier::wait", C::SyncWait, K::Call, SyncPrimitiveHint},
    {"std::barrier::arrive_and_wait", C::SyncWait, K::Call, SyncPrimitiveHint},
    {"std::counting_semaphore::acquire", C::SyncWait, K::Call,
     SyncPrimitiveHint},
    {"std::atomic::wait", C::SyncWait, K::Call, SyncPrimitiveHint},
    {"std::atomic_flag::wait", C::SyncWait, K::Call, SyncPrimitiveHint},
    // sync-wait: running a coroutine to completion from synchronous code
    {"aio::run", C::SyncWait, K::Call, RunHint},
    {"cppcoro::sync_wait", C::SyncWait, K::Call, RunHint},
    {"folly::coro::blockingWait", C::SyncWait, K::Call, RunHint},
    {"coro::sync_wait", C::SyncWait, K::Call, RunHint},
    {"async_simple::coro::syncAwait", C::SyncWait, K::Call, RunHint},
    {"stdexec::sync_wait", C::SyncWait, K::Call, RunHint},
    {"std::this_thread::sync_wait", C::SyncWait, K::Call, RunHint},
    {"unifex::sync_wait", C::SyncWait, K::Call, RunHint},
    {"boost::asio::io_context::run", C::SyncWait, K::Call, LoopHint},
    {"boost::asio::io_context::run_one", C::SyncWait, K::Call, LoopHint},
    {"asio::io_context::run", C::SyncWait, K::Call, LoopHint},
    {"asio::io_context::run_one", C::SyncWait, K::Call, LoopHint},

    // io: POSIX and C I/O
    {"read", C::IO, K::CFunction, "", -1, true},
    {"write", C::IO, K::CFunction, "", -1, true},
    {"pread", C::IO, K::CFunction, "", -1, true},
    {"pwrite", C::IO, K::CFunction, "", -1, true},
    {"recv", C::IO, K::CFunction, "", -1, true},
    {"recvfrom", C::IO, K::CFunction, "", -1, true},
    {"recvmsg", C::IO, K::CFunction, "", -1, true},
    {"send", C::IO, K::CFunction, "", -1, true},
    {"sendto", C::IO, K::CFunction, "", -1, true},
    {"sendmsg", C::IO, K::CFunction, "", -1, true},
    {"accept", C::IO, K::CFunction, "", -1, true},
    {"accept4", C::IO, K::CFunction, "", -1, true},
    {"connect", C::IO, K::CFunction, "", -1, true},
    {"poll", C::IO, K::CFunction, "", 2},
    {"ppoll", C::IO, K::CFunction, ""},
    {"select", C::IO, K::CFunction, ""},
    {"pselect", C::IO, K::CFunction, ""},
    {"epoll_wait", C::IO, K::CFunction, "", 3},
    {"epoll_pwait", C::IO, K::CFunction, "", 3},
    {"wait", C::IO, K::CFunction, ProcessHint},
    {"waitpid", C::IO, K::CFunction, ProcessHint},
    {"fsync", C::IO, K::CFunction, ""},
    {"fdatasync", C::IO, K::CFunction, ""},
    {"fread", C::IO, K::CFunction, ""},
    {"fwrite", C::IO, K::CFunction, ""},
    {"fgets", C::IO, K::CFunction, ""},
    {"getchar", C::IO, K::CFunction, ""},
    {"scanf", C::IO, K::CFunction, ""},
    {"std::getline", C::IO, K::StreamGetline, ""},
    {"std::cin", C::IO, K::StreamExtraction, ""},
    {"std::wcin", C::IO, K::StreamExtraction, ""},
    {"getaddrinfo", C::IO, K::CFunction, ""},
    {"gethostbyname", C::IO, K::CFunction, ""},
    {"system", C::IO, K::CFunction, ProcessHint},
    {"popen", C::IO, K::CFunction, ProcessHint},
    {"pclose", C::IO, K::CFunction, ProcessHint},

    // net-client: synchronous HTTP and database clients
    {"curl_easy_perform", C::NetClient, K::CFunction, ""},
    {"cpr::Get", C::NetClient, K::Call, ""},
    {"cpr::Post", C::NetClient, K::Call, ""},
    {"cpr::Put", C::NetClient, K::Call, ""},
    {"cpr::Patch", C::NetClient, K::Call, ""},
    {"cpr::Delete", C::NetClient, K::Call, ""},
    {"cpr::Head", C::NetClient, K::Call, ""},
    {"httplib::Client::Get", C::NetClient, K::Call, ""},
    {"httplib::Client::Post", C::NetClient, K::Call, ""},
    {"httplib::Client::Put", C::NetClient, K::Call, ""},
    {"httplib::Client::Patch", C::NetClient, K::Call, ""},
    {"httplib::Client::Delete", C::NetClient, K::Call, ""},
    {"httplib::Client::Head", C::NetClient, K::Call, ""},
    {"httplib::Client::Options", C::NetClient, K::Call, ""},
    {"httplib::Client::send", C::NetClient, K::Call, ""},
    {"sqlite3_exec", C::NetClient, K::CFunction, ""},
    {"sqlite3_step", C::NetClient, K::CFunction, ""},
    {"PQexec", C::NetClient, K::CFunction, ""},
    {"PQexecParams", C::NetClient, K::CFunction, ""},
    {"PQexecPrepared", C::NetClient, K::CFunction, ""},
    {"mysql_query", C::NetClient, K::CFunction, ""},
    {"mysql_real_query", C::NetClient, K::CFunction, ""},

    // lock (off by default)
    {"std::mutex::lock", C::Lock, K::Call, LockHint},
    {"std::recursive_mutex::lock", C::Lock, K::Call, LockHint},
    {"std::timed_mutex::lock", C::Lock, K::Call, LockHint},
    {"std::recursive_timed_mutex::lock", C::Lock, K::Call, LockHint},
    {"std::shared_mutex::lock", C::Lock, K::Call, LockHint},
    {"std::shared_mutex::lock_shared", C::Lock, K::Call, LockHint},
    {"std::shared_timed_mutex::lock", C::Lock, K::Call, LockHint},
    {"std::shared_timed_mutex::lock_shared", C::Lock, K::Call, LockHint},
    {"std::unique_lock::lock", C::Lock, K::Call, LockHint},
    {"std::shared_lock::lock", C::Lock, K::Call, LockHint},
    {"std::lock", C::Lock, K::Call, LockHint},
    {"std::lock_guard", C::Lock, K::LockConstructor, LockHint},
    {"std::scoped_lock", C::Lock, K::LockConstructor, LockHint},
    {"std::unique_lock", C::Lock, K::LockConstructor, LockHint},
    {"std::shared_lock", C::Lock, K::LockConstructor, LockHint},
};

} // namespace

llvm::ArrayRef<BlockingFunction> builtinBlockingFunctions() {
  return Catalogue;
}

std::string normalisedName(const NamedDecl &D) {
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  if (!D.getDeclName().isIdentifier())
    return "";
  Parts.push_back(D.getName());
  for (const DeclContext *DC = D.getDeclContext(); DC; DC = DC->getParent()) {
    if (DC->isTranslationUnit())
      break;
    if (isa<LinkageSpecDecl>(DC) || isa<ExportDecl>(DC))
      continue;
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
      if (NS->isAnonymousNamespace())
        return "";
      if (NS->isInline())
        continue;
      Parts.push_back(NS->getName());
      continue;
    }
    if (const auto *RD = dyn_cast<RecordDecl>(DC)) {
      if (!RD->getIdentifier())
        return "";
      Parts.push_back(RD->getName());
      continue;
    }
    // Local to a function, or something else no catalogue entry names.
    return "";
  }
  std::string Result;
  for (auto It = Parts.rbegin(); It != Parts.rend(); ++It) {
    if (!Result.empty())
      Result += "::";
    Result += *It;
  }
  return Result;
}

} // namespace clang::tidy::async
