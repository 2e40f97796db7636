//===--- UnawaitedTaskCheck.cpp - async-tidy ------------------------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The check runs in four steps, each only when the previous one found
/// something, so that code without tasks pays for a statement walk only:
///
/// 1. A walk over the function's statements (not its expressions) collects
///    the local variables and structured bindings of task type.
/// 2. A walk over the body's expressions classifies every use of those
///    variables: a use that may consume the task (await, move, pass on,
///    store, return, non-const member call, ...) becomes a "consumption key"
///    (the use's statement node). Anything not understood consumes, so the
///    check stays quiet on it.
/// 3. What the structure of the code settles is decided without a graph:
///    a variable that every path through sequences, `if`/`else` and
///    expressions consumes before it can leave the declaring block (see
///    StructuralDecider). Only the rest goes to step 4.
/// 4. The function's control-flow graph (Clang's CFG, which models
///    `co_return` as a jump to the exit with the scope's destructors) is
///    searched with a forward "may still be unconsumed" dataflow from each
///    declaration to the end of the variable's lifetime (destructor and
///    lifetime-end elements, whose trigger statement is the closing brace,
///    `return`, `co_return`, `break`, `continue` or `goto`).
///
/// Exceptional paths are not modelled (the CFG is built without exception
/// edges): a task dropped because an exception unwinds the frame is not
/// reported.
///
//===----------------------------------------------------------------------===//

#include "UnawaitedTaskCheck.h"
#include "OptionParsing.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/SetVector.h"
#include <deque>

using namespace clang::ast_matchers;

namespace clang::tidy::async {

using TrackedVar = UnawaitedTaskCheck::TrackedVar;

UnawaitedTaskCheck::UnawaitedTaskCheck(llvm::StringRef Name,
                                       ClangTidyContext *Context)
    : FunctionCheck(Name, Context),
      IgnoredTypes(OptionReader(*this, Options).nameList("IgnoredTypes")),
      CheckedTypes(OptionReader(*this, Options).nameList("CheckedTypes")),
      Classifier(IgnoredTypes, CheckedTypes) {}

void UnawaitedTaskCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "IgnoredTypes", IgnoredTypes);
  Options.store(Opts, "CheckedTypes", CheckedTypes);
}

void UnawaitedTaskCheck::onStartOfTranslationUnit() {
  Classifier.reset();
  Reported.clear();
}

//===----------------------------------------------------------------------===//
// Step 1: the variables to follow
//===----------------------------------------------------------------------===//

namespace {

class TrackedVarCollector {
public:
  TrackedVarCollector(TaskTypeClassifier &Classifier, ASTContext &Ctx,
                      llvm::SmallVectorImpl<TrackedVar> &Vars,
                      llvm::SmallVectorImpl<const Stmt *> &HandlerExits)
      : Classifier(Classifier), Ctx(Ctx), Vars(Vars),
        HandlerExits(HandlerExits) {}

  /// Visits statements only: declarations of locals never hide inside
  /// expressions (lambda bodies are functions of their own).
  void visit(const Stmt *S, unsigned Depth = 0) {
    if (!S || isa<Expr>(S) || Depth > 512)
      return;
    if (const auto *Coro = dyn_cast<CoroutineBodyStmt>(S))
      return visit(Coro->getBody(), Depth + 1);
    if (const auto *Compound = dyn_cast<CompoundStmt>(S)) {
      unsigned Position = 0;
      for (const Stmt *Child : Compound->body()) {
        if (const auto *DS = dyn_cast<DeclStmt>(Child))
          addDecls(*DS, Compound, Position);
        else
          visit(Child, Depth + 1);
        ++Position;
      }
      return;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      return addDecls(*DS, nullptr, 0);
    if (const auto *Try = dyn_cast<CXXTryStmt>(S))
      for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
        collectExits(Try->getHandler(I)->getHandlerBlock(), Depth + 1);
    for (const Stmt *Child : S->children())
      visit(Child, Depth + 1);
  }

private:
  void addDecls(const DeclStmt &DS, const CompoundStmt *Block,
                unsigned Position) {
    for (const Decl *D : DS.decls())
      addDecl(D, Block, Position);
  }
  void addDecl(const Decl *D, const CompoundStmt *Block, unsigned Position);
  bool isCandidate(const VarDecl &VD) const;
  bool isOwnConstruction(const Expr *Init) const;
  std::optional<TaskTypeInfo> taskContainer(const VarDecl &VD) const;

  /// The `return`/`co_return` statements of a catch handler: with exception
  /// edges, a task alive when the try block throws is dropped there.
  void collectExits(const Stmt *S, unsigned Depth) {
    if (!S || isa<Expr>(S) || Depth > 512)
      return;
    if (isa<ReturnStmt, CoreturnStmt>(S))
      HandlerExits.push_back(S);
    for (const Stmt *Child : S->children())
      collectExits(Child, Depth + 1);
  }

  TaskTypeClassifier &Classifier;
  ASTContext &Ctx;
  llvm::SmallVectorImpl<TrackedVar> &Vars;
  llvm::SmallVectorImpl<const Stmt *> &HandlerExits;
};

} // namespace

/// Whether \p Init copies an object that someone else still owns (a copy
/// of a handle, a range-for copy of a container element): the copy is not
/// the only reference to the task.
static bool copiesAnLvalue(const Expr *Init) {
  const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(
      Init ? Init->IgnoreImplicit() : nullptr);
  if (!Construct || Construct->getNumArgs() == 0)
    return false;
  const CXXConstructorDecl *Ctor = Construct->getConstructor();
  if (!Ctor || !Ctor->isCopyConstructor())
    return false;
  return Construct->getArg(0)->IgnoreImplicit()->isLValue();
}

/// Whether \p Init leaves an empty task (`task<int> t;`, `task<int> t{};`).
static bool isDefaultConstruction(const Expr *Init) {
  if (!Init)
    return true;
  Init = Init->IgnoreImplicit();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Init))
    return Construct->getNumArgs() == 0 ||
           isa<CXXDefaultArgExpr>(Construct->getArg(0));
  if (const auto *List = dyn_cast<InitListExpr>(Init))
    return List->getNumInits() == 0;
  return isa<ImplicitValueInitExpr>(Init);
}

/// The temporary that reference \p VD binds and keeps alive
/// (`auto &&t = fetch();`), or null.
static const MaterializeTemporaryExpr *extendedTemporary(const VarDecl &VD) {
  if (!VD.getType()->isReferenceType() || !VD.getInit())
    return nullptr;
  const Expr *Init = VD.getInit();
  if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(Init))
    Init = Cleanups->getSubExpr();
  Init = Init->IgnoreParens();
  while (const auto *Cast = dyn_cast<ImplicitCastExpr>(Init)) {
    if (Cast->getCastKind() != CK_NoOp)
      return nullptr;
    Init = Cast->getSubExpr()->IgnoreParens();
  }
  const auto *Temp = dyn_cast<MaterializeTemporaryExpr>(Init);
  if (!Temp || Temp->getExtendingDecl() != &VD)
    return nullptr;
  return Temp;
}

