//===--- TaskTypes.h - async-tidy -------------------------------*- C++ -*-===//
//
// Part of async-tidy. Shared analysis helpers used by every async-* check.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Recognises coroutine task types and awaitables by their shape, for any
/// library: a coroutine return type has a `promise_type` (directly or through
/// a `std::coroutine_traits` specialization); an awaitable has
/// `operator co_await` (member or free) or `await_ready`/`await_suspend`/
/// `await_resume`. The promise's `initial_suspend`/`final_suspend` tell a lazy
/// task from an eager one and from a fire-and-forget type.
///
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_CHECKS_TASKTYPES_H
#define ASYNC_TIDY_CHECKS_TASKTYPES_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Regex.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::async {

/// What a value of a type does when nobody awaits it.
enum class TaskKind {
  /// Not a coroutine return type nor an awaitable.
  NotATask,
  /// Coroutine return type whose `initial_suspend` always suspends: the body
  /// runs only when the task is awaited (cppcoro/aio/folly-style tasks).
  LazyTask,
  /// Coroutine return type whose `initial_suspend` never suspends: the body
  /// starts at the call, and only awaiting it retrieves the result.
  EagerTask,
  /// Coroutine return type whose start behaviour cannot be read (a custom
  /// initial awaiter), or a type the user listed in `CheckedTypes`.
  UnknownTask,
  /// Eager, never suspends at the end and cannot be awaited: designed to be
  /// dropped (`winrt::fire_and_forget`, `boost::cobalt::detached`).
  FireAndForget,
  /// An awaitable that is not a coroutine return type: a plain awaiter does
  /// nothing until `co_await` drives it.
  Awaiter,
  /// An awaitable handle of work that already runs (has a `detach()` member,
  /// like `aio::create_task`'s handle): dropping it loses result and errors.
  SpawnHandle,
  /// Coroutine return type whose initial awaiter hands the coroutine to
  /// someone (`await_suspend` passes the handle on, as executor-bound tasks
  /// enqueue it): the body is started there, nobody sees its result.
  ScheduledTask,
  /// An awaitable that is not a coroutine return type but a handle to a
  /// result that exists or will exist (it has a future-like `get()` or
  /// `status()`: `promise.get_result()`, `make_ready_result(...)`).
  ResultHandle,
  /// Coroutine return type that is not awaitable and whose promise has
  /// `yield_value`: it is iterated, not awaited.
  Generator,
  /// Eager coroutine return type that never suspends at its end and offers
  /// its value (`value()`, `has_value()`, ...): a value-or-error such as
  /// folly's `result<T>` or an `Expected` coroutine, complete when the call
  /// returns. A value, not a task.
  SyncValue,
};

/// Whether an unawaited value of kind \p K loses work or results.
inline bool mustBeConsumed(TaskKind K) {
  return K != TaskKind::NotATask && K != TaskKind::FireAndForget &&
         K != TaskKind::SyncValue;
}

/// Everything the checks need to know about one task-like type.
struct TaskTypeInfo {
  TaskKind Kind = TaskKind::NotATask;
  /// The class, after sugar and cv-qualifiers are removed.
  const CXXRecordDecl *Record = nullptr;
  /// It can be the operand of `co_await` (in a coroutine that does not
  /// restrict awaiting through `await_transform`).
  bool IsAwaitable = false;
};

/// Whether a value of this type must be awaited (or iterated) once made:
/// the one answer both `async-discarded-coroutine` and
/// `async-unawaited-task` use. A coroutine type that has no awaiter protocol
/// of its own but is not a generator is a task too: the awaiting promise's
/// `await_transform` accepts it (folly's `Task`).
inline bool mustBeConsumed(const TaskTypeInfo &Info) {
  return mustBeConsumed(Info.Kind);
}

/// A `;`-separated list of qualified type or function names, each a regular
/// expression matched against the whole qualified name (a leading `::` is
/// optional on both sides), in clang-tidy's conventions.
class NameList {
public:
  NameList() = default;
  explicit NameList(llvm::StringRef List);
  bool matches(llvm::StringRef QualifiedName) const;
  bool matches(const NamedDecl &D) const;
  bool empty() const { return Patterns.empty(); }

private:
  std::vector<std::string> Sources;
  std::vector<std::shared_ptr<llvm::Regex>> Patterns;
};

/// Splits a `;`-separated option value, trimming blanks and dropping empty
/// entries.
llvm::SmallVector<llvm::StringRef, 8> splitList(llvm::StringRef List);

/// Classifies types by shape and caches the answer per translation unit.
class TaskTypeClassifier {
public:
  TaskTypeClassifier(llvm::StringRef IgnoredTypes, llvm::StringRef CheckedTypes)
      : Ignored(IgnoredTypes), Checked(CheckedTypes) {}

  /// Classifies \p T. Dependent, incomplete and invalid types are NotATask:
  /// a check never warns on what it cannot fully see.
  TaskTypeInfo classify(QualType T, ASTContext &Ctx);

  /// Forgets cached answers (call at the start of each translation unit).
  void reset() { Cache.clear(); }

private:
  TaskTypeInfo classifyRecord(const CXXRecordDecl &RD, ASTContext &Ctx);

  NameList Ignored;
  NameList Checked;
  llvm::DenseMap<const Type *, TaskTypeInfo> Cache;
};

/// The promise class of a coroutine return type, or null. Looks for a member
/// `promise_type` and then for a `std::coroutine_traits` specialization.
const CXXRecordDecl *findPromiseType(const CXXRecordDecl &Task,
                                     ASTContext &Ctx);

/// Whether \p RD can be awaited: member or free `operator co_await`, or the
/// three awaiter members.
bool isAwaitableRecord(const CXXRecordDecl &RD, ASTContext &Ctx);

/// Whether `co_await` on an awaiter of type \p Awaiter (what
/// `operator co_await` or `await_transform` produced) suspends: true (always),
/// false (never: `await_ready` is constant true), or unknown.
std::optional<bool> awaiterSuspends(QualType Awaiter, const ASTContext &Ctx);

/// The body of \p FD when it is a coroutine (it contains `co_await`,
/// `co_yield` or `co_return`), else null.
const CoroutineBodyStmt *getCoroutineBody(const FunctionDecl &FD);

/// The promise of coroutine \p Body restricts what can be awaited through an
/// `await_transform` member (generators, asio's awaitable, ...).
bool promiseHasAwaitTransform(const CoroutineBodyStmt &Body);

/// The record of \p T if it is a complete, non-dependent class type.
const CXXRecordDecl *getCompleteRecord(QualType T);

/// The qualified name of \p RD with its template arguments, as users read it
/// (`aio::task<int>`).
std::string describeType(QualType T, ASTContext &Ctx);

} // namespace clang::tidy::async

#endif // ASYNC_TIDY_CHECKS_TASKTYPES_H
