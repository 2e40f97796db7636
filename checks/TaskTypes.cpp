//===--- TaskTypes.cpp - async-tidy ---------------------------------------===//
//
// Part of async-tidy. Shared analysis helpers used by every async-* check.
//
//===----------------------------------------------------------------------===//

#include "TaskTypes.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/QualTypeNames.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::async {

//===----------------------------------------------------------------------===//
// Option lists
//===----------------------------------------------------------------------===//

llvm::SmallVector<llvm::StringRef, 8> splitList(llvm::StringRef List) {
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  List.split(Parts, ';', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  llvm::SmallVector<llvm::StringRef, 8> Result;
  for (llvm::StringRef Part : Parts) {
    Part = Part.trim();
    if (!Part.empty())
      Result.push_back(Part);
  }
  return Result;
}

static llvm::StringRef dropGlobalQualifier(llvm::StringRef Name) {
  Name.consume_front("::");
  return Name;
}

NameList::NameList(llvm::StringRef List) {
  for (llvm::StringRef Item : splitList(List)) {
    Item = dropGlobalQualifier(Item);
    Sources.push_back(Item.str());
    // Anchored: "aio::task" must not match "aio::task_group".
    Patterns.push_back(
        std::make_shared<llvm::Regex>(("^(" + Item + ")$").str()));
  }
}

bool NameList::matches(llvm::StringRef QualifiedName) const {
  QualifiedName = dropGlobalQualifier(QualifiedName);
  for (size_t I = 0; I < Patterns.size(); ++I) {
    // An entry that is not a valid regex is still a literal name.
    if (Sources[I] == QualifiedName)
      return true;
    if (Patterns[I]->isValid() && Patterns[I]->match(QualifiedName))
      return true;
  }
  return false;
}

bool NameList::matches(const NamedDecl &D) const {
  if (Patterns.empty())
    return false;
  return matches(D.getQualifiedNameAsString());
}

//===----------------------------------------------------------------------===//
// Member lookup that tolerates incomplete template instantiations
//===----------------------------------------------------------------------===//

const CXXRecordDecl *getCompleteRecord(QualType T) {
  if (T.isNull() || T->isDependentType())
    return nullptr;
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return nullptr;
  RD = RD->getDefinition();
  if (!RD || RD->isInvalidDecl() || RD->isDependentContext())
    return nullptr;
  return RD;
}

/// The definition to read members from: the record itself, or, for a member
/// class of a template that was never completed (a `promise_type` of a task
/// no coroutine of this TU returns), the class it is instantiated from.
static const CXXRecordDecl *definitionToRead(const CXXRecordDecl *RD) {
  if (!RD)
    return nullptr;
  if (const CXXRecordDecl *Def = RD->getDefinition())
    return Def->isInvalidDecl() ? nullptr : Def;
  if (const CXXRecordDecl *Pattern = RD->getTemplateInstantiationPattern())
    return Pattern->getDefinition();
  if (const CXXRecordDecl *Member = RD->getInstantiatedFromMemberClass())
    return Member->getDefinition();
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    if (const CXXRecordDecl *Primary =
            Spec->getSpecializedTemplate()->getTemplatedDecl())
      return Primary->getDefinition();
  return nullptr;
}

/// Calls \p Visit on \p RD and its (non-dependent) bases until it returns
/// true. Depth-limited: a check must never loop on odd hierarchies.
template <typename Fn>
static bool anyInHierarchy(const CXXRecordDecl *RD, Fn Visit,
                           unsigned Depth = 0) {
  RD = definitionToRead(RD);
  if (!RD || Depth > 16)
    return false;
  if (Visit(*RD))
    return true;
  for (const CXXBaseSpecifier &Base : RD->bases()) {
    const CXXRecordDecl *BaseRD = Base.getType()->getAsCXXRecordDecl();
    if (BaseRD && anyInHierarchy(BaseRD, Visit, Depth + 1))
      return true;
  }
  return false;
}

static const NamedDecl *findMemberNamed(const CXXRecordDecl *RD,
                                        llvm::StringRef Name) {
  const NamedDecl *Found = nullptr;
  anyInHierarchy(RD, [&](const CXXRecordDecl &R) {
    for (const Decl *D : R.decls()) {
      const auto *ND = dyn_cast<NamedDecl>(D);
      if (!ND || !ND->getDeclName().isIdentifier() || ND->getName() != Name)
        continue;
      Found = ND;
      return true;
    }
    return false;
  });
  return Found;
}

static const FunctionDecl *asFunction(const NamedDecl *ND) {
  if (!ND)
    return nullptr;
  if (const auto *FTD = dyn_cast<FunctionTemplateDecl>(ND))
    return FTD->getTemplatedDecl();
  return dyn_cast<FunctionDecl>(ND);
}

static const FunctionDecl *findMethodNamed(const CXXRecordDecl *RD,
                                           llvm::StringRef Name) {
  return asFunction(findMemberNamed(RD, Name));
}

static bool hasMemberCoawait(const CXXRecordDecl *RD) {
  return anyInHierarchy(RD, [](const CXXRecordDecl &R) {
    return llvm::any_of(R.decls(), [](const Decl *D) {
      const FunctionDecl *FD = asFunction(dyn_cast<NamedDecl>(D));
      return FD && FD->getOverloadedOperator() == OO_Coawait;
    });
  });
}

//===----------------------------------------------------------------------===//
// Reading what an awaiter does
//===----------------------------------------------------------------------===//

/// The body of a function, from its instantiation pattern when the
/// instantiation's own body was never instantiated.
static const Stmt *readableBody(const FunctionDecl *FD) {
  if (!FD)
    return nullptr;
  if (const Stmt *Body = FD->getBody())
    return Body;
  if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern())
    return Pattern->getBody();
  return nullptr;
}