/// Whether \p Init builds the object with one of its own constructors from
/// arguments none of which is a task (`async_latch latch(0);`, `event e{}`):
/// a long-lived object such as a latch, an event, a mutex or a timer, not a
/// one-shot awaitable handed out by a call.
bool TrackedVarCollector::isOwnConstruction(const Expr *Init) const {
  if (!Init)
    return false;
  Init = Init->IgnoreImplicit();
  if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(Init))
    Init = Cast->getSubExpr()->IgnoreImplicit();
  llvm::ArrayRef<const Expr *> Args;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Init)) {
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    if (!Ctor || Ctor->isCopyOrMoveConstructor())
      return false;
    Args = llvm::ArrayRef(Construct->getArgs(), Construct->getNumArgs());
  } else if (const auto *List = dyn_cast<InitListExpr>(Init)) {
    Args = llvm::ArrayRef(List->getInits(), List->getNumInits());
  } else if (const auto *Paren = dyn_cast<CXXParenListInitExpr>(Init)) {
    Args = Paren->getInitExprs();
  } else {
    return false;
  }
  return llvm::none_of(Args, [&](const Expr *Arg) {
    return !Arg || mustBeConsumed(Classifier.classify(Arg->getType(), Ctx));
  });
}

bool TrackedVarCollector::isCandidate(const VarDecl &VD) const {
  if (!VD.hasLocalStorage() || isa<ParmVarDecl>(VD) ||
      VD.isExceptionVariable() || VD.isInvalidDecl() ||
      VD.getType()->isDependentType() || VD.hasAttr<UnusedAttr>() ||
      VD.getLocation().isInvalid() || VD.getLocation().isMacroID())
    return false;
  if (VD.getType()->isReferenceType())
    return extendedTemporary(VD) != nullptr;
  return !isDefaultConstruction(VD.getInit()) &&
         !copiesAnLvalue(VD.getInit()) && !isOwnConstruction(VD.getInit());
}

/// The element type of a local container of tasks (`std::vector<task<>>`
/// and anything else a task is pushed into), when it must be consumed.
std::optional<TaskTypeInfo>
TrackedVarCollector::taskContainer(const VarDecl &VD) const {
  if (!VD.hasLocalStorage() || isa<ParmVarDecl>(VD) || VD.isInvalidDecl() ||
      VD.getType()->isReferenceType() || VD.hasAttr<UnusedAttr>() ||
      VD.getLocation().isInvalid() || VD.getLocation().isMacroID())
    return std::nullopt;
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      getCompleteRecord(VD.getType()));
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return std::nullopt;
  if (Spec->lookup(&Ctx.Idents.get("push_back")).empty() &&
      Spec->lookup(&Ctx.Idents.get("emplace_back")).empty())
    return std::nullopt;
  TaskTypeInfo Element =
      Classifier.classify(Spec->getTemplateArgs()[0].getAsType(), Ctx);
  if (!mustBeConsumed(Element) || Element.Kind == TaskKind::Generator)
    return std::nullopt;
  return Element;
}

/// Whether a local of this kind is followed. A generator left unused on a
/// path runs nothing and loses nothing; every other task that must be
/// consumed is followed, including one that is awaited only through the
/// awaiting promise's `await_transform` (the shared model decides).
static bool mustFollow(const TaskTypeInfo &Info) {
  return mustBeConsumed(Info) && Info.Kind != TaskKind::Generator;
}

void TrackedVarCollector::addDecl(const Decl *D, const CompoundStmt *Block,
                                  unsigned Position) {
  const auto *VD = dyn_cast<VarDecl>(D);
  if (!VD)
    return;
  if (!isCandidate(*VD)) {
    if (std::optional<TaskTypeInfo> Element = taskContainer(*VD)) {
      TrackedVar Var{VD, VD, *Element};
      Var.IsContainer = true;
      Vars.push_back(Var);
    }
    return;
  }
  if (const auto *Decomp = dyn_cast<DecompositionDecl>(VD)) {
    for (const BindingDecl *Binding : Decomp->bindings()) {
      if (!Binding || Binding->hasAttr<UnusedAttr>() ||
          Binding->getType().isNull() || Binding->getType()->isReferenceType())
        continue;
      TaskTypeInfo Info = Classifier.classify(Binding->getType(), Ctx);
      if (mustFollow(Info))
        Vars.push_back({Binding, VD, Info, false, Block, Position});
    }
    return;
  }
  TaskTypeInfo Info =
      Classifier.classify(VD->getType().getNonReferenceType(), Ctx);
  if (mustFollow(Info))
    Vars.push_back({VD, VD, Info, false, Block, Position});
}

//===----------------------------------------------------------------------===//
// Step 2: which uses consume a task
//===----------------------------------------------------------------------===//

namespace {

using KeyMap = llvm::DenseMap<const Stmt *, llvm::SmallVector<unsigned, 1>>;

/// What the walk over the body found about each followed variable.
struct UseFacts {
  /// Uses that may consume the variable, by the statement node of the use.
  KeyMap Keys;
  /// Assignments of a new task over the variable (`h = spawn(...)`), by the
  /// assignment's call: the old task is dropped there.
  KeyMap Overwrites;
  /// Consumptions inside a statement macro whose own branches surround
  /// them (`EXPECT_THROW(co_await std::move(t), E)`), by the macro's
  /// expansion location: every path through the macro consumes.
  llvm::DenseMap<SourceLocation, llvm::SmallVector<unsigned, 1>> MacroConsumes;
  /// An awaiter whose other members the code uses is an object (a latch, a
  /// timer), not a one-shot awaitable.
  llvm::BitVector ObjectUse;
  /// A task was put into the container.
  llvm::BitVector Filled;
  /// The statements that contain a use of each variable, and those that
  /// contain a jump (`return`, `co_return`, `goto`, `break`, `continue`):
  /// the structural decision looks only where these point.
  KeyMap Mentions;
  llvm::DenseSet<const Stmt *> HoldsJump;
  /// The walk gave up on a statement nested too deep: facts are incomplete.
  bool Truncated = false;

  explicit UseFacts(unsigned NumVars)
      : ObjectUse(NumVars), Filled(NumVars) {}
};

/// Walks the body's expressions top-down, keeping the path from the body to
/// the current node (there is no parent map), and records every use of a
/// followed variable that may consume it.
class ConsumptionFinder {
public:
  ConsumptionFinder(llvm::ArrayRef<TrackedVar> Vars,
                    llvm::DenseMap<const ValueDecl *, unsigned> &Index,
                    const SourceManager &SM, UseFacts &Facts)
      : Vars(Vars), Index(Index), SM(SM), Facts(Facts) {}

