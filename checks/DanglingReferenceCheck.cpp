//===--- DanglingReferenceCheck.cpp - async-tidy --------------------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Every function body is walked statement by statement (no parent map). In
/// each full-expression, a call of a coroutine whose task is lazy or eager is
/// examined in three steps, each only when the previous one found something:
///
/// 1. The victims: arguments bound to reference-like parameters that are
///    short-lived (a temporary, an automatic local of this function, the
///    object of a member coroutine or of a lambda with captures).
/// 2. The fate of the task, read upwards along the path from the
///    full-expression to the call: awaited here, dropped, stored in a local,
///    returned, spawned (with what becomes of the spawn's handle), stored in
///    a container or member. Anything not understood is "unknown": quiet.
/// 3. Whether the coroutine reads the victim at a time it can be gone: a lazy
///    body reads it at all; an eager body reads it at or after its first
///    suspension. Bodies that cannot be seen count as reading it for lazy
///    tasks and as not reading it for eager ones.
///
/// A temporary dies at the end of the full-expression, so every fate except
/// "awaited here", "dropped" and "unknown" outlives it (a stored task only if
/// a later statement consumes it). A local dies with its function: the task
/// outlives it when it is returned, or spawned detached from a statement
/// after which the local's scope ends with nothing that could wait.
///
//===----------------------------------------------------------------------===//

#include "DanglingReferenceCheck.h"
#include "OptionParsing.h"
#include "BlockingCatalogue.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/StringSwitch.h"
#include <functional>

using namespace clang::ast_matchers;

namespace clang::tidy::async {

/// Reference-like class templates every user has: a view never owns.
static constexpr llvm::StringLiteral BuiltinReferenceLikeTypes =
    "std::basic_string_view;std::span;std::reference_wrapper";

DanglingReferenceCheck::DanglingReferenceCheck(llvm::StringRef Name,
                                               ClangTidyContext *Context)
    : FunctionCheck(Name, Context),
      ReferenceLikeTypes(
          OptionReader(*this, Options).nameList("ReferenceLikeTypes")),
      SpawnFunctions(OptionReader(*this, Options).nameList("SpawnFunctions")),
      IgnoredTypes(OptionReader(*this, Options).nameList("IgnoredTypes")),
      ReferenceLike((BuiltinReferenceLikeTypes + ";" + ReferenceLikeTypes).str()),
      Spawn(SpawnFunctions), Ignored(IgnoredTypes),
      Classifier(IgnoredTypes, /*CheckedTypes=*/"") {}

void DanglingReferenceCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ReferenceLikeTypes", ReferenceLikeTypes);
  Options.store(Opts, "SpawnFunctions", SpawnFunctions);
  Options.store(Opts, "IgnoredTypes", IgnoredTypes);
}

void DanglingReferenceCheck::onStartOfTranslationUnit() {
  Classifier.reset();
  Reported.clear();
}

//===----------------------------------------------------------------------===//
// Small AST helpers
//===----------------------------------------------------------------------===//

/// Calls \p Pred on \p S and everything below it until it returns true.
/// Lambda bodies are entered only when \p IntoLambdas says so.
template <typename Fn>
static bool anyNode(const Stmt *S, Fn Pred, bool IntoLambdas,
                    unsigned Depth = 0) {
  if (!S || Depth > 512)
    return false;
  if (Pred(S))
    return true;
  if (!IntoLambdas && isa<LambdaExpr>(S))
    return false;
  for (const Stmt *Child : S->children())
    if (anyNode(Child, Pred, IntoLambdas, Depth + 1))
      return true;
  return false;
}

static bool suspends(const Stmt *S) {
  return anyNode(
      S, [](const Stmt *N) { return isa<CoawaitExpr, CoyieldExpr>(N); },
      /*IntoLambdas=*/false);
}

/// Whether a call of \p FD is `std::move`/`std::forward`: the value passes
/// through unchanged.
static bool isMoveOrForward(const FunctionDecl *FD) {
  if (!FD || !FD->getDeclName().isIdentifier() || !FD->isInStdNamespace())
    return false;
  return FD->getName() == "move" || FD->getName() == "forward";
}

