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
  case BlockingCategory::AsyncTwin:
    return "async-twin";
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
      .Case("async-twin", BlockingCategory::AsyncTwin)
      .Default(std::nullopt);
}

std::string blockingSuggestion(BlockingHint Hint,
                               const RuntimeLibrary *Runtime) {
  // Each hint names the coroutine's own runtime when we know its name for
  // the thing, and is runtime-neutral otherwise.
  const std::string Offload =
      Runtime && !Runtime->Offload.empty()
          ? (" (for example " + Runtime->Offload + ")").str()
          : std::string();
  switch (Hint) {
  case BlockingHint::Default:
    return "await an asynchronous equivalent, or move it to a worker thread" +
           Offload;
  case BlockingHint::Sleep:
    if (Runtime && !Runtime->Sleep.empty())
      return ("'co_await' the runtime's sleep instead (for example " +
              Runtime->Sleep + ")")
          .str();
    return "'co_await' the runtime's asynchronous sleep or timer instead";
  case BlockingHint::Run:
    return "'co_await' the task instead of running it to completion on this "
           "thread";
  case BlockingHint::Loop:
    return "run the event loop from synchronous code, and 'co_await' the "
           "work here";
  case BlockingHint::Future:
    return "'co_await' an awaitable result instead (a task of the runtime), "
           "or wait on a worker thread" +
           Offload;
  case BlockingHint::Join:
    if (!Offload.empty())
      return "await the work on a worker thread instead of joining a thread" +
             Offload;
    return "await the work on a worker thread of the runtime instead of "
           "joining a thread";
  case BlockingHint::SyncPrimitive:
    return "use an asynchronous event, semaphore or channel of the runtime, "
           "or wait on a worker thread" +
           Offload;
  case BlockingHint::Lock:
    return "keep the critical section short and free of 'co_await', use "
           "'try_lock', or use an asynchronous mutex of the runtime";
  case BlockingHint::Process:
    return "start the process asynchronously, or run it on a worker thread" +
           Offload;
  case BlockingHint::DiscardedFuture:
    return "the destructor of the discarded 'std::future' waits for the work; "
           "keep the future, or run the work on a worker thread that the "
           "coroutine awaits" +
           Offload;
  }
  return "";
}

std::string defaultBlockingSuggestion(const RuntimeLibrary *Runtime) {
  return blockingSuggestion(BlockingHint::Default, Runtime);
}