  void visit(const Stmt *S);

private:
  bool consumes(const DeclRefExpr &Use, unsigned Var);
  void addKey(const Stmt *S, unsigned Var) {
    llvm::SmallVector<unsigned, 1> &List = Facts.Keys[S];
    if (!llvm::is_contained(List, Var))
      List.push_back(Var);
  }
  void noteMacroConsumption(const Stmt &Use, unsigned Var);
  void noteMention(unsigned Var) {
    for (const Stmt *Ancestor : Path) {
      llvm::SmallVector<unsigned, 1> &List = Facts.Mentions[Ancestor];
      if (!llvm::is_contained(List, Var))
        List.push_back(Var);
    }
  }

  llvm::ArrayRef<TrackedVar> Vars;
  /// The followed variables, and the local references bound to them (the
  /// walk adds those).
  llvm::DenseMap<const ValueDecl *, unsigned> &Index;
  const SourceManager &SM;
  UseFacts &Facts;
  llvm::SmallVector<const Stmt *, 32> Path;
};

} // namespace

/// A statement that leaves the statements around it other than by falling
/// through.
static bool isJump(const Stmt *S) {
  return isa<ReturnStmt, CoreturnStmt, GotoStmt, IndirectGotoStmt, BreakStmt,
             ContinueStmt>(S);
}

void ConsumptionFinder::visit(const Stmt *S) {
  if (!S)
    return;
  if (Path.size() > 512) {
    Facts.Truncated = true;
    return;
  }
  // Unevaluated operands use nothing.
  if (isa<UnaryExprOrTypeTraitExpr, CXXNoexceptExpr, RequiresExpr>(S))
    return;
  if (const auto *Typeid = dyn_cast<CXXTypeidExpr>(S))
    if (!Typeid->isPotentiallyEvaluated())
      return;
  if (const auto *Coro = dyn_cast<CoroutineBodyStmt>(S))
    return visit(Coro->getBody());
  if (const auto *Use = dyn_cast<DeclRefExpr>(S)) {
    auto It = Index.find(Use->getDecl());
    if (It == Index.end())
      return;
    unsigned Var = It->second;
    noteMention(Var);
    bool Consumes = consumes(*Use, Var);
    if (Consumes) {
      addKey(Use, Var);
      noteMacroConsumption(*Use, Var);
    }
    return;
  }
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
    // A capture, by copy, by move or by reference, hands the task to the
    // lambda. The body is a function of its own and is not walked.
    for (const LambdaCapture &Capture : Lambda->captures()) {
      if (!Capture.capturesVariable())
        continue;
      auto It = Index.find(Capture.getCapturedVar());
      if (It == Index.end())
        continue;
      addKey(Lambda, It->second);
      Path.push_back(S);
      noteMention(It->second);
      Path.pop_back();
    }
    Path.push_back(S);
    for (const Expr *Init : Lambda->capture_inits())
      if (Init && !isa<DeclRefExpr>(Init->IgnoreImplicit()))
        visit(Init);
    Path.pop_back();
    return;
  }
  if (isJump(S))
    Facts.HoldsJump.insert(Path.begin(), Path.end());
  Path.push_back(S);
  // The ready/suspend/resume calls of a suspension are built on the awaiter,
  // an opaque value: only the operand and the awaiter hold the user's code.
  if (const auto *Suspend = dyn_cast<CoroutineSuspendExpr>(S)) {
    visit(Suspend->getOperand());
    visit(Suspend->getCommonExpr());
  } else {
    for (const Stmt *Child : S->children())
      visit(Child);
  }
  Path.pop_back();
}

/// Whether \p S contains a statement that can leave it other than by
/// falling through: `return`, `co_return`, `goto`, or a `break`/`continue`
/// that is not bound to a loop or `switch` inside \p S.
static bool containsEscape(const Stmt *S, bool InLoop = false,
                           bool InSwitch = false, unsigned Depth = 0) {
  if (!S)
    return false;
  if (Depth > 256)
    return true;
  if (isa<ReturnStmt, CoreturnStmt, GotoStmt, IndirectGotoStmt>(S))
    return true;
  if (isa<BreakStmt>(S))
    return !InLoop && !InSwitch;
  if (isa<ContinueStmt>(S))
    return !InLoop;
  if (isa<LambdaExpr, BlockExpr>(S))
    return false;
  const bool Loop = isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S);
  const bool Switch = isa<SwitchStmt>(S);
  for (const Stmt *Child : S->children())
    if (containsEscape(Child, InLoop || Loop, InSwitch || Switch, Depth + 1))
      return true;
  return false;
}

/// Whether evaluating \p Parent certainly evaluates its child \p Child.
static bool evaluatesChildAlways(const Stmt *Parent, const Stmt *Child) {
  if (const auto *Cond = dyn_cast<ConditionalOperator>(Parent))
    return Cond->getCond() == Child;
  if (const auto *Cond = dyn_cast<BinaryConditionalOperator>(Parent))
    return Cond->getCommon() == Child;
  if (const auto *Binary = dyn_cast<BinaryOperator>(Parent))
    return !Binary->isLogicalOp() || Binary->getLHS() == Child;
  if (const auto *If = dyn_cast<IfStmt>(Parent))
    return Child != If->getThen() && Child != If->getElse();
  if (isa<StmtExpr>(Parent))
    return false;
  if (isa<Expr>(Parent))
    return true;
  return isa<DeclStmt, ReturnStmt, CoreturnStmt>(Parent);
}

namespace {

/// What every path through a statement does to one followed variable.
enum class PathEffect {
  /// Every path consumes the variable before it can leave the statement,
  /// by falling through or by a jump.
  Consumed,
  /// No path uses the variable without consuming it, and every path that
  /// does not consume it falls through: the statement cannot drop it.
  Untouched,
  /// Anything else: a path may leave with the task unconsumed, or the
  /// variable is used in a way this walk does not follow.
  Unknown,
};

/// How an expression uses one followed variable.
enum class ExprUse { None, Always, Other };

/// Decides, without a control-flow graph, the variables whose fate the
/// structure of the code settles: from the declaration on, every path
/// through the declaring block consumes the variable before it can leave
/// the block. Sequences, `if`/`else` and expressions are followed; a loop,
/// `switch` or `try` that mentions the variable, a jump before the
/// consumption or a use that does not consume leaves the variable to the
/// graph. This is the common shape (a task awaited on both sides of a
/// branch, or in a branch that then leaves), and the graph costs several
/// times the walk.
class StructuralDecider {
public:
  StructuralDecider(const UseFacts &Facts,
                    const llvm::DenseMap<const ValueDecl *, unsigned> &Index)
      : Facts(Facts), Index(Index) {}