static const Expr *ignoreValuePreserving(const Expr *E) {
  for (unsigned Step = 0; E && Step < 32; ++Step) {
    const Expr *Next = E->IgnoreParens();
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(Next)) {
      switch (Cast->getCastKind()) {
      case CK_NoOp:
      case CK_DerivedToBase:
      case CK_UncheckedDerivedToBase:
      case CK_LValueToRValue:
        Next = Cast->getSubExpr();
        break;
      default:
        break;
      }
    }
    if (const auto *Call = dyn_cast<CallExpr>(Next))
      if (Call->getNumArgs() == 1 && isMoveOrForward(Call->getDirectCallee()))
        Next = Call->getArg(0);
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

//===----------------------------------------------------------------------===//
// The walk over one function
//===----------------------------------------------------------------------===//

namespace {

/// What surrounds a full-expression.
enum class HolderKind { ExprStmt, VarInit, Return, CoReturn, Other };

struct Holder {
  HolderKind Kind = HolderKind::Other;
  const Stmt *S = nullptr;
  const VarDecl *Var = nullptr;
};

/// What becomes of a task value after the expression that produced it.
enum class Fate {
  Unknown,         ///< Not understood: say nothing.
  Awaited,         ///< `co_await` in the same full-expression.
  Discarded,       ///< Dropped at the end of the statement.
  Detached,        ///< `.detach()` called on it, result dropped.
  StoredLocal,     ///< Kept in a local task variable.
  Returned,        ///< `return` / `co_return`.
  SpawnedDetached, ///< Spawned; the handle is dropped or detached.
  SpawnedKept,     ///< Spawned; the handle is kept somewhere.
  SpawnedReturned, ///< Spawned; the handle is returned.
  StoredAway,      ///< Moved into a container, a member or a static.
};

struct FateInfo {
  Fate F = Fate::Unknown;
  const VarDecl *Var = nullptr; ///< For StoredLocal.
  const Stmt *Sink = nullptr;   ///< Spawn call, return, store: for a note.
};

/// What the short-lived object is.
enum class VictimKind {
  Temporary,
  Local,
  TemporaryLambda,
  LocalLambda,
  TemporaryObject,
  LocalObject
};

/// How the coroutine refers to it.
enum class Binding { Reference, View, Pointer, Object };

struct Victim {
  VictimKind Kind;
  Binding Bind;
  const Expr *Where;               ///< Reported here.
  QualType Type;                   ///< The temporary's or object's type.
  const VarDecl *Var = nullptr;    ///< The local.
  const ParmVarDecl *Param = nullptr;
  unsigned ParamIndex = 0;
};

/// A statement on the path from the function body, with the index of the
/// child being walked when it is a compound statement.
struct Frame {
  const Stmt *S;
  unsigned Index;
};

} // namespace

class DanglingWalker {
public:
  DanglingWalker(DanglingReferenceCheck &Check, const FunctionDecl &FD,
                 ASTContext &Ctx)
      : Check(Check), FD(FD), Ctx(Ctx),
        IsCoroutine(getCoroutineBody(FD) != nullptr) {}

  void walkStmt(const Stmt *S);

private:
  // Statements and full-expressions.
  void walkFullExpr(const Expr *E, const Holder &H);
  void visitExpr(const Stmt *S, const Holder &H);
  void examineCall(const CallExpr &Call, const Holder &H);

  // Step 1: victims.
  void collectVictims(const CallExpr &Call, const FunctionDecl &Callee,
                      llvm::SmallVectorImpl<Victim> &Out);
  std::optional<Victim> classifyArgument(const Expr *Arg,
                                         const ParmVarDecl &Param);
  std::optional<Victim> ownerOfView(const Expr *E);
  const VarDecl *asDyingLocal(const Expr *E) const;
  bool isReferenceLike(QualType T) const;
  bool isOwning(QualType T) const;
  bool isIgnored(QualType T) const;

  // Step 2: fates.
  FateInfo fateOf(const Expr *E, llvm::ArrayRef<const Stmt *> Path,
                  const Holder &H);
  FateInfo fateAtTop(const Holder &H);
  bool isSpawnCall(const CallExpr &Call, unsigned ArgIndex);
  const Stmt *findLaterConsumingUse(const VarDecl &Task, FateInfo &UseFate);
  const Stmt *searchUse(const Stmt *S, const VarDecl &Task, FateInfo &UseFate,
                        unsigned Depth = 0);
  const Stmt *searchUseInExpr(const Stmt *S, const VarDecl &Task,
                              const Holder &H, FateInfo &UseFate);
  bool tailEndsScope(const VarDecl &Local) const;

  // Step 3 and the report.
  bool calleeReadsVictim(const FunctionDecl &Callee, const Victim &V,
                         bool Eager);
  void report(const CallExpr &Call, const FunctionDecl &Callee,
              const Victim &V, const FateInfo &Fate, const Stmt *Use,
              bool UseAwaited);

  DanglingReferenceCheck &Check;
  const FunctionDecl &FD;
  ASTContext &Ctx;
  const bool IsCoroutine;
  /// Statements from the function body to the one being walked.
  llvm::SmallVector<Frame, 16> Frames;
  /// Expression nodes from the full-expression to the node being visited.
  llvm::SmallVector<const Stmt *, 32> ExprPath;
  /// The compound statement that declares each local seen so far.
  llvm::DenseMap<const VarDecl *, const CompoundStmt *> DeclScope;
  const CompoundStmt *BodyScope = nullptr;
};

void DanglingWalker::walkStmt(const Stmt *S) {
  if (!S || Frames.size() > 256)
    return;
  if (const auto *E = dyn_cast<Expr>(S))
    return walkFullExpr(E, {HolderKind::ExprStmt, S, nullptr});
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    const CompoundStmt *Scope = nullptr;
    if (!Frames.empty())
      Scope = dyn_cast<CompoundStmt>(Frames.back().S);
    for (const Decl *D : DS->decls()) {
      const auto *VD = dyn_cast<VarDecl>(D);
      if (!VD)
        continue;
      if (Scope)
        DeclScope[VD] = Scope;
      if (const Expr *Init = VD->getInit())
        walkFullExpr(Init, {HolderKind::VarInit, DS, VD});
    }
    return;
  }
  if (const auto *Ret = dyn_cast<ReturnStmt>(S))
    return walkFullExpr(Ret->getRetValue(), {HolderKind::Return, S, nullptr});
  if (const auto *CoRet = dyn_cast<CoreturnStmt>(S))
    return walkFullExpr(CoRet->getOperand(),
                        {HolderKind::CoReturn, S, nullptr});
  if (const auto *Coro = dyn_cast<CoroutineBodyStmt>(S))
    return walkStmt(Coro->getBody());

  Frames.push_back({S, 0});
  if (const auto *Compound = dyn_cast<CompoundStmt>(S)) {
    if (!BodyScope)
      BodyScope = Compound;
    for (const Stmt *Child : Compound->body()) {
      walkStmt(Child);
      ++Frames.back().Index;
    }
  } else if (const auto *If = dyn_cast<IfStmt>(S)) {
    walkStmt(If->getInit());
    walkFullExpr(If->getCond(), {});
    walkStmt(If->getThen());
    walkStmt(If->getElse());
  } else if (const auto *For = dyn_cast<ForStmt>(S)) {
    walkStmt(For->getInit());
    walkFullExpr(For->getCond(), {});
    walkFullExpr(For->getInc(), {});
    walkStmt(For->getBody());
  } else if (const auto *While = dyn_cast<WhileStmt>(S)) {
    walkFullExpr(While->getCond(), {});
    walkStmt(While->getBody());
  } else if (const auto *Do = dyn_cast<DoStmt>(S)) {
    walkStmt(Do->getBody());
    walkFullExpr(Do->getCond(), {});
  } else if (const auto *Range = dyn_cast<CXXForRangeStmt>(S)) {
    walkStmt(Range->getInit());
    walkFullExpr(Range->getRangeInit(), {});
    walkStmt(Range->getBody());
  } else if (const auto *Switch = dyn_cast<SwitchStmt>(S)) {
    walkStmt(Switch->getInit());
    walkFullExpr(Switch->getCond(), {});
    walkStmt(Switch->getBody());
  } else if (const auto *Case = dyn_cast<SwitchCase>(S)) {
    walkStmt(Case->getSubStmt());
  } else if (const auto *Label = dyn_cast<LabelStmt>(S)) {
    walkStmt(Label->getSubStmt());
  } else if (const auto *Attributed = dyn_cast<AttributedStmt>(S)) {
    walkStmt(Attributed->getSubStmt());
  } else if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
    walkStmt(Try->getTryBlock());
    for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
      walkStmt(Try->getHandler(I)->getHandlerBlock());
  }
  Frames.pop_back();
}