/// The constant a function like `bool f() { return false; }` returns.
static std::optional<bool> constantReturn(const FunctionDecl *FD,
                                          const ASTContext &Ctx) {
  const auto *Body = dyn_cast_or_null<CompoundStmt>(readableBody(FD));
  if (!Body || Body->size() != 1)
    return std::nullopt;
  const auto *Ret = dyn_cast<ReturnStmt>(Body->body_front());
  if (!Ret || !Ret->getRetValue())
    return std::nullopt;
  const Expr *Value = Ret->getRetValue();
  if (Value->isValueDependent() || Value->isInstantiationDependent() ||
      Value->containsErrors())
    return std::nullopt;
  bool Result = false;
  if (!Value->EvaluateAsBooleanCondition(Result, Ctx))
    return std::nullopt;
  return Result;
}

// A member class of a class template (the initial awaiter of a task template's
// promise that was never instantiated) is a dependent type whose members can
// still be read: its record is known.
std::optional<bool> awaiterSuspends(QualType Awaiter, const ASTContext &Ctx) {
  const CXXRecordDecl *RD = Awaiter.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD)
    return std::nullopt;
  std::optional<bool> Ready =
      constantReturn(findMethodNamed(RD, "await_ready"), Ctx);
  if (!Ready)
    return std::nullopt;
  if (*Ready)
    return false;
  const FunctionDecl *Suspend = findMethodNamed(RD, "await_suspend");
  if (!Suspend)
    return std::nullopt;
  QualType SuspendResult = Suspend->getReturnType();
  if (SuspendResult->isDependentType())
    return std::nullopt;
  // void suspends; a coroutine handle transfers control away, so this
  // coroutine is suspended too; bool decides at run time unless constant.
  if (SuspendResult->isVoidType() || SuspendResult->isRecordType())
    return true;
  if (SuspendResult->isBooleanType())
    return constantReturn(Suspend, Ctx);
  return std::nullopt;
}

/// Whether \p E, looking through conversions and copies, names \p Param.
static bool refersTo(const Expr *E, const ParmVarDecl *Param,
                     unsigned Depth = 0) {
  if (!E || Depth > 8)
    return false;
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return Ref->getDecl() == Param;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    return Construct->getNumArgs() == 1 &&
           refersTo(Construct->getArg(0), Param, Depth + 1);
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E))
    return refersTo(Member->getImplicitObjectArgument(), Param, Depth + 1);
  if (const auto *Temp = dyn_cast<MaterializeTemporaryExpr>(E))
    return refersTo(Temp->getSubExpr(), Param, Depth + 1);
  return false;
}

/// Whether statement \p S calls something with \p Param (or on it): the
/// handle is handed on. Assignments and copies only store it.
static bool passesOn(const Stmt *S, const ParmVarDecl *Param,
                     unsigned Depth = 0) {
  if (!S || Depth > 64)
    return false;
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
    if (!Op || !Op->isAssignmentOp()) {
      for (const Expr *Arg : Call->arguments())
        if (refersTo(Arg, Param))
          return true;
      if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
        if (refersTo(Member->getImplicitObjectArgument(), Param))
          return true;
    }
  }
  if (isa<LambdaExpr>(S))
    return false;
  for (const Stmt *Child : S->children())
    if (passesOn(Child, Param, Depth + 1))
      return true;
  return false;
}

