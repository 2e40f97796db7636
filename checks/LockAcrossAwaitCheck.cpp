//===--- LockAcrossAwaitCheck.cpp - async-tidy ----------------------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The check runs in two steps, the second only when the first found a lock,
/// so that coroutines without locks pay for one walk of their body:
///
/// 1. A walk over the coroutine's body (not into lambdas or local classes:
///    their code does not suspend this coroutine) collects the locks it takes
///    and turns every use of them into an event on its statement: a guard
///    variable that locks at its declaration, `m.lock()`, `g.unlock()`, a
///    guard moved away, a lock handed to code the check cannot read (which
///    makes the check forget that lock: when unsure, say nothing).
/// 2. A forward dataflow over the coroutine's control-flow graph (Clang's CFG,
///    which shows each `co_await`/`co_yield` as an element after its operand,
///    and each guard's destructor where its scope ends) computes which locks
///    may be held, and which certainly are, before every suspension point.
///    A `try_lock()` (or a `try_to_lock` guard's `owns_lock()`) that decides
///    a branch holds the lock on the branch where it succeeded.
///
/// Exceptional paths are not modelled (the CFG is built without exception
/// edges; `co_await` is ill-formed in a handler anyway).
///
//===----------------------------------------------------------------------===//

#include "LockAcrossAwaitCheck.h"
#include "OptionParsing.h"
#include "RuntimeLibrary.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include <deque>

using namespace clang::ast_matchers;

namespace clang::tidy::async {

LockAcrossAwaitCheck::LockAcrossAwaitCheck(llvm::StringRef Name,
                                           ClangTidyContext *Context)
    : FunctionCheck(Name, Context),
      LockTypesOption(OptionReader(*this, Options).nameList("LockTypes")),
      GuardTypesOption(OptionReader(*this, Options).nameList("GuardTypes")),
      LockTypes(LockTypesOption), GuardTypes(GuardTypesOption) {}

void LockAcrossAwaitCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "LockTypes", LockTypesOption);
  Options.store(Opts, "GuardTypes", GuardTypesOption);
}

void LockAcrossAwaitCheck::onStartOfTranslationUnit() {
  LockableCache.clear();
  Reported.clear();
}

//===----------------------------------------------------------------------===//
// Which types are locks
//===----------------------------------------------------------------------===//

namespace {

constexpr llvm::StringLiteral StdMutexes[] = {
    "mutex",        "recursive_mutex",   "timed_mutex", "recursive_timed_mutex",
    "shared_mutex", "shared_timed_mutex"};
constexpr llvm::StringLiteral StdGuards[] = {"lock_guard", "unique_lock",
                                             "scoped_lock", "shared_lock"};

bool isStdNamed(const NamedDecl &D, llvm::ArrayRef<llvm::StringLiteral> Names) {
  if (!D.getDeclName().isIdentifier() || !D.isInStdNamespace())
    return false;
  return llvm::is_contained(Names, D.getName());
}

/// A method named \p Name of \p RD or of one of its bases.
const CXXMethodDecl *findMethod(const CXXRecordDecl *RD, llvm::StringRef Name,
                                unsigned Depth = 0) {
  if (!RD || Depth > 8)
    return nullptr;
  RD = RD->getDefinition();
  if (!RD || RD->isInvalidDecl())
    return nullptr;
  for (const Decl *D : RD->decls()) {
    const auto *ND = dyn_cast<NamedDecl>(D);
    if (!ND || !ND->getDeclName().isIdentifier() || ND->getName() != Name)
      continue;
    if (const auto *FTD = dyn_cast<FunctionTemplateDecl>(ND))
      ND = FTD->getTemplatedDecl();
    if (const auto *MD = dyn_cast<CXXMethodDecl>(ND))
      return MD;
  }
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (const CXXMethodDecl *MD =
            findMethod(Base.getType()->getAsCXXRecordDecl(), Name, Depth + 1))
      return MD;
  return nullptr;
}

/// The tag argument of a std guard constructor (`std::defer_lock`, ...).
enum class LockTag { None, Defer, TryTo, Adopt };

LockTag tagOf(const Expr *Arg) {
  const CXXRecordDecl *RD =
      Arg->getType().getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->getDeclName().isIdentifier() || !RD->isInStdNamespace())
    return LockTag::None;
  return llvm::StringSwitch<LockTag>(RD->getName())
      .Case("defer_lock_t", LockTag::Defer)
      .Case("try_to_lock_t", LockTag::TryTo)
      .Case("adopt_lock_t", LockTag::Adopt)
      .Default(LockTag::None);
}

} // namespace

bool LockAcrossAwaitCheck::isBlockingLockable(const CXXRecordDecl &Record) {
  const CXXRecordDecl *RD = Record.getDefinition();
  if (!RD || RD->isInvalidDecl() || RD->isDependentContext())
    return false;
  auto It = LockableCache.find(RD);
  if (It != LockableCache.end())
    return It->second;
  bool Result = false;
  if (isStdNamed(*RD, StdMutexes) || LockTypes.matches(*RD)) {
    Result = true;
  } else if (!isStdNamed(*RD, StdGuards) && !GuardTypes.matches(*RD)) {
    // By shape, for any library: `lock()` returns nothing, so it waits on
    // the thread; an asynchronous mutex's `lock()` returns an awaitable. An
    // empty class (a null mutex for single-threaded builds) holds no lock.
    const CXXMethodDecl *Lock = findMethod(RD, "lock");
    Result = Lock && Lock->getReturnType()->isVoidType() &&
             findMethod(RD, "unlock") && !RD->isEmpty();
  }
  LockableCache[RD] = Result;
  return Result;
}