void DanglingWalker::walkFullExpr(const Expr *E, const Holder &H) {
  if (!E || E->containsErrors())
    return;
  ExprPath.clear();
  visitExpr(E, H);
}

void DanglingWalker::visitExpr(const Stmt *S, const Holder &H) {
  if (!S || ExprPath.size() > 256)
    return;
  // A lambda body is a function of its own, walked when it is matched.
  if (isa<LambdaExpr, BlockExpr>(S))
    return;
  if (isa<UnaryExprOrTypeTraitExpr, CXXNoexceptExpr, RequiresExpr,
          CXXDefaultArgExpr, CXXDefaultInitExpr>(S))
    return;
  if (const auto *Call = dyn_cast<CallExpr>(S))
    examineCall(*Call, H);
  ExprPath.push_back(S);
  // The awaiter and promise calls repeat the operand: walk it once.
  if (const auto *Suspend = dyn_cast<CoroutineSuspendExpr>(S))
    visitExpr(Suspend->getOperand(), H);
  else
    for (const Stmt *Child : S->children())
      visitExpr(Child, H);
  ExprPath.pop_back();
}

//===----------------------------------------------------------------------===//
// Step 1: the short-lived objects a coroutine call refers to
//===----------------------------------------------------------------------===//

bool DanglingWalker::isIgnored(QualType T) const {
  const NameList &Ignored = Check.Ignored;
  if (Ignored.empty() || T.isNull())
    return false;
  T = T.getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  return RD && Ignored.matches(normalisedName(*RD));
}

bool DanglingWalker::isReferenceLike(QualType T) const {
  if (T.isNull() || T->isDependentType())
    return false;
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD)
    return false;
  std::string Name = normalisedName(*RD);
  return !Name.empty() && Check.ReferenceLike.matches(Name);
}

/// Whether a view into an object of type \p T points into the object itself:
/// an array, or a class that owns storage (it has a destructor to free it,
/// or is `std::array`). Another view does not own what it shows.
bool DanglingWalker::isOwning(QualType T) const {
  T = T.getNonReferenceType();
  if (T->isConstantArrayType())
    return true;
  const CXXRecordDecl *RD = getCompleteRecord(T);
  if (!RD || isReferenceLike(T))
    return false;
  if (!RD->hasTrivialDestructor())
    return true;
  return normalisedName(*RD) == "std::array";
}

/// The automatic local of this function that \p E names, when it dies with
/// the function: not a reference, not a capture, not a parameter of a
/// coroutine (those live in the frame).
const VarDecl *DanglingWalker::asDyingLocal(const Expr *E) const {
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E);
  if (!Ref || Ref->refersToEnclosingVariableOrCapture())
    return nullptr;
  const auto *VD = dyn_cast<VarDecl>(Ref->getDecl());
  if (!VD || !VD->hasLocalStorage() || VD->getType()->isReferenceType() ||
      VD->getType()->isDependentType() || VD->isInvalidDecl())
    return nullptr;
  if (VD->getDeclContext() != static_cast<const DeclContext *>(&FD))
    return nullptr;
  if (isa<ParmVarDecl>(VD) && IsCoroutine)
    return nullptr;
  if (isIgnored(VD->getType()))
    return nullptr;
  return VD;
}

/// The owner of the data a view is built from, when it is short-lived.
std::optional<Victim> DanglingWalker::ownerOfView(const Expr *E) {
  if (!E)
    return std::nullopt;
  E = E->IgnoreParens();
  while (const auto *Cast = dyn_cast<ImplicitCastExpr>(E)) {
    if (Cast->getCastKind() != CK_NoOp &&
        Cast->getCastKind() != CK_ArrayToPointerDecay &&
        Cast->getCastKind() != CK_DerivedToBase &&
        Cast->getCastKind() != CK_UncheckedDerivedToBase)
      return std::nullopt;
    E = Cast->getSubExpr()->IgnoreParens();
  }
  if (const auto *Temp = dyn_cast<MaterializeTemporaryExpr>(E)) {
    QualType T = Temp->getType();
    if (!isOwning(T) || isIgnored(T))
      return std::nullopt;
    return Victim{VictimKind::Temporary, Binding::View, E, T};
  }
  const VarDecl *Local = asDyingLocal(ignoreValuePreserving(E));
  if (!Local || !isOwning(Local->getType()))
    return std::nullopt;
  return Victim{VictimKind::Local, Binding::View, E, Local->getType(), Local};
}

