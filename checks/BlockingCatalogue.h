//===--- BlockingCatalogue.h - async-tidy -----------------------*- C++ -*-===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The built-in catalogue of functions that block the calling thread, used by
/// async-blocking-call, and the name normalisation it is matched with.
///
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_CHECKS_BLOCKINGCATALOGUE_H
#define ASYNC_TIDY_CHECKS_BLOCKINGCATALOGUE_H

#include "RuntimeLibrary.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace clang::tidy::async {

/// Groups of blocking functions that users switch on and off together.
enum class BlockingCategory {
  Sleep,
  SyncWait,
  IO,
  NetClient,
  Lock,
  User,
  /// A synchronous member function called where the class offers an
  /// awaitable twin (`read_some` next to `async_read_some`).
  AsyncTwin,
};

/// The option spelling of \p C (`sleep`, `sync-wait`, ...).
llvm::StringRef categoryName(BlockingCategory C);
/// The category spelled \p Name in the `Categories` option, if any.
std::optional<BlockingCategory> parseCategory(llvm::StringRef Name);

/// How a catalogue entry is recognised.
enum class BlockingKind {
  /// A call of a function or member function with this qualified name.
  Call,
  /// A call of a C function declared `extern "C"` in the global namespace
  /// (`::read`, not `mylib::read`).
  CFunction,
  /// Constructing an object of this class type locks a mutex, unless a
  /// `defer_lock`/`try_to_lock`/`adopt_lock` tag is passed.
  LockConstructor,
  /// `operator>>` whose left operand is this stream object (`std::cin`).
  StreamExtraction,
  /// `std::getline`: only blocks when reading a console or a file stream.
  StreamGetline,
  /// A member function of `std::basic_istream` (`read`, `getline`, ...):
  /// blocks when called on `std::cin` or on a file stream.
  StreamRead,
  /// Constructing an object of this class type with arguments opens a file
  /// (`std::ifstream f(path)`); default, copy and move constructors do not.
  FileStreamConstructor,
  /// A call whose result is discarded waits in the result's destructor
  /// (`std::async`), unless a `std::launch::deferred` policy is passed.
  DiscardedResult,
};

/// What a catalogue entry suggests instead; the text names the coroutine's
/// runtime where it can (see blockingSuggestion).
enum class BlockingHint {
  Default,
  Sleep,
  Run,
  Loop,
  Future,
  Join,
  SyncPrimitive,
  Lock,
  Process,
  DiscardedFuture,
};

/// One built-in entry.
struct BlockingFunction {
  /// Qualified name without a leading `::` and without inline namespaces;
  /// member functions as `class::method`, class templates without arguments.
  llvm::StringRef Name;
  BlockingCategory Category;
  BlockingKind Kind;
  /// What to do instead.
  BlockingHint Hint;
  /// Index of a timeout argument (after the object): a literal zero there
  /// makes the call a non-blocking poll. -1 for none.
  int ZeroTimeoutArg = -1;
  /// I/O on a file descriptor, which does not block when the descriptor is
  /// non-blocking: quiet in functions that handle `EAGAIN`/`EWOULDBLOCK`/
  /// `EINPROGRESS`.
  bool DescriptorIO = false;
};

/// Every built-in entry, in catalogue order.
llvm::ArrayRef<BlockingFunction> builtinBlockingFunctions();

/// The text of \p Hint for a coroutine of \p Runtime (null: unknown, the
/// text is runtime-neutral).
std::string blockingSuggestion(BlockingHint Hint,
                               const RuntimeLibrary *Runtime = nullptr);

/// The suggestion for entries that do not name one.
std::string defaultBlockingSuggestion(const RuntimeLibrary *Runtime = nullptr);

/// The qualified name of \p D as the catalogue spells it: no leading `::`,
/// inline namespaces (`std::__cxx11`, `std::_V2`, `std::__1`) and
/// `extern "C"` blocks skipped, template arguments dropped. Empty for
/// declarations in anonymous namespaces or local to a function, which never
/// match a catalogue name.
std::string normalisedName(const NamedDecl &D);

} // namespace clang::tidy::async

#endif // ASYNC_TIDY_CHECKS_BLOCKINGCATALOGUE_H