/// How a coroutine of a type whose promise is \p Promise starts.
enum class StartKind { Suspended, Running, HandedOff, Unknown };

static StartKind initialStart(const CXXRecordDecl *Promise,
                              const ASTContext &Ctx) {
  const FunctionDecl *Initial = findMethodNamed(Promise, "initial_suspend");
  if (!Initial)
    return StartKind::Unknown;
  QualType Awaiter = Initial->getReturnType();
  std::optional<bool> Suspends = awaiterSuspends(Awaiter, Ctx);
  if (!Suspends)
    return StartKind::Unknown;
  if (!*Suspends)
    return StartKind::Running;
  // `std::suspend_always` leaves the handle alone; an executor-bound task's
  // initial awaiter enqueues it, so the body does run, elsewhere.
  const FunctionDecl *Suspend = findMethodNamed(
      Awaiter.getNonReferenceType()->getAsCXXRecordDecl(), "await_suspend");
  if (!Suspend || Suspend->getNumParams() != 1)
    return StartKind::Suspended;
  const FunctionDecl *WithBody = Suspend;
  if (!WithBody->getBody())
    WithBody = Suspend->getTemplateInstantiationPattern();
  if (!WithBody || !WithBody->getBody() || WithBody->getNumParams() != 1)
    return StartKind::Suspended;
  return passesOn(WithBody->getBody(), WithBody->getParamDecl(0))
             ? StartKind::HandedOff
             : StartKind::Suspended;
}

/// A value-or-error type offers its value without awaiting.
static bool hasValueAccessor(const CXXRecordDecl &RD) {
  for (llvm::StringRef Name : {"value", "has_value", "hasValue", "value_or",
                               "has_error", "hasError", "error"})
    if (findMemberNamed(&RD, Name))
      return true;
  return false;
}

/// A handle to a result has a future-like accessor: `get()` without
/// arguments or `status()`.
static bool hasResultAccessor(const CXXRecordDecl &RD) {
  const FunctionDecl *Get = findMethodNamed(&RD, "get");
  if (Get && Get->getNumParams() == 0)
    return true;
  return findMethodNamed(&RD, "status") != nullptr;
}

static std::optional<bool> promiseStepSuspends(const CXXRecordDecl *Promise,
                                               llvm::StringRef Step,
                                               const ASTContext &Ctx) {
  const FunctionDecl *FD = findMethodNamed(Promise, Step);
  if (!FD)
    return std::nullopt;
  return awaiterSuspends(FD->getReturnType(), Ctx);
}

//===----------------------------------------------------------------------===//
// Promise types and awaitables
//===----------------------------------------------------------------------===//

static const CXXRecordDecl *recordOfTypeDecl(const NamedDecl *ND) {
  if (const auto *RD = dyn_cast_or_null<CXXRecordDecl>(ND))
    return RD;
  if (const auto *TD = dyn_cast_or_null<TypedefNameDecl>(ND)) {
    QualType Underlying = TD->getUnderlyingType();
    if (Underlying->isDependentType())
      return nullptr;
    return Underlying->getAsCXXRecordDecl();
  }
  return nullptr;
}

static bool isStdCoroutineTraits(const ClassTemplateDecl &CTD) {
  if (CTD.getName() != "coroutine_traits")
    return false;
  const DeclContext *DC = CTD.getDeclContext()->getEnclosingNamespaceContext();
  while (DC && DC->isInlineNamespace())
    DC = DC->getParent();
  const auto *NS = dyn_cast_or_null<NamespaceDecl>(DC);
  if (!NS || NS->getName() != "std")
    return false;
  // std::experimental::coroutine_traits lives one level deeper.
  return NS->getParent()->getRedeclContext()->isTranslationUnit();
}

static const ClassTemplateDecl *findStdCoroutineTraits(ASTContext &Ctx) {
  // Two hashed lookups, not a walk over the translation unit: this runs for
  // every class that has no promise_type member.
  for (const NamedDecl *Std :
       Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get("std"))) {
    const auto *NS = dyn_cast<NamespaceDecl>(Std);
    if (!NS)
      continue;
    for (const NamedDecl *ND : NS->lookup(&Ctx.Idents.get("coroutine_traits")))
      if (const auto *CTD = dyn_cast<ClassTemplateDecl>(ND))
        if (isStdCoroutineTraits(*CTD))
          return CTD;
  }
  return nullptr;
}