bool LockAcrossAwaitCheck::isGuardType(QualType T) {
  const CXXRecordDecl *RD = getCompleteRecord(T);
  if (!RD)
    return false;
  if (GuardTypes.matches(*RD))
    return true;
  if (!isStdNamed(*RD, StdGuards))
    return false;
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  if (!Spec)
    return false;
  // A std guard of an asynchronous mutex (folly's `co_scoped_lock()` returns
  // a `std::unique_lock` of its coroutine mutex) is not a blocking lock.
  bool AnyMutex = false;
  auto MutexIsBlocking = [&](const TemplateArgument &Arg) {
    if (Arg.getKind() != TemplateArgument::Type)
      return false;
    const CXXRecordDecl *Mutex = Arg.getAsType()->getAsCXXRecordDecl();
    AnyMutex = true;
    return Mutex && isBlockingLockable(*Mutex);
  };
  for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray()) {
    if (Arg.getKind() == TemplateArgument::Pack) {
      for (const TemplateArgument &Element : Arg.pack_elements())
        if (!MutexIsBlocking(Element))
          return false;
      continue;
    }
    if (!MutexIsBlocking(Arg))
      return false;
  }
  return AnyMutex;
}

//===----------------------------------------------------------------------===//
// Step 1: the locks and what each statement does to them
//===----------------------------------------------------------------------===//

namespace {

/// A lock the coroutine takes: a guard variable, or a mutex locked by hand
/// (named by the chain of declarations of its expression: `m`, `this->m_`,
/// `obj.m`, `p->m`).
struct Lock {
  const VarDecl *Guard = nullptr;
  llvm::SmallVector<const Decl *, 3> Key;
  /// For a guard: the keys of the mutexes it was built from.
  llvm::SmallVector<llvm::SmallVector<const Decl *, 3>, 1> MutexKeys;
  /// How messages name it.
  const NamedDecl *Named = nullptr;
  QualType Type;
};

struct Event {
  enum KindType {
    /// The lock is taken here.
    Acquire,
    /// The lock is released here (`unlock()`, moved into a call).
    Release,
    /// The check no longer knows (handed to unknown code): not held.
    Forget,
    /// The guard is moved into guard Other (or, without Other, away).
    MoveTo,
    /// The guard adopts manual lock Other (`std::adopt_lock`).
    AdoptFrom,
    /// The guard's lifetime ends.
    ScopeEnd,
  } Kind;
  unsigned Lock;
  unsigned Other = ~0u;
  SourceLocation Site;
};

/// Which way a branch on a lock's `try_lock()`/`owns_lock()` went.
struct TryBranch {
  unsigned Lock;
  /// The lock is held on the true edge (else on the false edge).
  bool HeldIfTrue;
  /// A guard asked whether it owns its lock: the false edge does not.
  bool IsOwnership;
  SourceLocation Site;
};

using EventList = llvm::SmallVector<Event, 1>;

bool isTryLockName(llvm::StringRef Name) { return Name.starts_with("try_lock"); }

/// The name of a method, or "" for operators and conversions.
llvm::StringRef methodName(const CXXMethodDecl *MD) {
  if (!MD || !MD->getDeclName().isIdentifier())
    return "";
  return MD->getName();
}

/// Whether \p E calls `std::move` (or `std::forward`) on one argument.
const Expr *movedOperand(const Expr *E) {
  const auto *Call = dyn_cast_or_null<CallExpr>(E ? E->IgnoreImplicit() : nullptr);
  if (!Call || Call->getNumArgs() != 1)
    return nullptr;
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || !FD->getDeclName().isIdentifier() || !FD->isInStdNamespace() ||
      (FD->getName() != "move" && FD->getName() != "forward"))
    return nullptr;
  return Call->getArg(0)->IgnoreParenImpCasts();
}

/// The chain of declarations that names a lock object, or false.
bool lockKey(const Expr *E, llvm::SmallVectorImpl<const Decl *> &Key,
             unsigned Depth = 0) {
  if (!E || Depth > 8)
    return false;
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    Key.push_back(Ref->getDecl()->getCanonicalDecl());
    return true;
  }
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    if (!lockKey(Member->getBase(), Key, Depth + 1))
      return false;
    Key.push_back(Member->getMemberDecl()->getCanonicalDecl());
    return true;
  }
  if (isa<CXXThisExpr>(E)) {
    Key.push_back(nullptr);
    return true;
  }
  if (const auto *Unary = dyn_cast<UnaryOperator>(E))
    if (Unary->getOpcode() == UO_Deref)
      return lockKey(Unary->getSubExpr(), Key, Depth + 1);
  return false;
}