std::optional<Victim>
DanglingWalker::classifyArgument(const Expr *Arg, const ParmVarDecl &Param) {
  QualType PT = Param.getType();
  if (PT.isNull() || PT->isDependentType() || !Arg ||
      Arg->isInstantiationDependent())
    return std::nullopt;
  if (isIgnored(PT))
    return std::nullopt;

  if (PT->isReferenceType()) {
    const Expr *A = ignoreValuePreserving(Arg);
    if (const auto *Temp = dyn_cast<MaterializeTemporaryExpr>(A)) {
      if (isIgnored(Temp->getType()))
        return std::nullopt;
      return Victim{VictimKind::Temporary, Binding::Reference, Arg,
                    Temp->getType()};
    }
    if (const VarDecl *Local = asDyingLocal(A))
      return Victim{VictimKind::Local, Binding::Reference, Arg,
                    Local->getType(), Local};
    return std::nullopt;
  }

  if (PT->isPointerType()) {
    const Expr *A = Arg->IgnoreParens();
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(A))
      if (Cast->getCastKind() == CK_NoOp ||
          Cast->getCastKind() == CK_ArrayToPointerDecay ||
          Cast->getCastKind() == CK_DerivedToBase ||
          Cast->getCastKind() == CK_UncheckedDerivedToBase)
        A = Cast->getSubExpr()->IgnoreParens();
    if (const auto *AddrOf = dyn_cast<UnaryOperator>(A))
      if (AddrOf->getOpcode() == UO_AddrOf)
        A = AddrOf->getSubExpr()->IgnoreParens();
      else
        return std::nullopt;
    else if (!A->getType()->isConstantArrayType())
      return std::nullopt;
    if (const VarDecl *Local = asDyingLocal(A))
      return Victim{VictimKind::Local, Binding::Pointer, Arg, Local->getType(),
                    Local};
    return std::nullopt;
  }

  if (!isReferenceLike(PT))
    return std::nullopt;
  // A view passed by value: find what it was built from.
  const Expr *A = Arg;
  for (unsigned Step = 0; A && Step < 8; ++Step) {
    A = A->IgnoreImplicit()->IgnoreParens();
    if (const auto *Functional = dyn_cast<CXXFunctionalCastExpr>(A)) {
      A = Functional->getSubExpr();
      continue;
    }
    const auto *Construct = dyn_cast<CXXConstructExpr>(A);
    if (Construct && Construct->getNumArgs() == 1 &&
        Construct->getConstructor()->isCopyOrMoveConstructor()) {
      A = Construct->getArg(0);
      continue;
    }
    break;
  }
  if (!A)
    return std::nullopt;
  std::optional<Victim> Found;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(A)) {
    for (const Expr *CtorArg : Construct->arguments())
      if ((Found = ownerOfView(CtorArg)))
        break;
  } else if (const auto *Member = dyn_cast<CXXMemberCallExpr>(A)) {
    if (isa_and_nonnull<CXXConversionDecl>(Member->getMethodDecl()))
      Found = ownerOfView(Member->getImplicitObjectArgument());
  } else if (const auto *Call = dyn_cast<CallExpr>(A)) {
    // std::ref(local) / std::cref(local).
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee && Callee->isInStdNamespace() &&
        Callee->getDeclName().isIdentifier() &&
        (Callee->getName() == "ref" || Callee->getName() == "cref") &&
        Call->getNumArgs() == 1)
      if (const VarDecl *Local =
              asDyingLocal(ignoreValuePreserving(Call->getArg(0))))
        Found = Victim{VictimKind::Local, Binding::View, Arg, Local->getType(),
                       Local};
  }
  if (Found)
    Found->Where = Arg;
  return Found;
}

void DanglingWalker::collectVictims(const CallExpr &Call,
                                    const FunctionDecl &Callee,
                                    llvm::SmallVectorImpl<Victim> &Out) {
  const auto *Method = dyn_cast<CXXMethodDecl>(&Callee);
  if (Method && Method->isExplicitObjectMemberFunction())
    return;
  // The object of a member coroutine, or of a lambda's call operator.
  const Expr *Object = nullptr;
  unsigned FirstArg = 0;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&Call)) {
    const auto *ME = dyn_cast<MemberExpr>(Member->getCallee()->IgnoreParens());
    if (ME && !ME->isArrow())
      Object = Member->getImplicitObjectArgument();
  } else if (isa<CXXOperatorCallExpr>(Call) && Method && !Method->isStatic()) {
    Object = Call.getArg(0);
    FirstArg = 1;
  }
  if (Object && Method && !Method->isStatic()) {
    const Expr *O = ignoreValuePreserving(Object);
    const CXXRecordDecl *RD = Method->getParent();
    bool Lambda = RD->isLambda();
    // A lambda without captures keeps nothing in its object.
    if (!Lambda || RD->capture_size() != 0) {
      if (const auto *Temp = dyn_cast<MaterializeTemporaryExpr>(O)) {
        if (!isIgnored(Temp->getType()))
          Out.push_back({Lambda ? VictimKind::TemporaryLambda
                                : VictimKind::TemporaryObject,
                         Binding::Object, Object, Temp->getType()});
      } else if (const VarDecl *Local = asDyingLocal(O)) {
        Out.push_back({Lambda ? VictimKind::LocalLambda
                              : VictimKind::LocalObject,
                       Binding::Object, Object, Local->getType(), Local});
      }
    }
  }
  unsigned NumParams = Callee.getNumParams();
  for (unsigned I = FirstArg; I < Call.getNumArgs(); ++I) {
    unsigned ParamIndex = I - FirstArg;
    if (ParamIndex >= NumParams)
      break;
    const ParmVarDecl *Param = Callee.getParamDecl(ParamIndex);
    if (std::optional<Victim> V = classifyArgument(Call.getArg(I), *Param)) {
      V->Param = Param;
      V->ParamIndex = ParamIndex;
      Out.push_back(*V);
    }
  }
}

//===----------------------------------------------------------------------===//
// Step 2: what becomes of the task
//===----------------------------------------------------------------------===//

/// Whether \p Parent passes the value of \p Child through unchanged.
static bool isTransparent(const Stmt *Parent, const Stmt *Child) {
  if (isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
          CXXBindTemporaryExpr, ExprWithCleanups>(Parent))
    return true;
  if (const auto *Cast = dyn_cast<CXXNamedCastExpr>(Parent))
    return !Cast->getType()->isVoidType();
  if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(Parent))
    return !Cast->getType()->isVoidType();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Parent))
    return Construct->getNumArgs() == 1 && Construct->getArg(0) == Child &&
           Construct->getConstructor()->isCopyOrMoveConstructor();
  if (const auto *Call = dyn_cast<CallExpr>(Parent))
    return Call->getNumArgs() == 1 && Call->getArg(0) == Child &&
           isMoveOrForward(Call->getDirectCallee());
  return false;
}

