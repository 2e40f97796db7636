//===--- LockAcrossAwaitCheck.h - async-tidy --------------------*- C++ -*-===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_CHECKS_LOCKACROSSAWAITCHECK_H
#define ASYNC_TIDY_CHECKS_LOCKACROSSAWAITCHECK_H

#include "FunctionWalk.h"
#include "TaskTypes.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::async {

/// Flags a suspension point (`co_await`, `co_yield`) of a coroutine reached
/// while a thread-blocking lock (`std::mutex` through `std::lock_guard`,
/// `std::unique_lock`, ..., or locked by hand) may be held, found with the
/// coroutine's control-flow graph.
///
/// For the user-facing documentation see:
/// docs/checks/async-lock-across-await.md
class LockAcrossAwaitCheck : public FunctionCheck {
public:
  LockAcrossAwaitCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void checkFunction(const FunctionDecl &Function, ASTContext &Ctx) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus20;
  }
  // Template instantiations are where dependent lock types become concrete.
  std::optional<TraversalKind> getCheckTraversalKind() const override {
    return TK_AsIs;
  }

  /// Whether \p RD is a mutex that blocks its thread in `lock()`.
  bool isBlockingLockable(const CXXRecordDecl &RD);
  /// Whether a variable of type \p T owns a blocking lock while it lives.
  bool isGuardType(QualType T);

private:
  const std::string LockTypesOption;
  const std::string GuardTypesOption;
  NameList LockTypes;
  NameList GuardTypes;
  llvm::DenseMap<const CXXRecordDecl *, bool> LockableCache;
  /// Each (suspension point, lock) pair is reported once, however many
  /// template instantiations share it.
  llvm::DenseSet<std::pair<SourceLocation, SourceLocation>> Reported;
};

} // namespace clang::tidy::async

#endif // ASYNC_TIDY_CHECKS_LOCKACROSSAWAITCHECK_H