class LockCollector {
public:
  explicit LockCollector(LockAcrossAwaitCheck &Check) : Check(Check) {}

  void visit(const Stmt *S, unsigned Depth = 0);
  /// Resolves uses seen before the lock was known.
  void finish();

  /// The body has errors: say nothing.
  bool Failed = false;
  bool TakesLock = false;
  std::vector<Lock> Locks;
  llvm::DenseMap<const Stmt *, EventList> StmtEvents;
  /// Events of a guard's declaration (the CFG may split a DeclStmt, so they
  /// are found through the variable).
  llvm::DenseMap<const VarDecl *, EventList> DeclEvents;
  llvm::DenseMap<const VarDecl *, unsigned> GuardIndex;
  /// The locks (guards, or mutex keys) named in the operand of each
  /// suspension: the awaited operation was handed the lock.
  llvm::DenseMap<const CoroutineSuspendExpr *,
                 llvm::SmallVector<llvm::SmallVector<const Decl *, 3>, 2>>
      HandedKeys;
  llvm::DenseMap<const CoroutineSuspendExpr *, llvm::SmallVector<unsigned, 2>>
      HandedGuards;

  /// Whether the operation awaited at \p S was handed lock \p Index.
  bool isHandedTo(const CoroutineSuspendExpr *S, unsigned Index) const;

  /// The lock a `try_lock()`/`owns_lock()` condition \p E tests.
  std::optional<TryBranch> tryBranch(const Expr *E);

private:
  std::optional<unsigned> guardOf(const Expr *E) const;
  std::optional<unsigned> manualOf(const Expr *E, bool Create);
  const CXXRecordDecl *lockableRecordOf(const Expr *E);
  void addGuard(const VarDecl &VD);
  void visitMemberCall(const CXXMemberCallExpr &Call);
  void visitCall(const CallExpr &Call);
  void visitArguments(const FunctionDecl *Callee, const CallExpr &Call,
                      unsigned FirstParam);
  void add(const Stmt *S, Event E) { StmtEvents[S].push_back(E); }
  void noteHandedOver(const Expr &E);

  LockAcrossAwaitCheck &Check;
  /// Uses of locks whose meaning the visit of a parent settled.
  llvm::DenseSet<const Expr *> Handled;
  /// `std::move(g)` calls whose result initialises guard variable N.
  llvm::DenseMap<const Expr *, unsigned> MoveTargets;
  /// The suspension whose operand is being visited.
  const CoroutineSuspendExpr *InOperandOf = nullptr;
  /// Objects of member calls: `lk.owns_lock()` does not hand `lk` over.
  llvm::DenseSet<const Expr *> CallObjects;
  /// Uses of mutexes handed to unknown code, resolved in finish().
  llvm::SmallVector<std::pair<const Expr *, llvm::SmallVector<const Decl *, 3>>,
                    4>
      UnknownUses;
};

} // namespace

std::optional<unsigned> LockCollector::guardOf(const Expr *E) const {
  if (!E)
    return std::nullopt;
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  if (!Ref)
    return std::nullopt;
  const auto *VD = dyn_cast<VarDecl>(Ref->getDecl());
  auto It = VD ? GuardIndex.find(VD) : GuardIndex.end();
  if (It == GuardIndex.end())
    return std::nullopt;
  return It->second;
}

const CXXRecordDecl *LockCollector::lockableRecordOf(const Expr *E) {
  QualType T = E->getType().getNonReferenceType();
  if (const auto *Ptr = T->getAs<PointerType>())
    T = Ptr->getPointeeType();
  const CXXRecordDecl *RD = getCompleteRecord(T);
  return RD && Check.isBlockingLockable(*RD) ? RD : nullptr;
}

std::optional<unsigned> LockCollector::manualOf(const Expr *E, bool Create) {
  llvm::SmallVector<const Decl *, 3> Key;
  if (!E || !lockableRecordOf(E) || !lockKey(E, Key))
    return std::nullopt;
  for (unsigned I = 0; I < Locks.size(); ++I)
    if (!Locks[I].Guard && Locks[I].Key == Key)
      return I;
  const auto *Named = dyn_cast_or_null<NamedDecl>(Key.back());
  if (!Create || !Named)
    return std::nullopt;
  Lock L;
  L.Key = Key;
  L.Named = Named;
  QualType T = E->getType().getNonReferenceType();
  if (const auto *Ptr = T->getAs<PointerType>())
    T = Ptr->getPointeeType();
  L.Type = T;
  Locks.push_back(std::move(L));
  return Locks.size() - 1;
}

/// The construction that initialises a variable, through the implicit nodes
/// and the functional cast of `auto g = std::unique_lock(m);`.
static const Expr *stripInit(const Expr *Init) {
  for (unsigned Step = 0; Init && Step < 8; ++Step) {
    Init = Init->IgnoreImplicit()->IgnoreParens();
    if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(Init)) {
      Init = Cast->getSubExpr();
      continue;
    }
    break;
  }
  return Init;
}