  bool consumedOnEveryPath(const TrackedVar &Tracked, unsigned TrackedIndex) {
    if (!Tracked.Block || Facts.Truncated)
      return false;
    Var = TrackedIndex;
    llvm::ArrayRef<Stmt *> Body(Tracked.Block->body_begin(),
                                Tracked.Block->body_end());
    if (Tracked.Position >= Body.size())
      return false;
    return sequence(Body.drop_front(Tracked.Position + 1), 0) ==
           PathEffect::Consumed;
  }

private:
  bool isKey(const Stmt *S) const {
    auto It = Facts.Keys.find(S);
    return It != Facts.Keys.end() && llvm::is_contained(It->second, Var);
  }
  bool mentions(const Stmt *S) const {
    auto It = Facts.Mentions.find(S);
    return It != Facts.Mentions.end() && llvm::is_contained(It->second, Var);
  }
  PathEffect sequence(llvm::ArrayRef<const Stmt *> Stmts, unsigned Depth);
  PathEffect statement(const Stmt *S, unsigned Depth);
  ExprUse use(const Stmt *S, unsigned Depth);

  const UseFacts &Facts;
  const llvm::DenseMap<const ValueDecl *, unsigned> &Index;
  unsigned Var = 0;
};

} // namespace

PathEffect StructuralDecider::sequence(llvm::ArrayRef<const Stmt *> Stmts,
                                       unsigned Depth) {
  for (const Stmt *S : Stmts) {
    PathEffect Effect = statement(S, Depth + 1);
    if (Effect != PathEffect::Untouched)
      return Effect;
  }
  return PathEffect::Untouched;
}

PathEffect StructuralDecider::statement(const Stmt *S, unsigned Depth) {
  if (!S)
    return PathEffect::Untouched;
  if (Depth > 64)
    return PathEffect::Unknown;
  const bool Mentions = mentions(S);
  if (!Mentions && !Facts.HoldsJump.contains(S) && !isJump(S))
    return PathEffect::Untouched;
  if (const auto *Compound = dyn_cast<CompoundStmt>(S))
    return sequence(llvm::ArrayRef(Compound->body_begin(),
                                   Compound->body_end()),
                    Depth);
  if (const auto *If = dyn_cast<IfStmt>(S)) {
    if (If->isConsteval())
      return PathEffect::Unknown;
    // The init statement, the condition variable and the condition run on
    // every path, in this order.
    const Stmt *Head[] = {If->getInit(), If->getConditionVariableDeclStmt(),
                          If->getCond()};
    if (PathEffect Effect = sequence(Head, Depth);
        Effect != PathEffect::Untouched)
      return Effect;
    PathEffect Then = statement(If->getThen(), Depth + 1);
    PathEffect Else = statement(If->getElse(), Depth + 1);
    if (Then == PathEffect::Unknown || Else == PathEffect::Unknown)
      return PathEffect::Unknown;
    // A branch that consumes is done with the task whatever it does next;
    // the other branch's paths go on unconsumed to what follows.
    return Then == Else ? Then : PathEffect::Untouched;
  }
  if (isa<ReturnStmt, CoreturnStmt>(S)) {
    // The operand is evaluated before the function is left; leaving
    // without consuming is a drop, for the graph to report.
    if (!Mentions || Facts.HoldsJump.contains(S))
      return PathEffect::Unknown;
    return use(S, Depth) == ExprUse::Always ? PathEffect::Consumed
                                            : PathEffect::Unknown;
  }
  if (isa<BreakStmt, ContinueStmt, GotoStmt, IndirectGotoStmt, LabelStmt,
          AttributedStmt, SwitchCase>(S))
    return PathEffect::Unknown;
  // Any other statement (an expression, a declaration, a loop, a switch, a
  // try) is followed only if it falls through on every path.
  if (Facts.HoldsJump.contains(S) && containsEscape(S))
    return PathEffect::Unknown;
  if (!Mentions)
    return PathEffect::Untouched;
  switch (use(S, Depth)) {
  case ExprUse::None:
    return PathEffect::Untouched;
  case ExprUse::Always:
    return PathEffect::Consumed;
  case ExprUse::Other:
    return PathEffect::Unknown;
  }
  return PathEffect::Unknown;
}

ExprUse StructuralDecider::use(const Stmt *S, unsigned Depth) {
  if (!S)
    return ExprUse::None;
  if (Depth > 256)
    return ExprUse::Other;
  // Unevaluated operands use nothing (as for the consumption walk).
  if (isa<UnaryExprOrTypeTraitExpr, CXXNoexceptExpr, RequiresExpr>(S))
    return ExprUse::None;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
    auto It = Index.find(Ref->getDecl());
    if (It == Index.end() || It->second != Var)
      return ExprUse::None;
    // A use inside a macro is left to the graph, which sees the macro's
    // own branches.
    return isKey(S) && !S->getBeginLoc().isMacroID() ? ExprUse::Always
                                                     : ExprUse::Other;
  }
  if (!mentions(S))
    return ExprUse::None;
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
    // Captures are initialised whenever the lambda is created; its body is
    // a function of its own.
    if (isKey(S))
      return ExprUse::Always;
    ExprUse Result = ExprUse::None;
    for (const Expr *Init : Lambda->capture_inits()) {
      ExprUse Part = use(Init, Depth + 1);
      if (Part == ExprUse::Other)
        return Part;
      if (Part == ExprUse::Always)
        Result = Part;
    }
    return Result;
  }
  // As in the consumption walk: a suspension's other parts are built on an
  // opaque value.
  llvm::SmallVector<const Stmt *, 4> Children;
  if (const auto *Suspend = dyn_cast<CoroutineSuspendExpr>(S))
    Children = {Suspend->getOperand(), Suspend->getCommonExpr()};
  else
    Children.append(S->child_begin(), S->child_end());
  ExprUse Result = ExprUse::None;
  for (const Stmt *Child : Children) {
    ExprUse Part = use(Child, Depth + 1);
    if (Part == ExprUse::None)
      continue;
    if (Part == ExprUse::Other || !evaluatesChildAlways(S, Child))
      return ExprUse::Other;
    Result = ExprUse::Always;
  }
  return Result;
}

/// Statement macros (a test framework's `EXPECT_THROW`) wrap their argument
/// in `if`/`switch` tricks whose other branches never run: a consumption
/// inside such a macro counts for every path through its expansion.
void ConsumptionFinder::noteMacroConsumption(const Stmt &Use, unsigned Var) {
  SourceLocation Loc = Use.getBeginLoc();
  if (!Loc.isMacroID())
    return;
  SourceLocation Expansion = SM.getExpansionLoc(Loc);
  for (const Stmt *Ancestor : Path) {
    if (!isa<IfStmt, SwitchStmt, ForStmt, WhileStmt, DoStmt, CXXTryStmt>(
            Ancestor))
      continue;
    SourceLocation Begin = Ancestor->getBeginLoc();
    if (!Begin.isMacroID() || SM.getExpansionLoc(Begin) != Expansion)
      continue;
    llvm::SmallVector<unsigned, 1> &List = Facts.MacroConsumes[Expansion];
    if (!llvm::is_contained(List, Var))
      List.push_back(Var);
    return;
  }
}

