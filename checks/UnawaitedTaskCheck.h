//===--- UnawaitedTaskCheck.h - async-tidy ---------------------*- C++ -*-===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_CHECKS_UNAWAITEDTASKCHECK_H
#define ASYNC_TIDY_CHECKS_UNAWAITEDTASKCHECK_H

#include "FunctionWalk.h"
#include "TaskTypes.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::async {

/// Flags a local variable of task or awaitable type that goes out of scope
/// without being consumed (awaited, moved, passed on, stored, returned,
/// detached) on some path from its initialisation, found with the function's
/// control-flow graph.
///
/// For the user-facing documentation see:
/// docs/checks/async-unawaited-task.md
class UnawaitedTaskCheck : public FunctionCheck {
public:
  UnawaitedTaskCheck(llvm::StringRef Name, ClangTidyContext *Context);
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

  /// A local of task type the check follows through the function.
  struct TrackedVar {
    /// The variable, or the binding of a structured binding.
    const ValueDecl *Decl;
    /// The object whose lifetime ends with it: the variable itself, or the
    /// hidden variable of the structured binding.
    const VarDecl *Storage;
    TaskTypeInfo Info;
    /// A local container of tasks (`std::vector<task<>>`): the tasks in it
    /// must be awaited or gathered; only "never" is decided for it.
    bool IsContainer = false;
    /// The block that declares it and the declaration's place there, for
    /// deciding what the code's structure settles without a control-flow
    /// graph.
    const CompoundStmt *Block = nullptr;
    unsigned Position = 0;
  };

private:
  void analyzeFunction(const FunctionDecl &FD, const Stmt &Body,
                       llvm::ArrayRef<TrackedVar> Vars,
                       llvm::ArrayRef<const Stmt *> HandlerExits,
                       ASTContext &Ctx);
  void diagnose(const TrackedVar &Var, bool NeverConsumed,
                llvm::ArrayRef<const Stmt *> Drops, bool InCoroutine);
  void diagnoseContainer(const TrackedVar &Var, bool InCoroutine);

  const std::string IgnoredTypes;
  const std::string CheckedTypes;
  TaskTypeClassifier Classifier;
  /// Each variable is reported once, however many instantiations share it.
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::async

#endif // ASYNC_TIDY_CHECKS_UNAWAITEDTASKCHECK_H