namespace {

using C = BlockingCategory;
using K = BlockingKind;
using H = BlockingHint;

const BlockingFunction Catalogue[] = {
    // sleep
    {"std::this_thread::sleep_for", C::Sleep, K::Call, H::Sleep, 0},
    {"std::this_thread::sleep_until", C::Sleep, K::Call, H::Sleep},
    {"sleep", C::Sleep, K::CFunction, H::Sleep, 0},
    {"usleep", C::Sleep, K::CFunction, H::Sleep, 0},
    {"nanosleep", C::Sleep, K::CFunction, H::Sleep},
    {"clock_nanosleep", C::Sleep, K::CFunction, H::Sleep},
    {"boost::this_thread::sleep_for", C::Sleep, K::Call, H::Sleep, 0},
    {"boost::this_thread::sleep_until", C::Sleep, K::Call, H::Sleep},
    {"boost::this_thread::sleep", C::Sleep, K::Call, H::Sleep},

    // sync-wait: futures and threads
    {"std::future::get", C::SyncWait, K::Call, H::Future},
    {"std::future::wait", C::SyncWait, K::Call, H::Future},
    {"std::future::wait_for", C::SyncWait, K::Call, H::Future, 0},
    {"std::future::wait_until", C::SyncWait, K::Call, H::Future},
    {"std::shared_future::get", C::SyncWait, K::Call, H::Future},
    {"std::shared_future::wait", C::SyncWait, K::Call, H::Future},
    {"std::shared_future::wait_for", C::SyncWait, K::Call, H::Future, 0},
    {"std::shared_future::wait_until", C::SyncWait, K::Call, H::Future},
    // A discarded result waits in its destructor.
    {"std::async", C::SyncWait, K::DiscardedResult, H::DiscardedFuture},
    {"std::thread::join", C::SyncWait, K::Call, H::Join},
    {"std::jthread::join", C::SyncWait, K::Call, H::Join},
    // sync-wait: synchronisation primitives
    {"std::condition_variable::wait", C::SyncWait, K::Call, H::SyncPrimitive},
    {"std::condition_variable::wait_for", C::SyncWait, K::Call,
     H::SyncPrimitive, 1},
    {"std::condition_variable::wait_until", C::SyncWait, K::Call,
     H::SyncPrimitive},
    {"std::condition_variable_any::wait", C::SyncWait, K::Call,
     H::SyncPrimitive},
    {"std::condition_variable_any::wait_for", C::SyncWait, K::Call,
     H::SyncPrimitive, 1},
    {"std::condition_variable_any::wait_until", C::SyncWait, K::Call,
     H::SyncPrimitive},
    {"std::latch::wait", C::SyncWait, K::Call, H::SyncPrimitive},
    {"std::latch::arrive_and_wait", C::SyncWait, K::Call, H::SyncPrimitive},
    {"std::barrier::wait", C::SyncWait, K::Call, H::SyncPrimitive},
    {"std::barrier::arrive_and_wait", C::SyncWait, K::Call, H::SyncPrimitive},
    {"std::counting_semaphore::acquire", C::SyncWait, K::Call,
     H::SyncPrimitive},
    {"std::atomic::wait", C::SyncWait, K::Call, H::SyncPrimitive},
    {"std::atomic_flag::wait", C::SyncWait, K::Call, H::SyncPrimitive},
    // sync-wait: running a coroutine to completion from synchronous code
    {"aio::run", C::SyncWait, K::Call, H::Run},
    {"cppcoro::sync_wait", C::SyncWait, K::Call, H::Run},
    {"folly::coro::blockingWait", C::SyncWait, K::Call, H::Run},
    {"coro::sync_wait", C::SyncWait, K::Call, H::Run},
    {"async_simple::coro::syncAwait", C::SyncWait, K::Call, H::Run},
    {"stdexec::sync_wait", C::SyncWait, K::Call, H::Run},
    {"std::this_thread::sync_wait", C::SyncWait, K::Call, H::Run},
    {"unifex::sync_wait", C::SyncWait, K::Call, H::Run},
    {"boost::asio::io_context::run", C::SyncWait, K::Call, H::Loop},
    {"boost::asio::io_context::run_one", C::SyncWait, K::Call, H::Loop},
    {"asio::io_context::run", C::SyncWait, K::Call, H::Loop},
    {"asio::io_context::run_one", C::SyncWait, K::Call, H::Loop},

    // io: POSIX and C I/O
    {"read", C::IO, K::CFunction, H::Default, -1, true},
    {"write", C::IO, K::CFunction, H::Default, -1, true},
    {"pread", C::IO, K::CFunction, H::Default, -1, true},
    {"pwrite", C::IO, K::CFunction, H::Default, -1, true},
    {"recv", C::IO, K::CFunction, H::Default, -1, true},
    {"recvfrom", C::IO, K::CFunction, H::Default, -1, true},
    {"recvmsg", C::IO, K::CFunction, H::Default, -1, true},
    {"send", C::IO, K::CFunction, H::Default, -1, true},
    {"sendto", C::IO, K::CFunction, H::Default, -1, true},
    {"sendmsg", C::IO, K::CFunction, H::Default, -1, true},
    {"accept", C::IO, K::CFunction, H::Default, -1, true},
    {"accept4", C::IO, K::CFunction, H::Default, -1, true},
    {"connect", C::IO, K::CFunction, H::Default, -1, true},
    {"poll", C::IO, K::CFunction, H::Default, 2},
    {"ppoll", C::IO, K::CFunction, H::Default},
    {"select", C::IO, K::CFunction, H::Default},
    {"pselect", C::IO, K::CFunction, H::Default},
    {"epoll_wait", C::IO, K::CFunction, H::Default, 3},
    {"epoll_pwait", C::IO, K::CFunction, H::Default, 3},
    {"wait", C::IO, K::CFunction, H::Process},
    {"waitpid", C::IO, K::CFunction, H::Process},
    {"fsync", C::IO, K::CFunction, H::Default},
    {"fdatasync", C::IO, K::CFunction, H::Default},
    {"fread", C::IO, K::CFunction, H::Default},
    {"fwrite", C::IO, K::CFunction, H::Default},
    {"fgets", C::IO, K::CFunction, H::Default},
    {"getchar", C::IO, K::CFunction, H::Default},
    {"scanf", C::IO, K::CFunction, H::Default},
    // io: opening and reading files, reading the console
    {"fopen", C::IO, K::CFunction, H::Default},
    {"freopen", C::IO, K::CFunction, H::Default},
    {"open", C::IO, K::CFunction, H::Default},
    {"openat", C::IO, K::CFunction, H::Default},
    {"std::basic_ifstream", C::IO, K::FileStreamConstructor, H::Default},
    {"std::basic_fstream", C::IO, K::FileStreamConstructor, H::Default},
    {"std::basic_ifstream::open", C::IO, K::Call, H::Default},
    {"std::basic_fstream::open", C::IO, K::Call, H::Default},
    {"std::basic_istream::read", C::IO, K::StreamRead, H::Default},
    {"std::basic_istream::getline", C::IO, K::StreamRead, H::Default},
    {"std::basic_istream::get", C::IO, K::StreamRead, H::Default},
    {"std::basic_istream::ignore", C::IO, K::StreamRead, H::Default},
    {"std::basic_istream::operator>>", C::IO, K::StreamRead, H::Default},
    {"std::getline", C::IO, K::StreamGetline, H::Default},
    {"std::cin", C::IO, K::StreamExtraction, H::Default},
    {"std::wcin", C::IO, K::StreamExtraction, H::Default},
    {"getaddrinfo", C::IO, K::CFunction, H::Default},
    {"gethostbyname", C::IO, K::CFunction, H::Default},
    {"system", C::IO, K::CFunction, H::Process},
    {"popen", C::IO, K::CFunction, H::Process},
    {"pclose", C::IO, K::CFunction, H::Process},

    // net-client: synchronous HTTP and database clients
    {"curl_easy_perform", C::NetClient, K::CFunction, H::Default},
    {"cpr::Get", C::NetClient, K::Call, H::Default},
    {"cpr::Post", C::NetClient, K::Call, H::Default},
    {"cpr::Put", C::NetClient, K::Call, H::Default},
    {"cpr::Patch", C::NetClient, K::Call, H::Default},
    {"cpr::Delete", C::NetClient, K::Call, H::Default},
    {"cpr::Head", C::NetClient, K::Call, H::Default},
    {"httplib::Client::Get", C::NetClient, K::Call, H::Default},
    {"httplib::Client::Post", C::NetClient, K::Call, H::Default},
    {"httplib::Client::Put", C::NetClient, K::Call, H::Default},
    {"httplib::Client::Patch", C::NetClient, K::Call, H::Default},
    {"httplib::Client::Delete", C::NetClient, K::Call, H::Default},
    {"httplib::Client::Head", C::NetClient, K::Call, H::Default},
    {"httplib::Client::Options", C::NetClient, K::Call, H::Default},
    {"httplib::Client::send", C::NetClient, K::Call, H::Default},
    {"sqlite3_exec", C::NetClient, K::CFunction, H::Default},
    {"sqlite3_step", C::NetClient, K::CFunction, H::Default},
    {"PQexec", C::NetClient, K::CFunction, H::Default},
    {"PQexecParams", C::NetClient, K::CFunction, H::Default},
    {"PQexecPrepared", C::NetClient, K::CFunction, H::Default},
    {"mysql_query", C::NetClient, K::CFunction, H::Default},
    {"mysql_real_query", C::NetClient, K::CFunction, H::Default},

    // lock (off by default)
    {"std::mutex::lock", C::Lock, K::Call, H::Lock},
    {"std::recursive_mutex::lock", C::Lock, K::Call, H::Lock},
    {"std::timed_mutex::lock", C::Lock, K::Call, H::Lock},
    {"std::recursive_timed_mutex::lock", C::Lock, K::Call, H::Lock},
    {"std::shared_mutex::lock", C::Lock, K::Call, H::Lock},
    {"std::shared_mutex::lock_shared", C::Lock, K::Call, H::Lock},
    {"std::shared_timed_mutex::lock", C::Lock, K::Call, H::Lock},
    {"std::shared_timed_mutex::lock_shared", C::Lock, K::Call, H::Lock},
    {"std::unique_lock::lock", C::Lock, K::Call, H::Lock},
    {"std::shared_lock::lock", C::Lock, K::Call, H::Lock},
    {"std::lock", C::Lock, K::Call, H::Lock},
    {"std::lock_guard", C::Lock, K::LockConstructor, H::Lock},
    {"std::scoped_lock", C::Lock, K::LockConstructor, H::Lock},
    {"std::unique_lock", C::Lock, K::LockConstructor, H::Lock},
    {"std::shared_lock", C::Lock, K::LockConstructor, H::Lock},
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
