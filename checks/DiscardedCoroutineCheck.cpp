//===--- DiscardedCoroutineCheck.cpp - async-tidy -------------------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//

#include "DiscardedCoroutineCheck.h"
#include "OptionParsing.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {

/// The function being walked.
struct DiscardedCoroutineCheck::Walk {
  const FunctionDecl &Function;
  const CoroutineBodyStmt *Coroutine;
  ASTContext &Ctx;
};

DiscardedCoroutineCheck::DiscardedCoroutineCheck(llvm::StringRef Name,
                                                 ClangTidyContext *Context)
    : FunctionCheck(Name, Context),
      IgnoredTypes(OptionReader(*this, Options).nameList("IgnoredTypes")),
      CheckedTypes(OptionReader(*this, Options).nameList("CheckedTypes")),
      AllowCastToVoid(
          OptionReader(*this, Options).flag("AllowCastToVoid", true)),
      Classifier(IgnoredTypes, CheckedTypes) {}

void DiscardedCoroutineCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "IgnoredTypes", IgnoredTypes);
  Options.store(Opts, "CheckedTypes", CheckedTypes);
  Options.store(Opts, "AllowCastToVoid", AllowCastToVoid);
}

void DiscardedCoroutineCheck::onStartOfTranslationUnit() {
  Classifier.reset();
  Reported.clear();
}

namespace {

/// Finds the expressions whose value a statement throws away. `Plain` says
/// whether inserting `co_await` before the call is syntactically certain: the
/// statement is the call itself, written as a call, outside a handler (where
/// `co_await` is ill-formed).
class DiscardedExprFinder {
public:
  using Callback = llvm::function_ref<void(const CallExpr &, bool Plain)>;
  DiscardedExprFinder(bool AllowCastToVoid, Callback OnCall)
      : AllowCastToVoid(AllowCastToVoid), OnCall(OnCall) {}

  void visitStmt(const Stmt *S, bool Plain, unsigned Depth = 0);

private:
  void visitDiscarded(const Expr *E, bool Plain);

  bool AllowCastToVoid;
  Callback OnCall;
};

} // namespace

void DiscardedExprFinder::visitStmt(const Stmt *S, bool Plain, unsigned Depth) {
  // Statement nesting this deep is generated code; stay safe.
  if (!S || Depth > 256)
    return;
  auto Visit = [&](const Stmt *Child, bool ChildPlain) {
    visitStmt(Child, ChildPlain, Depth + 1);
  };
  if (const auto *E = dyn_cast<Expr>(S)) {
    visitDiscarded(E, Plain);
    return;
  }
  if (const auto *Compound = dyn_cast<CompoundStmt>(S)) {
    for (const Stmt *Child : Compound->body())
      Visit(Child, Plain);
    return;
  }
  if (const auto *If = dyn_cast<IfStmt>(S)) {
    Visit(If->getInit(), Plain);
    Visit(If->getThen(), Plain);
    Visit(If->getElse(), Plain);
    return;
  }
  if (const auto *For = dyn_cast<ForStmt>(S)) {
    Visit(For->getInit(), Plain);
    if (const Expr *Inc = For->getInc())
      visitDiscarded(Inc, /*Plain=*/false);
    Visit(For->getBody(), Plain);
    return;
  }
  if (const auto *While = dyn_cast<WhileStmt>(S))
    return Visit(While->getBody(), Plain);
  if (const auto *Do = dyn_cast<DoStmt>(S))
    return Visit(Do->getBody(), Plain);
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(S))
    return Visit(Range->getBody(), Plain);
  if (const auto *Switch = dyn_cast<SwitchStmt>(S)) {
    Visit(Switch->getInit(), Plain);
    Visit(Switch->getBody(), Plain);
    return;
  }
  if (const auto *Case = dyn_cast<SwitchCase>(S))
    return Visit(Case->getSubStmt(), Plain);
  if (const auto *Label = dyn_cast<LabelStmt>(S))
    return Visit(Label->getSubStmt(), Plain);
  if (const auto *Attributed = dyn_cast<AttributedStmt>(S))
    return Visit(Attributed->getSubStmt(), Plain);
  if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
    Visit(Try->getTryBlock(), Plain);
    for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
      Visit(Try->getHandler(I)->getHandlerBlock(), /*ChildPlain=*/false);
    return;
  }
  if (const auto *Coro = dyn_cast<CoroutineBodyStmt>(S))
    return Visit(Coro->getBody(), Plain);
}

void DiscardedExprFinder::visitDiscarded(const Expr *E, bool Plain) {
  if (!E || E->containsErrors())
    return;
  E = E->IgnoreImplicit();
  if (const auto *Paren = dyn_cast<ParenExpr>(E))
    return visitDiscarded(Paren->getSubExpr(), /*Plain=*/false);
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E)) {
    // `(void)f()` says "dropped on purpose" unless the user opted out.
    if (!Cast->getType()->isVoidType() || AllowCastToVoid)
      return;
    return visitDiscarded(Cast->getSubExpr(), /*Plain=*/false);
  }
  if (const auto *Cond = dyn_cast<AbstractConditionalOperator>(E)) {
    visitDiscarded(Cond->getTrueExpr(), /*Plain=*/false);
    visitDiscarded(Cond->getFalseExpr(), /*Plain=*/false);
    return;
  }
  if (const auto *Binary = dyn_cast<BinaryOperator>(E)) {
    if (!Binary->isCommaOp())
      return;
    visitDiscarded(Binary->getLHS(), /*Plain=*/false);
    visitDiscarded(Binary->getRHS(), /*Plain=*/false);
    return;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    // `co_await` binds looser than a binary operator: `co_await a + b` would
    // await `a`. Only calls written as calls take the fix.
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call))
      Plain = Plain && Op->getOperator() == OO_Call;
    OnCall(*Call, Plain);
  }
}

