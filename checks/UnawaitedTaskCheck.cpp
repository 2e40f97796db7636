//===--- UnawaitedTaskCheck.cpp - async-tidy ------------------------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The check runs in three steps, each only when the previous one found
/// something, so that code without tasks pays for a statement walk only:
///
/// 1. A walk over the function's statements (not its expressions) collects
///    the local variables and structured bindings of task type.
/// 2. A walk over the body's expressions classifies every use of those
///    variables: a use that may consume the task (await, move, pass on,
///    store, return, non-const member call, ...) becomes a "consumption key"
///    (the use's statement node). Anything not understood consumes, so the
///    check stays quiet on it.
/// 3. The function's control-flow graph (Clang's CFG, which models
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
    : ClangTidyCheck(Name, Context),
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

void UnawaitedTaskCheck::registerMatchers(MatchFinder *Finder) {
  // Every function definition, lambdas and instantiations included; the body
  // is walked by hand (no parent map is ever built).
  Finder->addMatcher(functionDecl(isDefinition()).bind("function"), this);
}

//===----------------------------------------------------------------------===//
// Step 1: the variables to follow
//===----------------------------------------------------------------------===//

namespace {

class TrackedVarCollector {
public:
  TrackedVarCollector(TaskTypeClassifier &Classifier, ASTContext &Ctx,
                      llvm::SmallVectorImpl<TrackedVar> &Vars)
      : Classifier(Classifier), Ctx(Ctx), Vars(Vars) {}

  /// Visits statements only: declarations of locals never hide inside
  /// expressions (lambda bodies are functions of their own).
  void visit(const Stmt *S, unsigned Depth = 0) {
    if (!S || isa<Expr>(S) || Depth > 512)
      return;
    if (const auto *Coro = dyn_cast<CoroutineBodyStmt>(S))
      return visit(Coro->getBody(), Depth + 1);
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        addDecl(D);
      return;
    }
    for (const Stmt *Child : S->children())
      visit(Child, Depth + 1);
  }

private:
  void addDecl(const Decl *D);
  bool isCandidate(const VarDecl &VD) const;

  TaskTypeClassifier &Classifier;
  ASTContext &Ctx;
  llvm::SmallVectorImpl<TrackedVar> &Vars;
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

bool TrackedVarCollector::isCandidate(const VarDecl &VD) const {
  return VD.hasLocalStorage() && !isa<ParmVarDecl>(VD) &&
         !VD.isExceptionVariable() && !VD.isInvalidDecl() &&
         !VD.getType()->isReferenceType() && !VD.getType()->isDependentType() &&
         !VD.hasAttr<UnusedAttr>() && VD.getLocation().isValid() &&
         !VD.getLocation().isMacroID() &&
         !isDefaultConstruction(VD.getInit()) && !copiesAnLvalue(VD.getInit());
}

/// Whether a local of this kind must be consumed. A lazy coroutine type
/// that cannot be awaited is a generator: leaving it unused on a path runs
/// nothing and loses nothing.
static bool mustFollow(const TaskTypeInfo &Info) {
  if (!mustBeConsumed(Info.Kind))
    return false;
  return Info.Kind != TaskKind::LazyTask || Info.IsAwaitable;
}

void TrackedVarCollector::addDecl(const Decl *D) {
  const auto *VD = dyn_cast<VarDecl>(D);
  if (!VD || !isCandidate(*VD))
    return;
  if (const auto *Decomp = dyn_cast<DecompositionDecl>(VD)) {
    for (const BindingDecl *Binding : Decomp->bindings()) {
      if (!Binding || Binding->hasAttr<UnusedAttr>() ||
          Binding->getType().isNull() || Binding->getType()->isReferenceType())
        continue;
      TaskTypeInfo Info = Classifier.classify(Binding->getType(), Ctx);
      if (mustFollow(Info))
        Vars.push_back({Binding, VD, Info});
    }
    return;
  }
  TaskTypeInfo Info = Classifier.classify(VD->getType(), Ctx);
  if (mustFollow(Info))
    Vars.push_back({VD, VD, Info});
}

//===----------------------------------------------------------------------===//
// Step 2: which uses consume a task
//===----------------------------------------------------------------------===//

namespace {

/// Walks the body's expressions top-down, keeping the path from the body to
/// the current node (there is no parent map), and records every use of a
/// followed variable that may consume it.
class ConsumptionFinder {
public:
  using KeyMap = llvm::DenseMap<const Stmt *, llvm::SmallVector<unsigned, 1>>;

  ConsumptionFinder(const llvm::DenseMap<const ValueDecl *, unsigned> &Index,
                    KeyMap &Keys)
      : Index(Index), Keys(Keys) {}