/// Whether an object of type \p RD can be copied: a copy bound to a const
/// reference may then be stored by the callee.
static bool isCopyable(const CXXRecordDecl *RD) {
  if (!RD)
    return true;
  if (RD->needsImplicitCopyConstructor())
    return !RD->defaultedCopyConstructorIsDeleted();
  return llvm::any_of(RD->ctors(), [](const CXXConstructorDecl *Ctor) {
    return Ctor->isCopyConstructor() && !Ctor->isDeleted();
  });
}

/// Whether binding a task to a parameter or reference of type \p Param
/// hands it over. Only a const lvalue reference to a task that cannot be
/// copied is a pure read; anything else (by value, rvalue or non-const
/// reference, a copyable handle that the callee may keep) consumes.
static bool bindingConsumes(QualType Param, QualType Arg) {
  if (Param.isNull())
    return true;
  const auto *Ref = Param->getAs<LValueReferenceType>();
  if (!Ref)
    return true;
  QualType Pointee = Ref->getPointeeType();
  if (!Pointee.isConstQualified() || Pointee.isVolatileQualified())
    return true;
  return isCopyable(Arg->getAsCXXRecordDecl());
}

/// Whether a const member function returning \p Result only reports on the
/// task: a value such as `bool done() const`, or a view through const. A
/// mutable pointer, reference or object (a coroutine handle, the shared
/// state) lets the caller drive or retrieve the task.
static bool isReportingResult(QualType Result) {
  if (Result.isNull())
    return false;
  if (Result->isVoidType() || Result->isArithmeticType() ||
      Result->isEnumeralType() || Result->isNullPtrType())
    return true;
  if (Result->isReferenceType() || Result->isPointerType())
    return Result->getPointeeType().isConstQualified();
  return false;
}

/// Whether passing a task as argument \p Arg of \p Callee hands it over.
static bool argumentConsumes(const FunctionDecl *Callee, unsigned Param,
                             QualType Arg) {
  // A constructor keeps what it is given.
  if (!Callee || isa<CXXConstructorDecl>(Callee) ||
      Param >= Callee->getNumParams())
    return true;
  return bindingConsumes(Callee->getParamDecl(Param)->getType(), Arg);
}

/// Whether calling \p MD on a task hands the task over.
static bool methodConsumes(const CXXMethodDecl *MD) {
  if (!MD)
    return true;
  if (MD->isStatic())
    return false;
  if (MD->isExplicitObjectMemberFunction())
    return true;
  if (!MD->isConst() || MD->getRefQualifier() == RQ_RValue)
    return true;
  // Conversions (`explicit operator bool() const`) report too.
  return !isReportingResult(MD->getReturnType());
}

/// Whether \p Member belongs to the awaiter protocol.
static bool isAwaiterProtocol(const NamedDecl *Member) {
  if (const auto *FD = dyn_cast_or_null<FunctionDecl>(Member))
    if (FD->getOverloadedOperator() == OO_Coawait ||
        isa<CXXConstructorDecl, CXXDestructorDecl>(FD) ||
        FD->getOverloadedOperator() == OO_Equal)
      return true;
  if (!Member || !Member->getDeclName().isIdentifier())
    return false;
  return llvm::is_contained(
      {"await_ready", "await_suspend", "await_resume"}, Member->getName());
}

/// Whether calling \p Member on a container puts a task in (or only
/// reserves room): the tasks in it are not consumed by that.
static bool fillsContainer(const NamedDecl *Member, bool &Fills) {
  if (!Member || !Member->getDeclName().isIdentifier())
    return false;
  llvm::StringRef Name = Member->getName();
  Fills = llvm::is_contained({"push_back", "emplace_back", "push_front",
                              "emplace_front", "emplace", "insert"},
                             Name);
  return Fills || Name == "reserve";
}

/// Whether `Lhs = Rhs` puts a new task into the variable: the right side is
/// made by a call, not an empty `{}` or another variable.
static bool assignsNewTask(const CXXOperatorCallExpr &Op) {
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Op.getDirectCallee());
  if (!Method || Op.getNumArgs() != 2 ||
      !(Method->isCopyAssignmentOperator() ||
        Method->isMoveAssignmentOperator()))
    return false;
  const Expr *Rhs = Op.getArg(1)->IgnoreImplicit();
  return isa<CallExpr, CoroutineSuspendExpr>(Rhs);
}

bool ConsumptionFinder::consumes(const DeclRefExpr &Use, unsigned Var) {
  const Stmt *Child = &Use;
  for (auto It = Path.rbegin(); It != Path.rend(); Child = *It, ++It) {
    const Stmt *Parent = *It;
    if (isa<ParenExpr>(Parent))
      continue;
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(Parent)) {
      switch (Cast->getCastKind()) {
      case CK_NoOp:
      case CK_DerivedToBase:
      case CK_UncheckedDerivedToBase:
        continue;
      default:
        return true;
      }
    }
    if (const auto *Member = dyn_cast<MemberExpr>(Parent)) {
      if (Member->getBase() != Child)
        return true;
      const ValueDecl *Decl = Member->getMemberDecl();
      if (Vars[Var].IsContainer) {
        bool Fills = false;
        if (fillsContainer(Decl, Fills)) {
          if (Fills)
            Facts.Filled.set(Var);
          return false;
        }
      } else if (Vars[Var].Info.Kind == TaskKind::Awaiter &&
                 !isAwaiterProtocol(Decl)) {
        Facts.ObjectUse.set(Var);
      }
      // A data member read or written: not understood, so it consumes.
      return methodConsumes(dyn_cast<CXXMethodDecl>(Decl));
    }
    if (isa<CoroutineSuspendExpr>(Parent))
      return true;
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Parent)) {
      const FunctionDecl *Callee = Op->getDirectCallee();
      const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Callee);
      for (unsigned I = 0; I < Op->getNumArgs(); ++I) {
        if (Op->getArg(I) != Child)
          continue;
        if (Method && !Method->isStatic() &&
            !Method->isExplicitObjectMemberFunction()) {
          if (I == 0 && !Vars[Var].IsContainer && assignsNewTask(*Op)) {
            llvm::SmallVector<unsigned, 1> &List = Facts.Overwrites[Op];
            if (!llvm::is_contained(List, Var))
              List.push_back(Var);
            return false;
          }
          if (I == 0)
            return methodConsumes(Method);
          return argumentConsumes(Method, I - 1, Use.getType());
        }
        return argumentConsumes(Callee, I, Use.getType());
      }
      return true;
    }
    if (const auto *Call = dyn_cast<CallExpr>(Parent)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
        if (Call->getArg(I) != Child)
          continue;
        return argumentConsumes(Callee, I, Use.getType());
      }
      return true;
    }
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(Parent))
      return !Cast->getType()->isVoidType();
    if (const auto *DS = dyn_cast<DeclStmt>(Parent)) {
      for (const Decl *D : DS->decls()) {
        const auto *VD = dyn_cast<VarDecl>(D);
        if (!VD || VD->getInit() != Child)
          continue;
        // `const auto &view = t;` awaits nothing: a local reference is
        // another name for the task, and its uses are the task's.
        if (VD->getType()->isReferenceType() && VD->hasLocalStorage() &&
            !Vars[Var].IsContainer) {
          Index[VD] = Var;
          return false;
        }
        return bindingConsumes(VD->getType(), Use.getType());
      }
      return true;
    }
    // `t;` on its own reads nothing; every other statement context
    // (`return t;`, a reference initialised with it, ...) consumes.
    if (!isa<Expr>(Parent))
      return !isa<CompoundStmt, LabelStmt, AttributedStmt, SwitchCase>(Parent);
    return true;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Step 3: paths through the control-flow graph