static bool isContainerInsertion(const CallExpr &Call) {
  const auto *Member = dyn_cast<CXXMemberCallExpr>(&Call);
  const CXXMethodDecl *MD = Member ? Member->getMethodDecl() : nullptr;
  if (!MD || !MD->getDeclName().isIdentifier())
    return false;
  return llvm::StringSwitch<bool>(MD->getName())
      .Cases({"push_back", "emplace_back", "push_front", "emplace_front",
              "push", "emplace", "insert", "emplace_hint", "try_emplace"},
             true)
      .Default(false);
}

/// A name that says the function waits for or runs what it is given.
static bool soundsBlocking(const FunctionDecl &FD) {
  if (!FD.getDeclName().isIdentifier())
    return false;
  std::string Name = FD.getName().lower();
  llvm::StringRef N(Name);
  return N.contains("wait") || N.contains("run") || N.contains("block") ||
         N.contains("get");
}

bool DanglingWalker::isSpawnCall(const CallExpr &Call, unsigned ArgIndex) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee)
    return false;
  std::string Name = normalisedName(*Callee);
  if (!Name.empty() && Check.Spawn.matches(Name))
    return true;
  // The standard library starts no coroutines: its `void f(T&&)` members
  // store (containers) or forward (std::function, std::optional).
  if (llvm::StringRef(Name).starts_with("std::"))
    return false;
  // By shape: takes a coroutine task by value or rvalue reference, and hands
  // back a spawn handle, or nothing (or a bool saying it was accepted).
  unsigned Offset = isa<CXXOperatorCallExpr>(Call) &&
                            isa<CXXMethodDecl>(Callee) &&
                            !cast<CXXMethodDecl>(Callee)->isStatic()
                        ? 1
                        : 0;
  if (ArgIndex < Offset || ArgIndex - Offset >= Callee->getNumParams())
    return false;
  QualType PT = Callee->getParamDecl(ArgIndex - Offset)->getType();
  if (PT->isLValueReferenceType())
    return false;
  TaskKind Taken =
      Check.Classifier.classify(PT.getNonReferenceType(), Ctx).Kind;
  if (Taken != TaskKind::LazyTask && Taken != TaskKind::EagerTask &&
      Taken != TaskKind::UnknownTask)
    return false;
  QualType Result = Callee->getReturnType();
  if (Check.Classifier.classify(Result, Ctx).Kind == TaskKind::SpawnHandle)
    return true;
  bool Member = isa<CXXMethodDecl>(Callee);
  bool Nothing = Result->isVoidType() || (Member && Result->isBooleanType());
  if (!Nothing)
    return false;
  // A lone task argument of a free function is how `sync_wait(task)` and
  // `run(task)` look: those finish the task before returning. A spawn also
  // names where the task runs (an executor, a scheduler) or is a member of
  // it.
  if (!Member && Callee->getNumParams() < 2)
    return false;
  for (const BlockingFunction &Blocking : builtinBlockingFunctions())
    if (Blocking.Name == Name)
      return false;
  return !soundsBlocking(*Callee);
}

FateInfo DanglingWalker::fateAtTop(const Holder &H) {
  switch (H.Kind) {
  case HolderKind::ExprStmt:
    return {Fate::Discarded};
  case HolderKind::VarInit:
    if (H.Var && H.Var->hasLocalStorage())
      return {Fate::StoredLocal, H.Var, H.S};
    return {Fate::StoredAway, nullptr, H.S};
  case HolderKind::Return:
  case HolderKind::CoReturn:
    return {Fate::Returned, nullptr, H.S};
  case HolderKind::Other:
    return {};
  }
  return {};
}

FateInfo DanglingWalker::fateOf(const Expr *E, llvm::ArrayRef<const Stmt *> Path,
                                const Holder &H) {
  const Stmt *Cur = E;
  for (size_t I = Path.size(); I-- > 0; Cur = Path[I]) {
    const Stmt *P = Path[I];
    if (isTransparent(P, Cur))
      continue;
    if (const auto *Await = dyn_cast<CoawaitExpr>(P))
      return Await->getOperand() == Cur ? FateInfo{Fate::Awaited}
                                        : FateInfo{};
    if (const auto *Member = dyn_cast<MemberExpr>(P)) {
      // `handle.detach();` as a statement.
      if (I == 0 || Member->getBase() != Cur)
        return {};
      const auto *Call = dyn_cast<CXXMemberCallExpr>(Path[I - 1]);
      const CXXMethodDecl *MD = Call ? Call->getMethodDecl() : nullptr;
      if (!MD || !MD->getDeclName().isIdentifier() ||
          MD->getName() != "detach")
        return {};
      FateInfo Outer = fateOf(Call, Path.take_front(I - 1), H);
      if (Outer.F == Fate::Discarded)
        return {Fate::Detached, nullptr, Call};
      return {};
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P)) {
      if (Op->getOperator() != OO_Equal || Op->getNumArgs() != 2 ||
          Op->getArg(1) != Cur)
        return {};
      // The assignment's own value must be dropped: `t = f(x);`.
      if (I != 0 && !isa<ExprWithCleanups>(Path[I - 1]))
        return {};
      const Expr *Target = Op->getArg(0)->IgnoreParenImpCasts();
      if (const auto *Ref = dyn_cast<DeclRefExpr>(Target)) {
        const auto *VD = dyn_cast<VarDecl>(Ref->getDecl());
        if (VD && VD->hasLocalStorage() && !VD->getType()->isReferenceType() &&
            !Ref->refersToEnclosingVariableOrCapture() &&
            VD->getDeclContext() == static_cast<const DeclContext *>(&FD))
          return {Fate::StoredLocal, VD, Op};
        if (VD && VD->hasGlobalStorage())
          return {Fate::StoredAway, nullptr, Op};
        return {};
      }
      if (isa<MemberExpr, ArraySubscriptExpr, CXXOperatorCallExpr>(Target))
        return {Fate::StoredAway, nullptr, Op};
      return {};
    }
    if (const auto *Call = dyn_cast<CallExpr>(P)) {
      unsigned ArgIndex = Call->getNumArgs();
      for (unsigned A = 0; A < Call->getNumArgs(); ++A)
        if (Call->getArg(A) == Cur)
          ArgIndex = A;
      if (ArgIndex == Call->getNumArgs())
        return {};
      // Before the spawn shape: `push_back(task&&)` returns void too.
      if (isContainerInsertion(*Call))
        return {Fate::StoredAway, nullptr, Call};
      if (isSpawnCall(*Call, ArgIndex)) {
        FateInfo Outer = fateOf(Call, Path.take_front(I), H);
        switch (Outer.F) {
        case Fate::Awaited:
          return Outer;
        case Fate::Unknown:
          return {};
        case Fate::Discarded:
        case Fate::Detached:
          return {Fate::SpawnedDetached, nullptr, Call};
        case Fate::Returned:
        case Fate::SpawnedReturned:
          return {Fate::SpawnedReturned, nullptr, Call};
        default:
          return {Fate::SpawnedKept, nullptr, Call};
        }
      }
      // A combinator (gather, when_all, wait_for, co_spawn with an awaitable
      // token) hands back something that runs the task: follow it.
      TaskKind Result = Check.Classifier.classify(Call->getType(), Ctx).Kind;
      if (mustBeConsumed(Result) && Call->isPRValue())
        continue;
      return {};
    }
    return {};
  }
  return fateAtTop(H);
}