  void visit(const Stmt *S);

private:
  bool consumes(const DeclRefExpr &Use) const;
  void addKey(const Stmt *S, unsigned Var) {
    llvm::SmallVector<unsigned, 1> &List = Keys[S];
    if (!llvm::is_contained(List, Var))
      List.push_back(Var);
  }

  const llvm::DenseMap<const ValueDecl *, unsigned> &Index;
  KeyMap &Keys;
  llvm::SmallVector<const Stmt *, 32> Path;
};

} // namespace

void ConsumptionFinder::visit(const Stmt *S) {
  if (!S || Path.size() > 512)
    return;
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
    if (It != Index.end() && consumes(*Use))
      addKey(Use, It->second);
    return;
  }
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
    // A capture, by copy, by move or by reference, hands the task to the
    // lambda. The body is a function of its own and is not walked.
    for (const LambdaCapture &Capture : Lambda->captures()) {
      if (!Capture.capturesVariable())
        continue;
      auto It = Index.find(Capture.getCapturedVar());
      if (It != Index.end())
        addKey(Lambda, It->second);
    }
    Path.push_back(S);
    for (const Expr *Init : Lambda->capture_inits())
      if (Init && !isa<DeclRefExpr>(Init->IgnoreImplicit()))
        visit(Init);
    Path.pop_back();
    return;
  }
  Path.push_back(S);
  for (const Stmt *Child : S->children())
    visit(Child);
  Path.pop_back();
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

bool ConsumptionFinder::consumes(const DeclRefExpr &Use) const {
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
      // A data member read or written: not understood, so it consumes.
      return methodConsumes(dyn_cast<CXXMethodDecl>(Member->getMemberDecl()));
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
    // `const auto &view = t;` reads, like a const reference parameter.
    if (const auto *DS = dyn_cast<DeclStmt>(Parent)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D); VD && VD->getInit() == Child)
          return bindingConsumes(VD->getType(), Use.getType());
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
  enum KindType { Init, Consume, End } Kind;
  unsigned Var;
  /// For End: the statement that ends the lifetime (may be null).
  const Stmt *Trigger = nullptr;
};

} // namespace

void UnawaitedTaskCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (!FD || !FD->doesThisDeclarationHaveABody() || FD->isInvalidDecl() ||
      FD->isDependentContext())
    return;
  const Stmt *Body = FD->getBody();
  if (!Body)
    return;
  llvm::SmallVector<TrackedVar, 4> Vars;
  TrackedVarCollector(Classifier, *Result.Context, Vars).visit(Body);
  // Instantiations share locations: skip what was already reported.
  llvm::erase_if(Vars, [&](const TrackedVar &V) {
    return Reported.contains(V.Decl->getLocation());
  });
  if (Vars.empty())
    return;
  analyzeFunction(*FD, *Body, Vars, *Result.Context);
}