void LockCollector::addGuard(const VarDecl &VD) {
  if (!VD.hasLocalStorage() || isa<ParmVarDecl>(VD) || VD.isInvalidDecl() ||
      VD.getType()->isReferenceType() || VD.getType()->isDependentType() ||
      !Check.isGuardType(VD.getType()))
    return;
  const Expr *Init = stripInit(VD.getInit());
  // A guard produced by `co_await` belongs to an asynchronous mutex: it is
  // designed to be held across suspensions, whatever the library.
  if (isa_and_nonnull<CoroutineSuspendExpr>(Init))
    return;
  const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(Init);
  if (Construct && Construct->getNumArgs() == 1 &&
      isa<CoroutineSuspendExpr>(stripInit(Construct->getArg(0))))
    return;

  unsigned Index = Locks.size();
  Lock L;
  L.Guard = &VD;
  L.Named = &VD;
  L.Type = VD.getType();
  Locks.push_back(std::move(L));
  GuardIndex[&VD] = Index;
  // Anything but a construction from mutexes (a call returning a guard, a
  // default construction) says nothing certain about ownership.
  if (!Construct || Construct->getNumArgs() == 0)
    return;
  const CXXConstructorDecl *Ctor = Construct->getConstructor();
  if (Ctor && (Ctor->isCopyConstructor() || Ctor->isMoveConstructor())) {
    if (const Expr *From = movedOperand(Construct->getArg(0)))
      if (guardOf(From))
        MoveTargets[stripInit(Construct->getArg(0))] = Index;
    return;
  }
  LockTag Tag = LockTag::None;
  for (const Expr *Arg : Construct->arguments()) {
    if (LockTag T = tagOf(Arg); T != LockTag::None)
      Tag = T;
    llvm::SmallVector<const Decl *, 3> Key;
    if (lockableRecordOf(Arg) && lockKey(Arg, Key))
      Locks[Index].MutexKeys.push_back(std::move(Key));
  }
  switch (Tag) {
  case LockTag::Defer:
  case LockTag::TryTo:
    // Held only where a branch on `owns_lock()` or `try_lock()` says so.
    TakesLock = true;
    return;
  case LockTag::Adopt:
    for (const Expr *Arg : Construct->arguments())
      if (std::optional<unsigned> Mutex = manualOf(Arg, /*Create=*/false))
        DeclEvents[&VD].push_back(
            {Event::AdoptFrom, Index, *Mutex, VD.getLocation()});
    return;
  case LockTag::None:
    TakesLock = true;
    DeclEvents[&VD].push_back({Event::Acquire, Index, ~0u, VD.getLocation()});
    return;
  }
}

void LockCollector::visitArguments(const FunctionDecl *Callee,
                                   const CallExpr &Call, unsigned FirstParam) {
  // `cv.wait(lock)` gives the lock back before it returns.
  bool IsWait = false;
  if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Callee)) {
    llvm::StringRef Name = methodName(MD);
    IsWait = Name == "wait" || Name == "wait_for" || Name == "wait_until";
  }
  for (unsigned I = FirstParam; I < Call.getNumArgs(); ++I) {
    const Expr *Arg = Call.getArg(I)->IgnoreParenImpCasts();
    unsigned Param = I - FirstParam;
    bool ReadOnly = false;
    if (Callee && Param < Callee->getNumParams()) {
      QualType P = Callee->getParamDecl(Param)->getType();
      ReadOnly = P->isLValueReferenceType() &&
                 P.getNonReferenceType().isConstQualified();
    }
    if (ReadOnly || (IsWait && guardOf(Arg)))
      Handled.insert(Arg);
  }
}

void LockCollector::visitMemberCall(const CXXMemberCallExpr &Call) {
  const CXXMethodDecl *MD = Call.getMethodDecl();
  const Expr *Object = Call.getImplicitObjectArgument();
  if (!MD || !Object)
    return;
  Object = Object->IgnoreParenImpCasts();
  CallObjects.insert(Object);
  llvm::StringRef Name = methodName(MD);
  SourceLocation Site = Call.getBeginLoc();
  if (std::optional<unsigned> G = guardOf(Object)) {
    Handled.insert(Object);
    if (Name == "unlock")
      add(&Call, {Event::Release, *G, ~0u, Site});
    else if (Name == "lock" || Name == "lock_shared") {
      TakesLock = true;
      add(&Call, {Event::Acquire, *G, ~0u, Site});
    } else if (Name == "release" || Name == "swap")
      add(&Call, {Event::Forget, *G, ~0u, Site});
    else if (isTryLockName(Name))
      TakesLock = true;
    return;
  }
  if (!lockableRecordOf(Object))
    return;
  bool Locks = Name == "lock" || Name == "lock_shared";
  bool Unlocks = Name == "unlock" || Name == "unlock_shared";
  bool Tries = isTryLockName(Name);
  std::optional<unsigned> M = manualOf(Object, Locks || Unlocks || Tries);
  Handled.insert(Object);
  if (!M)
    return;
  if (Locks) {
    TakesLock = true;
    add(&Call, {Event::Acquire, *M, ~0u, Site});
  } else if (Unlocks) {
    add(&Call, {Event::Release, *M, ~0u, Site});
  } else if (Tries) {
    TakesLock = true;
  }
}