/// Searches the statements after the current one, up to the end of the
/// variable's scope, for the first use of \p Task that consumes the task.
const Stmt *DanglingWalker::findLaterConsumingUse(const VarDecl &Task,
                                                  FateInfo &UseFate) {
  auto ScopeIt = DeclScope.find(&Task);
  const CompoundStmt *Scope =
      ScopeIt == DeclScope.end() ? nullptr : ScopeIt->second;
  for (auto It = Frames.rbegin(); It != Frames.rend(); ++It) {
    const auto *Compound = dyn_cast<CompoundStmt>(It->S);
    if (!Compound)
      continue;
    for (unsigned I = It->Index + 1; I < Compound->size(); ++I)
      if (const Stmt *Use = searchUse(Compound->body_begin()[I], Task, UseFate))
        return Use;
    if (Compound == Scope)
      return nullptr;
  }
  return nullptr;
}

const Stmt *DanglingWalker::searchUse(const Stmt *S, const VarDecl &Task,
                                      FateInfo &UseFate, unsigned Depth) {
  if (!S || Depth > 256)
    return nullptr;
  if (const auto *E = dyn_cast<Expr>(S))
    return searchUseInExpr(E, Task, {HolderKind::ExprStmt, S, nullptr},
                           UseFate);
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        if (const Stmt *Use =
                searchUseInExpr(VD->getInit(), Task,
                                {HolderKind::VarInit, DS, VD}, UseFate))
          return Use;
    return nullptr;
  }
  if (const auto *Ret = dyn_cast<ReturnStmt>(S))
    return searchUseInExpr(Ret->getRetValue(), Task,
                           {HolderKind::Return, S, nullptr}, UseFate);
  if (const auto *CoRet = dyn_cast<CoreturnStmt>(S))
    return searchUseInExpr(CoRet->getOperand(), Task,
                           {HolderKind::CoReturn, S, nullptr}, UseFate);
  for (const Stmt *Child : S->children()) {
    // An `if` without `else`, a `for` without a condition: null children.
    if (!Child)
      continue;
    const Stmt *Use = isa<Expr>(Child)
                          ? searchUseInExpr(Child, Task, {}, UseFate)
                          : searchUse(Child, Task, UseFate, Depth + 1);
    if (Use)
      return Use;
  }
  return nullptr;
}

const Stmt *DanglingWalker::searchUseInExpr(const Stmt *Root,
                                            const VarDecl &Task,
                                            const Holder &H,
                                            FateInfo &UseFate) {
  if (!Root)
    return nullptr;
  llvm::SmallVector<const Stmt *, 32> Path;
  const Stmt *Found = nullptr;
  // Depth-first with an explicit path, so the fate of a use can be read.
  auto Visit = [&](auto &Self, const Stmt *S) -> bool {
    if (!S || Path.size() > 256 || isa<LambdaExpr>(S))
      return false;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
      if (Ref->getDecl() != &Task)
        return false;
      FateInfo F = fateOf(Ref, Path, H);
      bool Consumes = F.F != Fate::Unknown && F.F != Fate::Discarded;
      if (!Consumes) {
        // Passed to a function by value or rvalue: handed over.
        const Stmt *Child = Ref;
        for (auto It = Path.rbegin(); It != Path.rend(); Child = *It, ++It) {
          if (isTransparent(*It, Child))
            continue;
          if (const auto *Call = dyn_cast<CallExpr>(*It))
            Consumes = Call->getCallee() != Child &&
                       !isa<CXXOperatorCallExpr>(Call);
          break;
        }
      }
      if (!Consumes)
        return false;
      UseFate = F;
      Found = Ref;
      return true;
    }
    Path.push_back(S);
    bool Done = false;
    if (const auto *Suspend = dyn_cast<CoroutineSuspendExpr>(S))
      Done = Self(Self, Suspend->getOperand());
    else
      for (const Stmt *Child : S->children())
        if ((Done = Self(Self, Child)))
          break;
    Path.pop_back();
    return Done;
  };
  Visit(Visit, Root);
  return Found;
}

/// Whether, after the statement being walked, the scope of \p Local ends with
/// nothing that could wait for a spawned task: only branches and blocks lie
/// between, and every statement after it is a bare `return`, `co_return`,
/// `break`, `continue` or empty.
bool DanglingWalker::tailEndsScope(const VarDecl &Local) const {
  const CompoundStmt *Scope = nullptr;
  if (isa<ParmVarDecl>(Local)) {
    Scope = BodyScope;
  } else {
    auto It = DeclScope.find(&Local);
    if (It == DeclScope.end())
      return false;
    Scope = It->second;
  }
  auto Trivial = [](const Stmt *S) {
    if (isa<NullStmt, BreakStmt, ContinueStmt>(S))
      return true;
    if (const auto *Ret = dyn_cast<ReturnStmt>(S))
      return !Ret->getRetValue() ||
             isa<IntegerLiteral, CXXBoolLiteralExpr, DeclRefExpr>(
                 Ret->getRetValue()->IgnoreParenImpCasts());
    if (const auto *CoRet = dyn_cast<CoreturnStmt>(S))
      return !CoRet->getOperand() ||
             isa<IntegerLiteral, CXXBoolLiteralExpr>(
                 CoRet->getOperand()->IgnoreParenImpCasts());
    return false;
  };
  for (auto It = Frames.rbegin(); It != Frames.rend(); ++It) {
    if (const auto *Compound = dyn_cast<CompoundStmt>(It->S)) {
      for (unsigned I = It->Index + 1; I < Compound->size(); ++I)
        if (!Trivial(Compound->body_begin()[I]))
          return false;
      if (Compound == Scope)
        return true;
      continue;
    }
    if (!isa<IfStmt>(It->S))
      return false;
  }
  return false;
}

