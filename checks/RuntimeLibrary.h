//===--- RuntimeLibrary.h - async-tidy --------------------------*- C++ -*-===//
//
// Part of async-tidy. Shared analysis helpers used by every async-* check.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Which coroutine runtime library a coroutine belongs to, decided from the
/// namespace of its task type (not from include lines: a file may include
/// several runtimes, and a coroutine uses one), and that library's name for
/// the things checks suggest: how to sleep, how to move blocking work off the
/// event loop, which completion token makes its asynchronous operations
/// awaitable, its asynchronous mutex. A check that has nothing to name for a
/// library leaves the field empty and falls back to a runtime-neutral hint.
///
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_CHECKS_RUNTIMELIBRARY_H
#define ASYNC_TIDY_CHECKS_RUNTIMELIBRARY_H

#include "clang/AST/Decl.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace clang::tidy::async {

/// One known coroutine runtime library. Every text field is a phrase ready to
/// follow "for example " in a message, quotes included, or empty when the
/// library has no such thing (or we are not sure of its name).
struct RuntimeLibrary {
  /// Short name for documentation (`aio`, `folly`, `Boost.Asio`).
  llvm::StringRef Name;
  /// The namespace its task types are declared in, qualified, without a
  /// leading `::` (`folly`, `boost::asio`). Nested namespaces belong to it.
  llvm::StringRef Namespace;
  /// When not empty, the record is only for task types of this name (Asio's
  /// `awaitable` takes `use_awaitable`, its other coroutine types do not);
  /// a later record of the same namespace covers the others.
  llvm::StringRef TaskType;
  /// How a coroutine of this library sleeps.
  llvm::StringRef Sleep;
  /// How a coroutine of this library runs blocking work on another thread.
  llvm::StringRef Offload;
  /// The completion token that turns the library's `async_*` operations
  /// (completion-token style, as in Asio) into something its coroutines can
  /// `co_await`; empty when the library has no such convention.
  llvm::StringRef CompletionToken;
  /// The library's asynchronous mutex, qualified (`cppcoro::async_mutex`).
  llvm::StringRef AsyncMutex;
};

/// Every known library, most specific namespace first.
llvm::ArrayRef<RuntimeLibrary> knownRuntimeLibraries();

/// The library that declares \p D: the first entry whose namespace
/// encloses it (inline namespaces skipped) and whose task type, if it names
/// one, is \p D's name; or null.
const RuntimeLibrary *runtimeLibraryOf(const Decl &D);

/// The library of coroutine \p Coroutine: the one that declares its return
/// (task) type, or null when the task type is the user's own or unknown.
const RuntimeLibrary *runtimeLibraryOfCoroutine(const FunctionDecl &Coroutine);

/// The outermost named namespace enclosing \p D (inline namespaces skipped),
/// or empty: `boost` for `boost::asio::ip::tcp::socket`.
llvm::StringRef outermostNamespace(const Decl &D);

} // namespace clang::tidy::async

#endif // ASYNC_TIDY_CHECKS_RUNTIMELIBRARY_H