void UnawaitedTaskCheck::analyzeFunction(const FunctionDecl &FD,
                                         const Stmt &Body,
                                         llvm::ArrayRef<TrackedVar> Vars,
                                         ASTContext &Ctx) {
  const unsigned NumVars = Vars.size();
  llvm::DenseMap<const ValueDecl *, unsigned> Index;
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<unsigned, 1>> ByStorage;
  for (unsigned I = 0; I < NumVars; ++I) {
    Index[Vars[I].Decl] = I;
    ByStorage[Vars[I].Storage].push_back(I);
  }

  ConsumptionFinder::KeyMap Keys;
  ConsumptionFinder(Index, Keys).visit(&Body);

  CFG::BuildOptions Options;
  Options.AddImplicitDtors = true;
  Options.AddLifetime = true;
  // Every expression becomes an element, so every consuming use is found at
  // its own place in its block.
  Options.setAllAlwaysAdd();
  std::unique_ptr<CFG> Graph =
      CFG::buildCFG(&FD, const_cast<Stmt *>(&Body), &Ctx, Options);
  if (!Graph)
    return;

  // The events of each block, in order.
  std::vector<llvm::SmallVector<Event, 4>> Events(Graph->getNumBlockIDs());
  llvm::DenseSet<const Stmt *> SeenKeys;
  for (const CFGBlock *Block : *Graph) {
    auto &BlockEvents = Events[Block->getBlockID()];
    for (const CFGElement &Element : *Block) {
      if (std::optional<CFGStmt> S = Element.getAs<CFGStmt>()) {
        const Stmt *St = S->getStmt();
        if (const auto *DS = dyn_cast<DeclStmt>(St)) {
          for (const Decl *D : DS->decls())
            if (const auto *VD = dyn_cast<VarDecl>(D)) {
              auto It = ByStorage.find(VD);
              if (It != ByStorage.end())
                for (unsigned Var : It->second)
                  BlockEvents.push_back({Event::Init, Var});
            }
        }
        auto It = Keys.find(St);
        if (It != Keys.end()) {
          SeenKeys.insert(St);
          for (unsigned Var : It->second)
            BlockEvents.push_back({Event::Consume, Var});
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
        for (unsigned Var : It->second)
          BlockEvents.push_back({Event::End, Var, Trigger});
    }
  }

  // A consuming use the graph does not show (code the CFG does not model):
  // the variable is not understood, so it is not reported.
  llvm::BitVector Understood(NumVars, true);
  llvm::BitVector ConsumedSomewhere(NumVars);
  for (const auto &[S, List] : Keys)
    for (unsigned Var : List) {
      ConsumedSomewhere.set(Var);
      if (!SeenKeys.contains(S))
        Understood.reset(Var);
    }

  // Forward dataflow: the set of variables that may be alive and unconsumed
  // at the start of each block. Sets only grow, so a drop seen on the way to
  // the fixed point is a real path.
  std::vector<llvm::BitVector> In(Graph->getNumBlockIDs(),
                                  llvm::BitVector(NumVars));
  std::vector<bool> Visited(Graph->getNumBlockIDs(), false);
  std::vector<bool> Queued(Graph->getNumBlockIDs(), false);
  std::vector<llvm::SetVector<const Stmt *>> Drops(NumVars);
  std::vector<bool> DroppedAtUnknown(NumVars, false);
  // Loop headers whose first test is certainly true: entering from outside
  // the loop goes straight into the body.
  std::vector<bool> CertainFirstIteration(Graph->getNumBlockIDs(), false);
  for (const CFGBlock *Block : *Graph)
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
      case Event::End:
        if (State.test(E.Var)) {
          if (E.Trigger)
            Drops[E.Var].insert(E.Trigger);
          else
            DroppedAtUnknown[E.Var] = true;
        }
        State.reset(E.Var);
        break;
      }
    }
  };

  std::deque<const CFGBlock *> Work;
  const CFGBlock &Entry = Graph->getEntry();
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

  const bool InCoroutine = getCoroutineBody(FD) != nullptr;
  const SourceManager &SM = Ctx.getSourceManager();
  for (unsigned I = 0; I < NumVars; ++I) {
    if (!Understood.test(I) || (Drops[I].empty() && !DroppedAtUnknown[I]))
      continue;
    llvm::SmallVector<const Stmt *, 4> Sorted(Drops[I].begin(), Drops[I].end());
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

void UnawaitedTaskCheck::diagnose(const TrackedVar &Var, bool NeverConsumed,
                                  llvm::ArrayRef<const Stmt *> Drops,
                                  bool InCoroutine) {
  SourceLocation Loc = Var.Decl->getLocation();
  if (Loc.isInvalid() || !Reported.insert(Loc).second)
    return;
  unsigned Select = 0;
  switch (Var.Info.Kind) {
  case TaskKind::LazyTask:
    Select = 0;
    break;
  case TaskKind::EagerTask:
  case TaskKind::UnknownTask:
    Select = 1;
    break;
  case TaskKind::SpawnHandle:
    Select = 2;
    break;
  case TaskKind::Awaiter:
    Select = 3;
    break;
  case TaskKind::NotATask:
  case TaskKind::FireAndForget:
    return;
  }
  diag(Loc, "%select{task|task|task|awaitable}0 %1 is %select{not awaited on "
            "every path|never awaited}2; %select{on the paths that drop it, |}2"
            "%select{the lazy task never runs|its result and exceptions are "
            "lost|the task runs unobserved and its result and exceptions are "
            "lost|it does nothing}0")
      << Select << Var.Decl << (NeverConsumed ? 1 : 0);
  if (!NeverConsumed)
    for (const Stmt *Drop : Drops)
      diag(dropLocation(*Drop),
           "%0 goes out of scope here without being awaited",
           DiagnosticIDs::Note)
          << Var.Decl;
  diag(Loc,
       "%select{'co_await' it|run it (for example with 'aio::run' or "
       "'sync_wait') or return it to a caller that awaits it}0 on every "
       "path%select{|, call '.detach()' to let it run unobserved}1, or declare "
       "it '[[maybe_unused]]' if dropping it is intended",
       DiagnosticIDs::Note)
      << (InCoroutine ? 0 : 1) << (hasDetach(Var.Info) ? 1 : 0);
}

} // namespace clang::tidy::async