//===----------------------------------------------------------------------===//
// Step 3: does the coroutine read the victim when it may be gone?
//===----------------------------------------------------------------------===//

bool DanglingWalker::calleeReadsVictim(const FunctionDecl &Callee,
                                       const Victim &V, bool Eager) {
  const FunctionDecl *Def = Callee.getDefinition();
  if (!Def || !Def->getBody())
    if (const FunctionDecl *Pattern = Callee.getTemplateInstantiationPattern())
      Def = Pattern->getDefinition();
  const auto *Coro =
      Def ? dyn_cast_or_null<CoroutineBodyStmt>(Def->getBody()) : nullptr;
  if (!Coro) {
    // Unseen body: a lazy task reads its parameters when it runs; an eager
    // one may have copied them before it first suspended.
    if (Eager)
      return false;
    // A task taken by reference is handed over: such a function (a spawn,
    // libcoro's `spawn_joinable(task&&)`) usually moves it out at once and
    // need not be a coroutine at all.
    if (V.Param && mustBeConsumed(Check.Classifier
                                      .classify(V.Param->getType()
                                                    .getNonReferenceType(),
                                                Ctx)
                                      .Kind))
      return false;
    return true;
  }
  const Stmt *Body = Coro->getBody();

  std::function<bool(const Stmt *)> Reads;
  if (V.Bind == Binding::Object) {
    bool Lambda = V.Kind == VictimKind::TemporaryLambda ||
                  V.Kind == VictimKind::LocalLambda;
    Reads = [Lambda](const Stmt *S) {
      if (isa<CXXThisExpr>(S))
        return true;
      if (!Lambda)
        return false;
      const auto *Ref = dyn_cast<DeclRefExpr>(S);
      if (!Ref)
        return false;
      if (Ref->refersToEnclosingVariableOrCapture())
        return true;
      const auto *VD = dyn_cast<VarDecl>(Ref->getDecl());
      return VD && VD->isInitCapture();
    };
  } else {
    if (V.ParamIndex >= Def->getNumParams())
      return false;
    const ParmVarDecl *Param = Def->getParamDecl(V.ParamIndex);
    Reads = [Param](const Stmt *S) {
      const auto *Ref = dyn_cast<DeclRefExpr>(S);
      return Ref && Ref->getDecl() == Param;
    };
  }
  auto Uses = [&](const Stmt *S) {
    return anyNode(S, Reads, /*IntoLambdas=*/true);
  };
  if (!Eager)
    return Uses(Body);
  const auto *Compound = dyn_cast<CompoundStmt>(Body);
  if (!Compound)
    return Uses(Body);
  bool Suspended = false;
  for (const Stmt *S : Compound->body()) {
    bool Suspends = suspends(S);
    if ((Suspended || Suspends) && Uses(S))
      return true;
    Suspended = Suspended || Suspends;
  }
  return false;
}

//===----------------------------------------------------------------------===//
// Putting it together
//===----------------------------------------------------------------------===//

void DanglingWalker::examineCall(const CallExpr &Call, const Holder &H) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || (Call.getNumArgs() == 0 && !isa<CXXMemberCallExpr>(Call)) ||
      !Call.isPRValue() ||
      Call.isInstantiationDependent())
    return;
  TaskKind Kind = Check.Classifier.classify(Call.getType(), Ctx).Kind;
  if (Kind != TaskKind::LazyTask && Kind != TaskKind::EagerTask)
    return;
  const Stmt &AsStmt = Call;
  if (AsStmt.getBeginLoc().isMacroID() || AsStmt.getEndLoc().isMacroID())
    return;
  // A function that returns a task without being a coroutine may copy what
  // it is given before it starts one.
  if (const FunctionDecl *Def = Callee->getDefinition())
    if (Def->getBody() && !isa<CoroutineBodyStmt>(Def->getBody()))
      return;

  llvm::SmallVector<Victim, 2> Victims;
  collectVictims(Call, *Callee, Victims);
  if (Victims.empty())
    return;
  FateInfo F = fateOf(&Call, ExprPath, H);
  if (F.F == Fate::Unknown || F.F == Fate::Awaited || F.F == Fate::Discarded ||
      F.F == Fate::Detached)
    return;
  const Stmt *LaterUse = nullptr;
  FateInfo UseFate;
  if (F.F == Fate::StoredLocal) {
    LaterUse = findLaterConsumingUse(*F.Var, UseFate);
    if (!LaterUse)
      return;
  }
  bool Eager = Kind == TaskKind::EagerTask;
  for (const Victim &V : Victims) {
    bool Temporary = V.Kind == VictimKind::Temporary ||
                     V.Kind == VictimKind::TemporaryLambda ||
                     V.Kind == VictimKind::TemporaryObject;
    FateInfo Effective = F;
    if (!Temporary) {
      // A local outlives the full-expression: only a task that leaves the
      // function, or is spawned and left running as the scope ends, reads
      // it after its death.
      if (F.F == Fate::StoredLocal) {
        if (UseFate.F != Fate::Returned && UseFate.F != Fate::SpawnedReturned)
          continue;
        Effective = UseFate;
      } else if (F.F == Fate::SpawnedDetached) {
        if (!tailEndsScope(*V.Var))
          continue;
      } else if (F.F != Fate::Returned && F.F != Fate::SpawnedReturned) {
        continue;
      }
      // Locals of a coroutine die at `co_return`; its parameters do not.
      if (Effective.F == Fate::Returned && isa<ParmVarDecl>(V.Var) &&
          IsCoroutine)
        continue;
    }
    if (!calleeReadsVictim(*Callee, V, Eager))
      continue;
    bool ViaLaterUse = Temporary && F.F == Fate::StoredLocal;
    report(Call, *Callee, V, Effective, ViaLaterUse ? LaterUse : nullptr,
           ViaLaterUse && UseFate.F == Fate::Awaited);
  }
}