/// Whether canonical type \p T is \p RD itself or, when \p RD is a template
/// specialization, any specialization of the same template (what a partial
/// specialization or a function template parameter like `future<T>` names).
static bool namesRecordOrItsTemplate(QualType T, const CXXRecordDecl &RD,
                                     ASTContext &Ctx) {
  if (T == Ctx.getCanonicalTagType(&RD))
    return true;
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(&RD);
  const auto *TST = T->getAs<TemplateSpecializationType>();
  return Spec && TST &&
         TST->getTemplateName().getAsTemplateDecl() ==
             Spec->getSpecializedTemplate();
}

/// Promise from a `std::coroutine_traits<Task, Args...>` specialization.
static const CXXRecordDecl *promiseFromTraits(const CXXRecordDecl &Task,
                                              ASTContext &Ctx) {
  const ClassTemplateDecl *Traits = findStdCoroutineTraits(Ctx);
  if (!Traits)
    return nullptr;
  auto FirstArgNamesTask = [&](const TemplateArgumentList &Args) {
    if (Args.size() == 0 || Args[0].getKind() != TemplateArgument::Type)
      return false;
    return namesRecordOrItsTemplate(Args[0].getAsType().getCanonicalType(),
                                    Task, Ctx);
  };
  for (const ClassTemplateSpecializationDecl *Spec :
       const_cast<ClassTemplateDecl *>(Traits)->specializations()) {
    if (!FirstArgNamesTask(Spec->getTemplateArgs()))
      continue;
    if (const CXXRecordDecl *Promise =
            recordOfTypeDecl(findMemberNamed(Spec, "promise_type")))
      return Promise;
  }
  llvm::SmallVector<ClassTemplatePartialSpecializationDecl *, 4> Partials;
  const_cast<ClassTemplateDecl *>(Traits)->getPartialSpecializations(Partials);
  for (const ClassTemplatePartialSpecializationDecl *Partial : Partials) {
    if (!FirstArgNamesTask(Partial->getTemplateArgs()))
      continue;
    if (const CXXRecordDecl *Promise =
            recordOfTypeDecl(findMemberNamed(Partial, "promise_type")))
      return Promise;
  }
  return nullptr;
}

const CXXRecordDecl *findPromiseType(const CXXRecordDecl &Task,
                                     ASTContext &Ctx) {
  if (const NamedDecl *Member = findMemberNamed(&Task, "promise_type"))
    return recordOfTypeDecl(Member);
  return promiseFromTraits(Task, Ctx);
}

static bool hasFreeCoawait(const CXXRecordDecl &RD, ASTContext &Ctx) {
  DeclarationName OpName = Ctx.DeclarationNames.getCXXOperatorName(OO_Coawait);
  auto ParamNamesRecord = [&](const FunctionDecl &FD) {
    if (FD.getNumParams() != 1)
      return false;
    QualType Param = FD.getParamDecl(0)
                         ->getType()
                         .getNonReferenceType()
                         .getUnqualifiedType()
                         .getCanonicalType();
    return namesRecordOrItsTemplate(Param, RD, Ctx);
  };
  // Argument-dependent lookup finds it in the class's namespace; many
  // libraries also declare it globally.
  for (const DeclContext *DC :
       {RD.getEnclosingNamespaceContext(),
        static_cast<const DeclContext *>(Ctx.getTranslationUnitDecl())}) {
    for (const NamedDecl *ND : DC->lookup(OpName))
      if (const FunctionDecl *FD = asFunction(ND))
        if (ParamNamesRecord(*FD))
          return true;
  }
  return false;
}

bool isAwaitableRecord(const CXXRecordDecl &RD, ASTContext &Ctx) {
  if (hasMemberCoawait(&RD))
    return true;
  if (findMethodNamed(&RD, "await_ready") &&
      findMethodNamed(&RD, "await_suspend") &&
      findMethodNamed(&RD, "await_resume"))
    return true;
  return hasFreeCoawait(RD, Ctx);
}

//===----------------------------------------------------------------------===//
// Classification
//===----------------------------------------------------------------------===//

TaskTypeInfo TaskTypeClassifier::classify(QualType T, ASTContext &Ctx) {
  const CXXRecordDecl *RD = getCompleteRecord(T);
  if (!RD)
    return {};
  const Type *Key = Ctx.getCanonicalTagType(RD).getTypePtr();
  auto It = Cache.find(Key);
  if (It != Cache.end())
    return It->second;
  TaskTypeInfo Info = classifyRecord(*RD, Ctx);
  Cache[Key] = Info;
  return Info;
}