void LockCollector::visitCall(const CallExpr &Call) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (const Expr *Moved = movedOperand(&Call)) {
    if (std::optional<unsigned> G = guardOf(Moved)) {
      Handled.insert(Moved);
      auto It = MoveTargets.find(&Call);
      add(&Call, {Event::MoveTo, *G,
                  It == MoveTargets.end() ? ~0u : It->second,
                  Call.getBeginLoc()});
      return;
    }
  }
  if (Callee && Callee->getDeclName().isIdentifier() &&
      Callee->isInStdNamespace() && Callee->getName() == "lock" &&
      Call.getNumArgs() >= 2) {
    for (const Expr *Arg : Call.arguments())
      if (std::optional<unsigned> M = manualOf(Arg, /*Create=*/true)) {
        Handled.insert(Arg->IgnoreParenImpCasts());
        TakesLock = true;
        add(&Call, {Event::Acquire, *M, ~0u, Call.getBeginLoc()});
      }
    return;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&Call)) {
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
      if (std::optional<unsigned> G = guardOf(Op->getArg(0))) {
        Handled.insert(Op->getArg(0)->IgnoreParenImpCasts());
        const Expr *From = movedOperand(Op->getArg(1));
        if (From && guardOf(From))
          MoveTargets[Op->getArg(1)->IgnoreImplicit()] = *G;
        else
          add(&Call, {Event::Forget, *G, ~0u, Call.getBeginLoc()});
        return;
      }
    }
    const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Callee);
    if (MD && !MD->isStatic() && !MD->isExplicitObjectMemberFunction())
      return visitArguments(Callee, Call, 1);
  }
  visitArguments(Callee, Call, 0);
}

void LockCollector::visit(const Stmt *S, unsigned Depth) {
  if (!S || Failed || Depth > 512)
    return;
  ++Depth;
  if (const auto *E = dyn_cast<Expr>(S)) {
    if (E->containsErrors()) {
      Failed = true;
      return;
    }
    if (E->isValueDependent() || E->isTypeDependent())
      return;
  }
  if (const auto *Body = dyn_cast<CoroutineBodyStmt>(S))
    return visit(Body->getBody(), Depth);
  // Only the operand is the user's code; the awaiter calls are machinery.
  if (const auto *Suspend = dyn_cast<CoroutineSuspendExpr>(S)) {
    const CoroutineSuspendExpr *Outer = InOperandOf;
    InOperandOf = Suspend;
    visit(Suspend->getOperand(), Depth);
    InOperandOf = Outer;
    return;
  }
  if (const auto *Return = dyn_cast<CoreturnStmt>(S))
    return visit(Return->getOperand(), Depth);
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
    // The body runs when somebody calls it, not here. A lock captured by
    // reference may be unlocked there: forget it.
    for (const Expr *Init : Lambda->capture_inits()) {
      if (!Init)
        continue;
      const Expr *Plain = Init->IgnoreParenImpCasts();
      if (isa<DeclRefExpr>(Plain)) {
        if (std::optional<unsigned> G = guardOf(Plain))
          add(Lambda, {Event::Forget, *G, ~0u, Lambda->getBeginLoc()});
        else if (std::optional<unsigned> M = manualOf(Plain, false))
          add(Lambda, {Event::Forget, *M, ~0u, Lambda->getBeginLoc()});
        continue;
      }
      visit(Init, Depth);
    }
    return;
  }
  // Unevaluated operands and blocks run nothing here.
  if (isa<BlockExpr, UnaryExprOrTypeTraitExpr, CXXNoexceptExpr, RequiresExpr>(
          S))
    return;
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        addGuard(*VD);
  } else if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S)) {
    visitMemberCall(*Member);
    visitArguments(Member->getMethodDecl(), *Member, 0);
  } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
    visitCall(*Call);
  } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
    // The mutexes a guard is built from: the declaration's events say what
    // happens to them.
    if (Check.isGuardType(Construct->getType())) {
      for (const Expr *Arg : Construct->arguments())
        Handled.insert(Arg->IgnoreParenImpCasts());
    } else {
      for (unsigned I = 0; I < Construct->getNumArgs(); ++I) {
        const CXXConstructorDecl *Ctor = Construct->getConstructor();
        if (!Ctor || I >= Ctor->getNumParams())
          continue;
        QualType P = Ctor->getParamDecl(I)->getType();
        if (P->isLValueReferenceType() &&
            P.getNonReferenceType().isConstQualified())
          Handled.insert(Construct->getArg(I)->IgnoreParenImpCasts());
      }
    }
  } else if (isa<DeclRefExpr, MemberExpr>(S)) {
    const auto *E = cast<Expr>(S);
    if (InOperandOf && !CallObjects.contains(E))
      noteHandedOver(*E);
    if (!Handled.contains(E)) {
      if (std::optional<unsigned> G = guardOf(E)) {
        add(E, {Event::Forget, *G, ~0u, E->getBeginLoc()});
      } else if (lockableRecordOf(E)) {
        llvm::SmallVector<const Decl *, 3> Key;
        if (lockKey(E, Key))
          UnknownUses.push_back({E, std::move(Key)});
      }
    }
    // Members of a lock object are not locks themselves.
    if (isa<DeclRefExpr>(S))
      return;
  }
  for (const Stmt *Child : S->children())
    visit(Child, Depth);
}