//===----------------------------------------------------------------------===//

/// Where a lifetime that ends at \p Trigger is shown to end.
static SourceLocation dropLocation(const Stmt &Trigger) {
  if (const auto *Compound = dyn_cast<CompoundStmt>(&Trigger))
    return Compound->getRBracLoc();
  if (isa<ReturnStmt, CoreturnStmt, BreakStmt, ContinueStmt, GotoStmt,
          IndirectGotoStmt>(Trigger))
    return Trigger.getBeginLoc();
  return Trigger.getEndLoc();
}

/// The value of \p E on entry to for-loop \p For: a constant, or a variable
/// declared in the loop's init statement with a constant initialiser.
static std::optional<llvm::APSInt>
valueOnEntry(const Expr *E, const ForStmt &For, const ASTContext &Ctx) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Init = dyn_cast_or_null<DeclStmt>(For.getInit());
    const auto *VD = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Init || !VD || !VD->getInit() ||
        !llvm::is_contained(Init->decls(), VD))
      return std::nullopt;
    E = VD->getInit()->IgnoreParenImpCasts();
  }
  if (E->isValueDependent() || E->containsErrors())
    return std::nullopt;
  Expr::EvalResult Result;
  if (!E->EvaluateAsInt(Result, Ctx))
    return std::nullopt;
  return Result.Val.getInt();
}

/// Whether the first test of \p Loop's condition is certainly true, as in
/// `for (int i = 0; i < 10; ++i)`: the path that skips the body is not real.
static bool firstIterationIsCertain(const Stmt *Loop, const ASTContext &Ctx) {
  const auto *For = dyn_cast_or_null<ForStmt>(Loop);
  if (!For || !For->getCond())
    return false;
  const auto *Compare =
      dyn_cast<BinaryOperator>(For->getCond()->IgnoreParenImpCasts());
  if (!Compare || !Compare->isComparisonOp())
    return false;
  std::optional<llvm::APSInt> LHS = valueOnEntry(Compare->getLHS(), *For, Ctx);
  std::optional<llvm::APSInt> RHS = valueOnEntry(Compare->getRHS(), *For, Ctx);
  if (!LHS || !RHS)
    return false;
  int Order = llvm::APSInt::compareValues(*LHS, *RHS);
  switch (Compare->getOpcode()) {
  case BO_LT:
    return Order < 0;
  case BO_GT:
    return Order > 0;
  case BO_LE:
    return Order <= 0;
  case BO_GE:
    return Order >= 0;
  case BO_EQ:
    return Order == 0;
  case BO_NE:
    return Order != 0;
  default:
    return false;
  }
}

namespace {

/// What one CFG element does to the followed variables.
struct Event {
  enum KindType { Init, Consume, Overwrite, End } Kind;
  unsigned Var;
  /// For End and Overwrite: the statement that ends the lifetime or
  /// replaces the task (may be null).
  const Stmt *Trigger = nullptr;
};

/// Where each variable may be dropped, found on one control-flow graph.
struct FlowResult {
  std::vector<llvm::SetVector<const Stmt *>> Drops;
  std::vector<bool> DroppedAtUnknown;
  llvm::DenseSet<const Stmt *> SeenKeys;
  explicit FlowResult(unsigned NumVars)
      : Drops(NumVars), DroppedAtUnknown(NumVars, false) {}
};

} // namespace

