//===--- DanglingReferenceCheck.h - async-tidy -----------------*- C++ -*-===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_CHECKS_DANGLINGREFERENCECHECK_H
#define ASYNC_TIDY_CHECKS_DANGLINGREFERENCECHECK_H

#include "FunctionWalk.h"
#include "TaskTypes.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::async {

/// Flags a short-lived object (a temporary, a local that dies first, a
/// temporary lambda's captures, the object of a member coroutine) bound to a
/// coroutine's reference-like parameter when the task can run after the
/// object is gone: it is awaited in a later statement, spawned, returned, or
/// stored in a container or member.
///
/// For the user-facing documentation see:
/// docs/checks/async-dangling-reference.md
class DanglingReferenceCheck : public FunctionCheck {
public:
  DanglingReferenceCheck(llvm::StringRef Name, ClangTidyContext *Context);
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

  /// What the check needs from its configuration while walking a function.
  struct Config {
    TaskTypeClassifier &Classifier;
    const NameList &ReferenceLike;
    const NameList &Spawn;
    const NameList &Ignored;
  };

private:
  friend class DanglingWalker;

  const std::string ReferenceLikeTypes;
  const std::string SpawnFunctions;
  const std::string IgnoredTypes;
  NameList ReferenceLike;
  NameList Spawn;
  NameList Ignored;
  TaskTypeClassifier Classifier;
  /// Each argument is reported once, however many instantiations share it.
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::async

#endif // ASYNC_TIDY_CHECKS_DANGLINGREFERENCECHECK_H