TaskTypeInfo TaskTypeClassifier::classifyRecord(const CXXRecordDecl &RD,
                                                ASTContext &Ctx) {
  TaskTypeInfo Info;
  Info.Record = &RD;
  if (Ignored.matches(RD))
    return Info;
  Info.IsAwaitable = isAwaitableRecord(RD, Ctx);
  if (const CXXRecordDecl *Promise = findPromiseType(RD, Ctx)) {
    StartKind Start = initialStart(Promise, Ctx);
    std::optional<bool> Final =
        promiseStepSuspends(Promise, "final_suspend", Ctx);
    // Runs to its end inside the call: a value-or-error, or a
    // fire-and-forget type when nothing can be read from it.
    if (Start == StartKind::Running && Final == false &&
        hasValueAccessor(RD))
      Info.Kind = TaskKind::SyncValue;
    else if (Start == StartKind::Running && Final == false &&
             !Info.IsAwaitable)
      Info.Kind = TaskKind::FireAndForget;
    else if (!Info.IsAwaitable && findMemberNamed(Promise, "yield_value"))
      Info.Kind = TaskKind::Generator;
    else if (Start == StartKind::Suspended)
      Info.Kind = TaskKind::LazyTask;
    else if (Start == StartKind::Running)
      Info.Kind = TaskKind::EagerTask;
    else if (Start == StartKind::HandedOff)
      Info.Kind = TaskKind::ScheduledTask;
    else
      Info.Kind = TaskKind::UnknownTask;
    return Info;
  }
  if (Info.IsAwaitable) {
    if (findMethodNamed(&RD, "detach"))
      Info.Kind = TaskKind::SpawnHandle;
    else if (hasResultAccessor(RD))
      Info.Kind = TaskKind::ResultHandle;
    else
      Info.Kind = TaskKind::Awaiter;
    return Info;
  }
  if (Checked.matches(RD))
    Info.Kind = TaskKind::UnknownTask;
  return Info;
}

//===----------------------------------------------------------------------===//
// Functions and descriptions
//===----------------------------------------------------------------------===//

const CoroutineBodyStmt *getCoroutineBody(const FunctionDecl &FD) {
  return dyn_cast_or_null<CoroutineBodyStmt>(FD.getBody());
}

bool promiseHasAwaitTransform(const CoroutineBodyStmt &Body) {
  const VarDecl *Promise = Body.getPromiseDecl();
  if (!Promise)
    return true; // Unknown: assume the promise restricts awaiting.
  const CXXRecordDecl *RD = Promise->getType()->getAsCXXRecordDecl();
  if (!RD)
    return true;
  return findMemberNamed(RD, "await_transform") != nullptr;
}

/// Strips the sugar that says how a type was computed rather than what it is
/// (`decltype(async_initiate<...>(...))`, `auto`, a substituted template
/// parameter), keeping aliases the user wrote such as `aio::task<>`.
static QualType stripComputedSugar(QualType T) {
  for (unsigned Step = 0; Step < 16; ++Step) {
    const Type *Ty = T.getTypePtr();
    // A member alias (`async_result<...>::return_type`) is machinery too;
    // namespace-scope aliases are names users chose and are kept.
    const auto *Alias = dyn_cast<TypedefType>(Ty);
    bool MemberAlias = Alias && Alias->getDecl()->getDeclContext()->isRecord();
    if (!MemberAlias &&
        !isa<DecltypeType, TypeOfExprType, TypeOfType, AutoType,
             DeducedTemplateSpecializationType, SubstTemplateTypeParmType>(Ty))
      return T;
    QualType Next = Ty->getLocallyUnqualifiedSingleStepDesugaredType();
    if (Next == QualType(Ty, 0))
      return T;
    T = QualType(Next.getTypePtr(),
                 T.getLocalFastQualifiers() | Next.getLocalFastQualifiers());
  }
  return T;
}

std::string describeType(QualType T, ASTContext &Ctx) {
  T = stripComputedSugar(T);
  PrintingPolicy Policy(Ctx.getLangOpts());
  Policy.SuppressTagKeyword = true;
  Policy.SuppressUnwrittenScope = true;
  Policy.SuppressInlineNamespace =
      llvm::to_underlying(PrintingPolicy::SuppressInlineNamespaceMode::All);
  return TypeName::getFullyQualifiedName(T.getUnqualifiedType(), Ctx, Policy,
                                         /*WithGlobalNsPrefix=*/false);
}

} // namespace clang::tidy::async
