//===--- DiscardedCoroutineCheck.h - async-tidy ----------------*- C++ -*-===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_CHECKS_DISCARDEDCOROUTINECHECK_H
#define ASYNC_TIDY_CHECKS_DISCARDEDCOROUTINECHECK_H

#include "FunctionWalk.h"
#include "TaskTypes.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::async {

/// Flags a call whose result is a coroutine task or an awaitable and is thrown
/// away, so that nothing ever awaits it: a lazy task never runs, an eager one
/// loses its result and exceptions, a plain awaiter does nothing.
///
/// For the user-facing documentation see:
/// docs/checks/async-discarded-coroutine.md
class DiscardedCoroutineCheck : public FunctionCheck {
public:
  DiscardedCoroutineCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void checkFunction(const FunctionDecl &Function, ASTContext &Ctx) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus20;
  }
  // Template instantiations are where dependent task types become concrete.
  std::optional<TraversalKind> getCheckTraversalKind() const override {
    return TK_AsIs;
  }

private:
  struct Walk;
  void diagnose(const CallExpr &Call, const Walk &W, bool PlainStatement);

  const std::string IgnoredTypes;
  const std::string CheckedTypes;
  const bool AllowCastToVoid;
  TaskTypeClassifier Classifier;
  /// Each location is reported once, however many instantiations share it.
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::async

#endif // ASYNC_TIDY_CHECKS_DISCARDEDCOROUTINECHECK_H