/// Runs the forward "may still be unconsumed" dataflow over \p Graph.
static void
findDrops(const CFG &Graph, const UseFacts &Facts,
          const llvm::DenseMap<const VarDecl *, llvm::SmallVector<unsigned, 1>>
              &ByStorage,
          unsigned NumVars, ASTContext &Ctx, FlowResult &Out) {
  const SourceManager &SM = Ctx.getSourceManager();
  // The events of each block, in order.
  std::vector<llvm::SmallVector<Event, 4>> Events(Graph.getNumBlockIDs());
  auto AddAll = [](llvm::SmallVectorImpl<Event> &To, Event::KindType Kind,
                   llvm::ArrayRef<unsigned> Vars, const Stmt *Trigger) {
    for (unsigned Var : Vars)
      To.push_back({Kind, Var, Trigger});
  };
  for (const CFGBlock *Block : Graph) {
    auto &BlockEvents = Events[Block->getBlockID()];
    for (const CFGElement &Element : *Block) {
      if (std::optional<CFGStmt> S = Element.getAs<CFGStmt>()) {
        const Stmt *St = S->getStmt();
        if (const auto *DS = dyn_cast<DeclStmt>(St)) {
          for (const Decl *D : DS->decls())
            if (const auto *VD = dyn_cast<VarDecl>(D)) {
              auto It = ByStorage.find(VD);
              if (It != ByStorage.end())
                AddAll(BlockEvents, Event::Init, It->second, nullptr);
            }
        }
        if (!Facts.MacroConsumes.empty() && St->getBeginLoc().isMacroID()) {
          auto It =
              Facts.MacroConsumes.find(SM.getExpansionLoc(St->getBeginLoc()));
          if (It != Facts.MacroConsumes.end())
            AddAll(BlockEvents, Event::Consume, It->second, nullptr);
        }
        auto It = Facts.Keys.find(St);
        if (It != Facts.Keys.end()) {
          Out.SeenKeys.insert(St);
          AddAll(BlockEvents, Event::Consume, It->second, nullptr);
        }
        auto Over = Facts.Overwrites.find(St);
        if (Over != Facts.Overwrites.end()) {
          Out.SeenKeys.insert(St);
          AddAll(BlockEvents, Event::Overwrite, Over->second, St);
        }
        continue;
      }
      const VarDecl *Ended = nullptr;
      const Stmt *Trigger = nullptr;
      if (std::optional<CFGAutomaticObjDtor> Dtor =
              Element.getAs<CFGAutomaticObjDtor>()) {
        Ended = Dtor->getVarDecl();
        Trigger = Dtor->getTriggerStmt();
      } else if (std::optional<CFGLifetimeEnds> Lifetime =
                     Element.getAs<CFGLifetimeEnds>()) {
        Ended = Lifetime->getVarDecl();
        Trigger = Lifetime->getTriggerStmt();
      }
      if (!Ended)
        continue;
      auto It = ByStorage.find(Ended);
      if (It != ByStorage.end())
        AddAll(BlockEvents, Event::End, It->second, Trigger);
    }
  }

  // Forward dataflow: the set of variables that may be alive and unconsumed
  // at the start of each block. Sets only grow, so a drop seen on the way to
  // the fixed point is a real path.
  std::vector<llvm::BitVector> In(Graph.getNumBlockIDs(),
                                  llvm::BitVector(NumVars));
  std::vector<bool> Visited(Graph.getNumBlockIDs(), false);
  std::vector<bool> Queued(Graph.getNumBlockIDs(), false);
  // Loop headers whose first test is certainly true: entering from outside
  // the loop goes straight into the body.
  std::vector<bool> CertainFirstIteration(Graph.getNumBlockIDs(), false);
  for (const CFGBlock *Block : Graph)
    if (Block->succ_size() == 2 && Block->succ_begin()->getReachableBlock() &&
        firstIterationIsCertain(Block->getTerminatorStmt(), Ctx))
      CertainFirstIteration[Block->getBlockID()] = true;

  auto Apply = [&](const CFGBlock &Block, llvm::BitVector &State) {
    for (const Event &E : Events[Block.getBlockID()]) {
      switch (E.Kind) {
      case Event::Init:
        State.set(E.Var);
        break;
      case Event::Consume:
        State.reset(E.Var);
        break;
      case Event::Overwrite:
        // The task held so far is destroyed by the assignment.
        if (State.test(E.Var))
          Out.Drops[E.Var].insert(E.Trigger);
        State.set(E.Var);
        break;
      case Event::End:
        if (State.test(E.Var)) {
          if (E.Trigger)
            Out.Drops[E.Var].insert(E.Trigger);
          else
            Out.DroppedAtUnknown[E.Var] = true;
        }
        State.reset(E.Var);
        break;
      }
    }
  };

  std::deque<const CFGBlock *> Work;
  const CFGBlock &Entry = Graph.getEntry();
  Work.push_back(&Entry);
  Visited[Entry.getBlockID()] = Queued[Entry.getBlockID()] = true;
  while (!Work.empty()) {
    const CFGBlock *Block = Work.front();
    Work.pop_front();
    Queued[Block->getBlockID()] = false;
    llvm::BitVector State = In[Block->getBlockID()];
    Apply(*Block, State);
    for (const CFGBlock::AdjacentBlock &Succ : Block->succs()) {
      const CFGBlock *Next = Succ.getReachableBlock();
      if (!Next)
        continue;
      llvm::BitVector NextState = State;
      if (CertainFirstIteration[Next->getBlockID()] &&
          Block->getLoopTarget() != Next->getTerminatorStmt()) {
        // Test the condition, then take the body edge only.
        Apply(*Next, NextState);
        Next = Next->succ_begin()->getReachableBlock();
      }
      unsigned ID = Next->getBlockID();
      llvm::BitVector Merged = In[ID];
      Merged |= NextState;
      if (Visited[ID] && Merged == In[ID])
        continue;
      Visited[ID] = true;
      In[ID] = std::move(Merged);
      if (!Queued[ID]) {
        Queued[ID] = true;
        Work.push_back(Next);
      }
    }
  }
}

static std::unique_ptr<CFG> buildGraph(const FunctionDecl &FD,
                                       const Stmt &Body, ASTContext &Ctx,
                                       bool WithExceptionEdges) {
  CFG::BuildOptions Options;
  Options.AddImplicitDtors = true;
  Options.AddLifetime = true;
  Options.AddEHEdges = WithExceptionEdges;
  // Every expression becomes an element, so every consuming use is found at
  // its own place in its block.
  Options.setAllAlwaysAdd();
  return CFG::buildCFG(&FD, const_cast<Stmt *>(&Body), &Ctx, Options);
}

void UnawaitedTaskCheck::checkFunction(const FunctionDecl &Function,
                                       ASTContext &Ctx) {
  const FunctionDecl *FD = &Function;
  if (!FD->doesThisDeclarationHaveABody() || FD->isInvalidDecl() ||
      FD->isDependentContext())
    return;
  const Stmt *Body = FD->getBody();
  if (!Body)
    return;
  llvm::SmallVector<TrackedVar, 4> Vars;
  llvm::SmallVector<const Stmt *, 2> HandlerExits;
  TrackedVarCollector(Classifier, Ctx, Vars, HandlerExits)
      .visit(Body);
  // Instantiations share locations: skip what was already reported.
  llvm::erase_if(Vars, [&](const TrackedVar &V) {
    return Reported.contains(V.Decl->getLocation());
  });
  if (Vars.empty())
    return;
  analyzeFunction(*FD, *Body, Vars, HandlerExits, Ctx);
}

void UnawaitedTaskCheck::analyzeFunction(
    const FunctionDecl &FD, const Stmt &Body, llvm::ArrayRef<TrackedVar> Vars,
    llvm::ArrayRef<const Stmt *> HandlerExits, ASTContext &Ctx) {
  const unsigned NumVars = Vars.size();
  llvm::DenseMap<const ValueDecl *, unsigned> Index;
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<unsigned, 1>> ByStorage;
  for (unsigned I = 0; I < NumVars; ++I) {
    Index[Vars[I].Decl] = I;
    // A container's tasks are followed by "never", not by path.
    if (!Vars[I].IsContainer)
      ByStorage[Vars[I].Storage].push_back(I);
  }

  UseFacts Facts(NumVars);
  ConsumptionFinder(Vars, Index, Ctx.getSourceManager(), Facts).visit(&Body);

  llvm::BitVector ConsumedSomewhere(NumVars);
  for (const auto &[S, List] : Facts.Keys)
    for (unsigned Var : List)
      ConsumedSomewhere.set(Var);

  const bool InCoroutine = getCoroutineBody(FD) != nullptr;
  // Which variables need the control-flow graph: not the containers, not
  // the objects, not those the structure of the code settles.
  llvm::BitVector Overwritten(NumVars);
  for (const auto &[S, List] : Facts.Overwrites)
    for (unsigned Var : List)
      Overwritten.set(Var);
  llvm::BitVector NeedsGraph(NumVars);
  StructuralDecider Structure(Facts, Index);
  for (unsigned I = 0; I < NumVars; ++I) {
    if (Vars[I].IsContainer) {
      if (Facts.Filled.test(I) && !ConsumedSomewhere.test(I))
        diagnoseContainer(Vars[I], InCoroutine);
      continue;
    }
    if (Facts.ObjectUse.test(I))
      continue;
    // An overwrite is only understood on the graph.
    if (HandlerExits.empty() && !Overwritten.test(I) &&
        Structure.consumedOnEveryPath(Vars[I], I))
      continue;
    NeedsGraph.set(I);
  }
  if (NeedsGraph.none())
    return;

  std::unique_ptr<CFG> Graph = buildGraph(FD, Body, Ctx, false);
  if (!Graph)
    return;
  FlowResult Flow(NumVars);
  findDrops(*Graph, Facts, ByStorage, NumVars, Ctx, Flow);

  // With exception edges, a `return`/`co_return` in a catch handler drops
  // what the try block left unconsumed. Only those drops are taken from this
  // graph: other exceptional paths stay unmodelled.
  if (!HandlerExits.empty())
    if (std::unique_ptr<CFG> EHGraph = buildGraph(FD, Body, Ctx, true)) {
      FlowResult EHFlow(NumVars);
      findDrops(*EHGraph, Facts, ByStorage, NumVars, Ctx, EHFlow);
      for (unsigned I = 0; I < NumVars; ++I)
        for (const Stmt *Drop : EHFlow.Drops[I])
          if (llvm::is_contained(HandlerExits, Drop))
            Flow.Drops[I].insert(Drop);
    }

  // A consuming use the graph does not show (code the CFG does not model):
  // the variable is not understood, so it is not reported.
  llvm::BitVector Understood(NumVars, true);
  for (const KeyMap *Map : {&Facts.Keys, &Facts.Overwrites})
    for (const auto &[S, List] : *Map)
      if (!Flow.SeenKeys.contains(S))
        for (unsigned Var : List)
          Understood.reset(Var);

  const SourceManager &SM = Ctx.getSourceManager();
  for (unsigned I = 0; I < NumVars; ++I) {
    if (!NeedsGraph.test(I) || !Understood.test(I) ||
        (Flow.Drops[I].empty() && !Flow.DroppedAtUnknown[I]))
      continue;
    llvm::SmallVector<const Stmt *, 4> Sorted(Flow.Drops[I].begin(),
                                              Flow.Drops[I].end());
    llvm::sort(Sorted, [&](const Stmt *A, const Stmt *B) {
      return SM.isBeforeInTranslationUnit(dropLocation(*A), dropLocation(*B));
    });
    diagnose(Vars[I], !ConsumedSomewhere.test(I), Sorted, InCoroutine);
  }
}