void DanglingWalker::report(const CallExpr &Call, const FunctionDecl &Callee,
                            const Victim &V, const FateInfo &F,
                            const Stmt *Use, bool UseAwaited) {
  SourceLocation Loc = V.Where->getBeginLoc();
  if (Loc.isInvalid() || Loc.isMacroID())
    Loc = static_cast<const Stmt &>(Call).getBeginLoc();
  if (Loc.isInvalid() || !Check.Reported.insert(Loc).second)
    return;

  // The parameter's spelling (`std::string`) reads better than the
  // temporary's canonical type (`std::basic_string<char, ...>`).
  QualType Shown = V.Type;
  if (V.Param && V.Bind == Binding::Reference) {
    QualType Pointee = V.Param->getType().getNonReferenceType();
    if (Ctx.hasSameUnqualifiedType(Pointee, V.Type))
      Shown = Pointee;
  }
  std::string Type = describeType(Shown, Ctx);
  std::string CalleeName = "'" + Callee.getNameAsString() + "'";
  std::string Subject;
  std::string Param = V.Param ? "'" + V.Param->getNameAsString() + "'" : "";
  if (V.Param && V.Param->getName().empty())
    Param = "#" + std::to_string(V.ParamIndex + 1);
  llvm::StringRef How = V.Bind == Binding::Reference ? "bound to reference"
                        : V.Bind == Binding::Pointer ? "pointed to by"
                                                     : "viewed through";
  bool Plural = false;
  switch (V.Kind) {
  case VictimKind::Temporary:
    Subject = ("temporary '" + Type + "' " + How + " parameter " + Param +
               " of coroutine " + CalleeName)
                  .str();
    break;
  case VictimKind::Local:
    Subject = ((isa<ParmVarDecl>(V.Var) ? "parameter '" : "local variable '") +
               V.Var->getName() + "' " + How + " parameter " + Param +
               " of coroutine " + CalleeName)
                  .str();
    break;
  case VictimKind::TemporaryLambda:
    Subject = "the captures of a temporary lambda coroutine";
    Plural = true;
    break;
  case VictimKind::LocalLambda:
    Subject = ("the captures of local lambda '" + V.Var->getName() + "'").str();
    Plural = true;
    break;
  case VictimKind::TemporaryObject:
    Subject = "temporary '" + Type + "' whose member coroutine " + CalleeName +
              " is called";
    break;
  case VictimKind::LocalObject:
    Subject = ("local object '" + V.Var->getName() +
               "' whose member coroutine " + CalleeName + " is called")
                  .str();
    break;
  }
  bool Temporary = V.Kind == VictimKind::Temporary ||
                   V.Kind == VictimKind::TemporaryLambda ||
                   V.Kind == VictimKind::TemporaryObject;
  unsigned When = 0; // end of statement
  if (!Temporary)
    When = (F.F == Fate::SpawnedDetached) ? 1 : 2;
  unsigned What = 0;
  switch (F.F) {
  case Fate::StoredLocal:
    What = UseAwaited ? 0 : 1;
    break;
  case Fate::SpawnedDetached:
  case Fate::SpawnedKept:
  case Fate::SpawnedReturned:
    What = 2;
    break;
  case Fate::Returned:
    What = 3;
    break;
  case Fate::StoredAway:
    What = 4;
    break;
  default:
    return;
  }
  Check.diag(Loc, "%0 %select{is|are}1 destroyed %select{at the end of this "
                  "statement|at the end of its scope|when %3 returns}2, but "
                  "the task %select{is awaited later|is used later|is spawned "
                  "and runs after it|is returned and runs after it|is stored "
                  "and runs after it}4")
      << Subject << Plural << When << &FD << What;

  // Where the task goes.
  const Stmt *Sink = Use ? Use : F.Sink;
  if (Sink) {
    static constexpr llvm::StringLiteral Notes[] = {
        "the task is awaited here", "the task is used here",
        "the task is spawned here", "the task is returned here",
        "the task is stored here"};
    Check.diag(Sink->getBeginLoc(), Notes[What], DiagnosticIDs::Note);
  }
  // Where the object dies, when that is not where the task goes.
  if (When == 1) {
    auto It = V.Var && !isa<ParmVarDecl>(V.Var) ? DeclScope.find(V.Var)
                                                : DeclScope.end();
    const CompoundStmt *Scope =
        It != DeclScope.end() ? It->second : BodyScope;
    if (Scope)
      Check.diag(Scope->getRBracLoc(), "'%0' is destroyed here",
                 DiagnosticIDs::Note)
          << V.Var->getName();
  }
  // How to fix it.
  if (V.Bind == Binding::Object) {
    bool Lambda = V.Kind == VictimKind::TemporaryLambda ||
                  V.Kind == VictimKind::LocalLambda;
    Check.diag(Callee.getLocation(),
               Lambda ? "pass what the lambda needs as parameters taken by "
                        "value, or keep the lambda object alive until the "
                        "task completes"
                      : "keep the object alive until the task completes, or "
                        "'co_await' the task in the same statement",
               DiagnosticIDs::Note);
    return;
  }
  Check.diag(V.Param->getLocation(),
             "take the parameter by value, 'co_await' the task in the same "
             "statement, or keep the argument alive until the task completes",
             DiagnosticIDs::Note);
}

void DanglingReferenceCheck::checkFunction(const FunctionDecl &Function,
                                           ASTContext &Ctx) {
  if (!Function.doesThisDeclarationHaveABody() || Function.isInvalidDecl() ||
      Function.isDependentContext())
    return;
  DanglingWalker Walker(*this, Function, Ctx);
  Walker.walkStmt(Function.getBody());
}

} // namespace clang::tidy::async