void DiscardedCoroutineCheck::checkFunction(const FunctionDecl &Function,
                                            ASTContext &Ctx) {
  const FunctionDecl *FD = &Function;
  if (!FD->doesThisDeclarationHaveABody() || FD->isInvalidDecl() ||
      FD->isDependentContext())
    return;
  Walk W{*FD, getCoroutineBody(*FD), Ctx};
  // The callback outlives the statement: function_ref does not own it.
  auto OnCall = [&](const CallExpr &Call, bool Plain) {
    diagnose(Call, W, Plain);
  };
  DiscardedExprFinder Finder(AllowCastToVoid, OnCall);
  Finder.visitStmt(FD->getBody(), /*Plain=*/true);
}

/// How the callee is named in a message.
static std::string calleeForMessage(const CallExpr &Call) {
  const FunctionDecl *FD = Call.getDirectCallee();
  if (!FD)
    return "this call";
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    if (MD->getParent()->isLambda())
      return "the lambda";
  return "'" + FD->getQualifiedNameAsString() + "'";
}

void DiscardedCoroutineCheck::diagnose(const CallExpr &Call, const Walk &W,
                                       bool PlainStatement) {
  // A call returning a reference hands out a task that someone else owns.
  if (!Call.isPRValue())
    return;
  TaskTypeInfo Info = Classifier.classify(Call.getType(), W.Ctx);
  if (!mustBeConsumed(Info.Kind))
    return;
  // Through Stmt, so that an operator call starts at its first operand.
  SourceLocation Loc = static_cast<const Stmt &>(Call).getBeginLoc();
  if (Loc.isInvalid() || !Reported.insert(Loc).second)
    return;

  std::string Callee = calleeForMessage(Call);
  std::string Type = describeType(Call.getType(), W.Ctx);
  // Nouns: 0 task, 1 awaitable, 2 handle, 3 result handle, 4 generator.
  unsigned Noun = 0;
  unsigned Select = 0;
  switch (Info.Kind) {
  case TaskKind::LazyTask:
    Select = 0;
    break;
  case TaskKind::EagerTask:
    Select = 1;
    break;
  case TaskKind::UnknownTask:
    Select = 2;
    break;
  case TaskKind::Awaiter:
    Noun = 1;
    Select = 3;
    break;
  case TaskKind::SpawnHandle:
    Noun = 2;
    Select = 1;
    break;
  case TaskKind::ScheduledTask:
    Select = 4;
    break;
  case TaskKind::ResultHandle:
    Noun = 3;
    Select = 5;
    break;
  case TaskKind::Generator:
    Noun = 4;
    Select = 6;
    break;
  case TaskKind::NotATask:
  case TaskKind::FireAndForget:
  case TaskKind::SyncValue:
    return;
  }
  const bool InCoroutine = W.Coroutine != nullptr;
  const bool CanFix =
      InCoroutine && PlainStatement && Info.IsAwaitable && !Loc.isMacroID() &&
      !static_cast<const Stmt &>(Call).getEndLoc().isMacroID() &&
      !promiseHasAwaitTransform(*W.Coroutine);
  {
    auto Diag =
        diag(Loc, "%select{task|awaitable|handle|result handle|generator}0 "
                  "'%1' returned by %2 is discarded; %select{the task never "
                  "runs unless it is awaited|the task runs detached and its "
                  "result and exceptions are lost|nothing awaits it, so its "
                  "result and exceptions are lost|it does nothing unless it "
                  "is awaited|the task was started on its executor and its "
                  "result and exceptions are lost|its value or exception is "
                  "lost|it never runs unless it is iterated}3")
        << Noun << Type << Callee << Select;
    if (CanFix)
      Diag << FixItHint::CreateInsertion(Loc, "co_await ");
  }
  if (CanFix)
    return;
  if (Info.Kind == TaskKind::Generator) {
    diag(Loc,
         "iterate it (for example in a range-based 'for' loop) or remove the "
         "call",
         DiagnosticIDs::Note);
    return;
  }
  if (Info.Kind == TaskKind::SpawnHandle) {
    diag(Loc,
         "keep the handle and 'co_await' it, or call '.detach()' on it "
         "to make fire-and-forget explicit",
         DiagnosticIDs::Note);
    return;
  }
  // Half-typed code (an editor mid-edit) can lose the `co_await` or
  // `co_return` that made the function a coroutine; then saying it is not a
  // coroutine would mislead, so the neutral advice is given instead.
  if (InCoroutine || W.Ctx.getDiagnostics().hasUncompilableErrorOccurred()) {
    diag(Loc, "'co_await' the result here, or keep it and await it later",
         DiagnosticIDs::Note);
    return;
  }
  if (Info.Kind == TaskKind::ResultHandle) {
    diag(Loc,
         "%0 is not a coroutine: keep the handle and retrieve the value (for "
         "example with its 'get()'), or return it to a caller that awaits it",
         DiagnosticIDs::Note)
        << &W.Function;
    return;
  }
  if (Info.Kind == TaskKind::Awaiter) {
    diag(Loc,
         "%0 is not a coroutine; an awaitable only acts when a coroutine "
         "'co_await's it",
         DiagnosticIDs::Note)
        << &W.Function;
    return;
  }
  diag(Loc,
       "%0 is not a coroutine: return the task to a caller that awaits it, or "
       "run it to completion with the library's blocking entry point (for "
       "example 'aio::run' or 'sync_wait')",
       DiagnosticIDs::Note)
      << &W.Function;
}

} // namespace clang::tidy::async