/// A lock named in the operand of `co_await` is handed to the awaited
/// operation, which takes charge of it while this coroutine is suspended: an
/// asynchronous condition variable's `co_await cv.wait(lock)` unlocks it
/// until it resumes the waiter.
void LockCollector::noteHandedOver(const Expr &E) {
  if (std::optional<unsigned> G = guardOf(&E)) {
    HandedGuards[InOperandOf].push_back(*G);
    return;
  }
  llvm::SmallVector<const Decl *, 3> Key;
  if (lockableRecordOf(&E) && lockKey(&E, Key))
    HandedKeys[InOperandOf].push_back(std::move(Key));
}

bool LockCollector::isHandedTo(const CoroutineSuspendExpr *S,
                               unsigned Index) const {
  auto Guards = HandedGuards.find(S);
  if (Guards != HandedGuards.end() && llvm::is_contained(Guards->second, Index))
    return true;
  auto Keys = HandedKeys.find(S);
  if (Keys == HandedKeys.end())
    return false;
  const Lock &L = Locks[Index];
  return llvm::any_of(Keys->second, [&](const auto &Key) {
    return (!L.Guard && L.Key == Key) || llvm::is_contained(L.MutexKeys, Key);
  });
}

void LockCollector::finish() {
  for (const auto &[Use, Key] : UnknownUses)
    for (unsigned I = 0; I < Locks.size(); ++I)
      if (!Locks[I].Guard && Locks[I].Key == Key)
        add(Use, {Event::Forget, I, ~0u, Use->getBeginLoc()});
}