//===----------------------------------------------------------------------===//
// Diagnostics
//===----------------------------------------------------------------------===//

static bool hasDetach(const TaskTypeInfo &Info) {
  if (Info.Kind == TaskKind::SpawnHandle)
    return true;
  if (!Info.Record)
    return false;
  return llvm::any_of(Info.Record->methods(), [](const CXXMethodDecl *MD) {
    return MD->getDeclName().isIdentifier() && MD->getName() == "detach";
  });
}

/// The noun and the consequence a message uses for a kind of task; None
/// for kinds that are never reported.
static std::optional<std::pair<unsigned, unsigned>> describeKind(TaskKind K) {
  // Nouns: 0 task, 1 awaitable, 2 result handle. Consequences: 0 never
  // runs, 1 result lost, 2 runs unobserved, 3 does nothing, 4 started on
  // its executor, 5 value lost.
  switch (K) {
  case TaskKind::LazyTask:
    return std::make_pair(0u, 0u);
  case TaskKind::EagerTask:
  case TaskKind::UnknownTask:
    return std::make_pair(0u, 1u);
  case TaskKind::SpawnHandle:
    return std::make_pair(0u, 2u);
  case TaskKind::Awaiter:
    return std::make_pair(1u, 3u);
  case TaskKind::ScheduledTask:
    return std::make_pair(0u, 4u);
  case TaskKind::ResultHandle:
    return std::make_pair(2u, 5u);
  case TaskKind::NotATask:
  case TaskKind::FireAndForget:
  case TaskKind::Generator:
  case TaskKind::SyncValue:
    return std::nullopt;
  }
  return std::nullopt;
}

void UnawaitedTaskCheck::diagnose(const TrackedVar &Var, bool NeverConsumed,
                                  llvm::ArrayRef<const Stmt *> Drops,
                                  bool InCoroutine) {
  SourceLocation Loc = Var.Decl->getLocation();
  std::optional<std::pair<unsigned, unsigned>> Words =
      describeKind(Var.Info.Kind);
  if (Loc.isInvalid() || !Words || !Reported.insert(Loc).second)
    return;
  diag(Loc, "%select{task|awaitable|result handle}0 %1 is %select{not awaited "
            "on every path|never awaited}2; %select{on the paths that drop "
            "it, |}2%select{the lazy task never runs|its result and "
            "exceptions are lost|the task runs unobserved and its result and "
            "exceptions are lost|it does nothing|the task was started on its "
            "executor and its result and exceptions are lost|its value or "
            "exception is lost}3")
      << Words->first << Var.Decl << (NeverConsumed ? 1 : 0) << Words->second;
  if (!NeverConsumed)
    for (const Stmt *Drop : Drops) {
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Drop)) {
        diag(Op->getOperatorLoc(),
             "%0 is overwritten here without being awaited",
             DiagnosticIDs::Note)
            << Var.Decl;
        continue;
      }
      diag(dropLocation(*Drop),
           "%0 goes out of scope here without being awaited",
           DiagnosticIDs::Note)
          << Var.Decl;
    }
  unsigned Hint = InCoroutine ? 0 : 1;
  if (!InCoroutine && Var.Info.Kind == TaskKind::ResultHandle)
    Hint = 2;
  diag(Loc,
       "%select{'co_await' it|run it (for example with 'aio::run' or "
       "'sync_wait') or return it to a caller that awaits it|retrieve its "
       "value (for example with its 'get()') or return it to a caller that "
       "awaits it}0 on every path%select{|, call '.detach()' to let it run "
       "unobserved}1, or declare it '[[maybe_unused]]' if dropping it is "
       "intended",
       DiagnosticIDs::Note)
      << Hint << (hasDetach(Var.Info) ? 1 : 0);
}

void UnawaitedTaskCheck::diagnoseContainer(const TrackedVar &Var,
                                           bool InCoroutine) {
  SourceLocation Loc = Var.Decl->getLocation();
  std::optional<std::pair<unsigned, unsigned>> Words =
      describeKind(Var.Info.Kind);
  if (Loc.isInvalid() || !Words || !Reported.insert(Loc).second)
    return;
  diag(Loc, "tasks put into %0 are never awaited; %select{the lazy tasks "
            "never run|their results and exceptions are lost|the tasks run "
            "unobserved and their results and exceptions are lost|they do "
            "nothing|the tasks were started on their executor and their "
            "results and exceptions are lost|their values or exceptions are "
            "lost}1")
      << Var.Decl << Words->second;
  diag(Loc,
       "%select{'co_await' the tasks (each in turn, or all at once with the "
       "library's 'gather' or 'when_all')|run the tasks or return them to a "
       "caller that awaits them}0, or declare it '[[maybe_unused]]' if "
       "dropping them is intended",
       DiagnosticIDs::Note)
      << (InCoroutine ? 0 : 1);
}

} // namespace clang::tidy::async