std::optional<TryBranch> LockCollector::tryBranch(const Expr *E) {
  bool Positive = true;
  for (unsigned Step = 0; E && Step < 8; ++Step) {
    E = E->IgnoreParenImpCasts();
    const auto *Not = dyn_cast<UnaryOperator>(E);
    if (!Not || Not->getOpcode() != UO_LNot)
      break;
    Positive = !Positive;
    E = Not->getSubExpr();
  }
  const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(E);
  if (!Call || !Call->getImplicitObjectArgument())
    return std::nullopt;
  const Expr *Object = Call->getImplicitObjectArgument()->IgnoreParenImpCasts();
  const CXXMethodDecl *MD = Call->getMethodDecl();
  llvm::StringRef Name = methodName(MD);
  if (std::optional<unsigned> G = guardOf(Object)) {
    if (isTryLockName(Name))
      return TryBranch{*G, Positive, false, Call->getBeginLoc()};
    if (Name == "owns_lock" || isa_and_nonnull<CXXConversionDecl>(MD))
      return TryBranch{*G, Positive, true, Locks[*G].Guard->getLocation()};
    return std::nullopt;
  }
  if (!isTryLockName(Name))
    return std::nullopt;
  if (std::optional<unsigned> M = manualOf(Object, /*Create=*/false))
    return TryBranch{*M, Positive, false, Call->getBeginLoc()};
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Step 2: which locks are held at each suspension point
//===----------------------------------------------------------------------===//

namespace {

/// What is known about one lock at one program point.
struct LockState {
  /// Held on some path, on every path.
  bool May = false;
  bool Must = false;
  /// Where it was taken (and under which name), on the paths that hold it.
  llvm::SmallVector<std::pair<SourceLocation, const NamedDecl *>, 2> From;
  /// Where it was released, on the paths that do not.
  llvm::SmallVector<SourceLocation, 2> Released;

  bool operator==(const LockState &O) const {
    return May == O.May && Must == O.Must && From == O.From &&
           Released == O.Released;
  }
};

using State = llvm::SmallVector<LockState, 2>;

unsigned rawOf(SourceLocation L) { return L.getRawEncoding(); }
unsigned rawOf(const std::pair<SourceLocation, const NamedDecl *> &P) {
  return P.first.getRawEncoding();
}

template <typename T>
void addSorted(llvm::SmallVectorImpl<T> &Set, const T &L) {
  auto Less = [](const T &A, const T &B) { return rawOf(A) < rawOf(B); };
  auto It = llvm::lower_bound(Set, L, Less);
  if (It == Set.end() || *It != L)
    Set.insert(It, L);
}

void mergeInto(State &Into, const State &From) {
  for (unsigned I = 0; I < Into.size(); ++I) {
    Into[I].May |= From[I].May;
    Into[I].Must &= From[I].Must;
    for (const auto &L : From[I].From)
      addSorted(Into[I].From, L);
    for (SourceLocation L : From[I].Released)
      addSorted(Into[I].Released, L);
  }
}

void acquire(LockState &L, SourceLocation Site, const NamedDecl *Named) {
  L = LockState();
  L.May = L.Must = true;
  L.From.push_back({Site, Named});
}

void apply(const Event &E, State &S, llvm::ArrayRef<Lock> Locks) {
  LockState &L = S[E.Lock];
  switch (E.Kind) {
  case Event::Acquire:
    acquire(L, E.Site, Locks[E.Lock].Named);
    return;
  case Event::Release:
    L = LockState();
    L.Released.push_back(E.Site);
    return;
  case Event::Forget:
  case Event::ScopeEnd:
    L = LockState();
    return;
  case Event::MoveTo:
    if (E.Other != ~0u) {
      S[E.Other] = L;
      L = LockState();
      return;
    }
    L = LockState();
    L.Released.push_back(E.Site);
    return;
  case Event::AdoptFrom:
    if (S[E.Other].May) {
      L = S[E.Other];
      L.Released.clear();
      S[E.Other] = LockState();
    }
    return;
  }
}

/// One element of a block: the events of a statement, or a suspension.
struct Step {
  EventList Events;
  const CoroutineSuspendExpr *Suspension = nullptr;
};

/// A lock that may be held at a suspension point.
struct Finding {
  const CoroutineSuspendExpr *Suspension;
  unsigned Lock;
  LockState Held;
};

} // namespace

void LockAcrossAwaitCheck::checkFunction(const FunctionDecl &Function,
                                         ASTContext &Ctx) {
  const FunctionDecl *FD = &Function;
  if (!FD->doesThisDeclarationHaveABody() || FD->isInvalidDecl() ||
      FD->isDependentContext())
    return;
  // Coroutine definitions only.
  const CoroutineBodyStmt *Body = getCoroutineBody(*FD);
  if (!Body)
    return;

  LockCollector Collector(*this);
  Collector.visit(Body);
  if (Collector.Failed || !Collector.TakesLock)
    return;
  Collector.finish();
  const unsigned NumLocks = Collector.Locks.size();

  CFG::BuildOptions Options;
  Options.AddImplicitDtors = true;
  Options.AddLifetime = true;
  Options.setAllAlwaysAdd();
  std::unique_ptr<CFG> Graph =
      CFG::buildCFG(FD, const_cast<CoroutineBodyStmt *>(Body), &Ctx, Options);
  if (!Graph)
    return;

  // The steps of each block, in order, and the branches on try_lock().
  std::vector<llvm::SmallVector<Step, 4>> Steps(Graph->getNumBlockIDs());
  std::vector<std::optional<TryBranch>> Branches(Graph->getNumBlockIDs());
  llvm::DenseSet<const Stmt *> Seen;
  for (const CFGBlock *Block : *Graph) {
    auto &BlockSteps = Steps[Block->getBlockID()];
    for (const CFGElement &Element : *Block) {
      Step St;
      if (std::optional<CFGStmt> S = Element.getAs<CFGStmt>()) {
        const Stmt *Statement = S->getStmt();
        if (const auto *DS = dyn_cast<DeclStmt>(Statement))
          for (const Decl *D : DS->decls())
            if (const auto *VD = dyn_cast<VarDecl>(D)) {
              auto It = Collector.DeclEvents.find(VD);
              if (It != Collector.DeclEvents.end())
                St.Events.append(It->second);
            }
        auto It = Collector.StmtEvents.find(Statement);
        if (It != Collector.StmtEvents.end()) {
          Seen.insert(Statement);
          St.Events.append(It->second);
        }
        if (const auto *Suspend = dyn_cast<CoroutineSuspendExpr>(Statement)) {
          const Expr *Awaiter = Suspend->getOpaqueValue();
          // An awaiter whose await_ready() is constant true never suspends.
          if (!Awaiter ||
              awaiterSuspends(Awaiter->getType(), Ctx) != std::optional(false))
            St.Suspension = Suspend;
        }
      } else {
        const VarDecl *Ended = nullptr;
        if (std::optional<CFGAutomaticObjDtor> Dtor =
                Element.getAs<CFGAutomaticObjDtor>())
          Ended = Dtor->getVarDecl();
        else if (std::optional<CFGLifetimeEnds> End =
                     Element.getAs<CFGLifetimeEnds>())
          Ended = End->getVarDecl();
        auto It = Ended ? Collector.GuardIndex.find(Ended)
                        : Collector.GuardIndex.end();
        if (It != Collector.GuardIndex.end())
          St.Events.push_back({Event::ScopeEnd, It->second, ~0u, {}});
      }
      if (!St.Events.empty() || St.Suspension)
        BlockSteps.push_back(std::move(St));
    }
    if (Block->succ_size() == 2)
      if (const auto *Cond =
              dyn_cast_or_null<Expr>(Block->getTerminatorCondition()))
        Branches[Block->getBlockID()] = Collector.tryBranch(Cond);
  }

  // A lock used where the graph does not show it is not understood.
  llvm::BitVector Understood(NumLocks, true);
  for (const auto &[S, List] : Collector.StmtEvents)
    if (!Seen.contains(S))
      for (const Event &E : List)
        Understood.reset(E.Lock);

  auto Transfer = [&](const CFGBlock &Block, State &S,
                      std::vector<Finding> *Findings) {
    for (const Step &St : Steps[Block.getBlockID()]) {
      for (const Event &E : St.Events)
        apply(E, S, Collector.Locks);
      if (St.Suspension && Findings)
        for (unsigned I = 0; I < NumLocks; ++I)
          if (S[I].May && Understood.test(I) &&
              !Collector.isHandedTo(St.Suspension, I))
            Findings->push_back({St.Suspension, I, S[I]});
    }
  };

  // Forward dataflow to a fixed point; states only grow (May, From,
  // Released) or shrink (Must), so it terminates.
  std::vector<State> In(Graph->getNumBlockIDs(), State(NumLocks));
  std::vector<bool> Visited(Graph->getNumBlockIDs(), false);
  std::vector<bool> Queued(Graph->getNumBlockIDs(), false);
  std::deque<const CFGBlock *> Work;
  const CFGBlock &Entry = Graph->getEntry();
  Work.push_back(&Entry);
  Visited[Entry.getBlockID()] = Queued[Entry.getBlockID()] = true;
  unsigned Budget = 64 * Graph->getNumBlockIDs() + 1024;
  while (!Work.empty()) {
    if (--Budget == 0)
      return; // Pathological graph: say nothing.
    const CFGBlock *Block = Work.front();
    Work.pop_front();
    Queued[Block->getBlockID()] = false;
    State Out = In[Block->getBlockID()];
    Transfer(*Block, Out, nullptr);
    const std::optional<TryBranch> &Branch = Branches[Block->getBlockID()];
    unsigned SuccIndex = 0;
    for (const CFGBlock::AdjacentBlock &Succ : Block->succs()) {
      bool IsTrueEdge = SuccIndex++ == 0;
      const CFGBlock *Next = Succ.getReachableBlock();
      if (!Next)
        continue;
      State Edge = Out;
      if (Branch && Understood.test(Branch->Lock)) {
        LockState &L = Edge[Branch->Lock];
        if (IsTrueEdge == Branch->HeldIfTrue) {
          if (!L.May || !Branch->IsOwnership)
            acquire(L, Branch->Site, Collector.Locks[Branch->Lock].Named);
        } else if (Branch->IsOwnership) {
          L = LockState();
        }
      }
      unsigned ID = Next->getBlockID();
      State Merged;
      if (Visited[ID]) {
        Merged = In[ID];
        mergeInto(Merged, Edge);
        if (Merged == In[ID])
          continue;
      } else {
        Merged = std::move(Edge);
      }
      Visited[ID] = true;
      In[ID] = std::move(Merged);
      if (!Queued[ID]) {
        Queued[ID] = true;
        Work.push_back(Next);
      }
    }
  }

  std::vector<Finding> Findings;
  for (const CFGBlock *Block : *Graph) {
    if (!Visited[Block->getBlockID()])
      continue;
    State S = In[Block->getBlockID()];
    Transfer(*Block, S, &Findings);
  }
  if (Findings.empty())
    return;

  const SourceManager &SM = Ctx.getSourceManager();
  llvm::sort(Findings, [&](const Finding &A, const Finding &B) {
    return SM.isBeforeInTranslationUnit(A.Suspension->getKeywordLoc(),
                                        B.Suspension->getKeywordLoc());
  });
  const auto *Method = dyn_cast<CXXMethodDecl>(FD);
  const bool IsLambda = Method && Method->getParent()->isLambda();
  // The runtime's own asynchronous mutex, from the task type's namespace.
  llvm::StringRef AsyncMutex;
  if (const RuntimeLibrary *Runtime = runtimeLibraryOfCoroutine(*FD))
    AsyncMutex = Runtime->AsyncMutex;
  for (const Finding &F : Findings) {
    const Lock &L = Collector.Locks[F.Lock];
    SourceLocation Loc = F.Suspension->getKeywordLoc();
    SourceLocation LockLoc = L.Named->getLocation();
    if (Loc.isInvalid() ||
        !Reported.insert({SM.getExpansionLoc(Loc), LockLoc}).second)
      continue;
    const bool IsYield = isa<CoyieldExpr>(F.Suspension);
    diag(Loc, "%select{coroutine %q1|coroutine lambda}0 suspends "
              "%select{|on some paths }2while holding '%3' %4; code that "
              "takes the lock meanwhile blocks its thread (a deadlock if it "
              "runs on the same event loop), and resuming on another thread "
              "unlocks a mutex that thread does not own")
        << (IsLambda ? 1 : 0) << FD << (F.Held.Must ? 0 : 1)
        << describeType(L.Type, Ctx) << L.Named;
    for (const auto &[From, Named] : F.Held.From)
      diag(From, "%0 is locked here", DiagnosticIDs::Note) << Named;
    if (!F.Held.Must)
      for (SourceLocation Released : F.Held.Released)
        diag(Released,
             "%0 is released here, but not on every path to the suspension",
             DiagnosticIDs::Note)
            << L.Named;
    diag(Loc,
         "release %0 before the %select{'co_await'|'co_yield'}1%select{, or "
         "use an asynchronous mutex such as '%3', whose lock can be held "
         "across 'co_await'|, or use your coroutine library's asynchronous "
         "mutex, whose lock can be held across 'co_await'|}2",
         DiagnosticIDs::Note)
        << L.Named << (IsYield ? 1 : 0)
        << (IsYield ? 2 : AsyncMutex.empty() ? 1 : 0) << AsyncMutex;
  }
}

} // namespace clang::tidy::async
