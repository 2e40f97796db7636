//===--- BlockingCallCheck.cpp - async-tidy -------------------------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//

#include "BlockingCallCheck.h"
#include "OptionParsing.h"
#include "RuntimeLibrary.h"
#include "TaskTypes.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include <cstdlib>
#include <map>

using namespace clang::ast_matchers;

namespace clang::tidy::async {

namespace {

constexpr llvm::StringLiteral DefaultCategories =
    "sleep;sync-wait;io;net-client;async-twin";
/// What the `Categories` option accepts (an unknown word is reported).
const llvm::StringRef CategoryNames[] = {"sleep",      "sync-wait", "io",
                                         "net-client", "lock",      "async-twin"};

/// Visits the calls and constructions a body evaluates when it runs: not
/// those in nested lambdas or local classes (their code runs when somebody
/// calls them, typically on another thread), not unevaluated operands, not
/// discarded `if constexpr` branches, and not the implicit coroutine
/// machinery (promise calls, awaiter calls).
class BodyWalker {
public:
  /// Receives a CallExpr or CXXConstructExpr; Plain when it is a whole
  /// expression statement, Discarded when its value is dropped (Plain, or
  /// cast to `void`), InCatch inside a handler.
  using Callback = llvm::function_ref<void(const Expr &, bool Plain,
                                           bool Discarded, bool InCatch)>;
  BodyWalker(const ASTContext &Ctx, Callback OnCall)
      : Ctx(Ctx), OnCall(OnCall) {}

  /// Walks \p S, which is in statement position (a statement, or the
  /// value of an initializer or a `return`). \p Discards: the value of \p S
  /// is dropped (an expression statement).
  void walkStatement(const Stmt *S, bool InCatch, unsigned Depth = 0,
                     bool Discards = false) {
    if (const auto *E = dyn_cast_or_null<Expr>(S)) {
      const Expr *Inner = E->IgnoreImplicit();
      if (isa<CallExpr>(Inner)) {
        PlainCall = Inner;
        if (Discards)
          DiscardedCall = Inner;
      }
      if (const auto *Cast = dyn_cast<ExplicitCastExpr>(Inner))
        if (Discards && Cast->getType()->isVoidType() &&
            isa<CallExpr>(Cast->getSubExpr()->IgnoreImplicit()))
          DiscardedCall = Cast->getSubExpr()->IgnoreImplicit();
    }
    walk(S, InCatch, Depth);
  }

private:
  void walk(const Stmt *S, bool InCatch, unsigned Depth);

  const ASTContext &Ctx;
  Callback OnCall;
  const Expr *PlainCall = nullptr;
  const Expr *DiscardedCall = nullptr;
};

/// Whether \p E is a pointer variable initialised by `co_await`: what a
/// coroutine asks of its own context (`auto ex = co_await CurrentExecutor();`).
static bool isAwaitedPointer(const Expr *E) {
  const auto *Ref = E ? dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts())
                      : nullptr;
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->getType()->isPointerType() && Var->getInit() &&
         isa<CoawaitExpr>(Var->getInit()->IgnoreImplicit());
}

/// Which branch of an `if` on \p Cond runs when the coroutine has no
/// executor (a pointer it obtained with `co_await` is null): 1 for the
/// `then` branch, 2 for the `else` branch, 0 when \p Cond is not such a
/// test. Without an executor there is no event loop to stall: a runtime's
/// own `sleep` falls back to sleeping the thread there.
static unsigned branchWithoutExecutor(const Expr *Cond, const ASTContext &Ctx) {
  if (!Cond)
    return 0;
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *Not = dyn_cast<UnaryOperator>(Cond))
    return Not->getOpcode() == UO_LNot && isAwaitedPointer(Not->getSubExpr())
               ? 1
               : 0;
  if (const auto *Compare = dyn_cast<BinaryOperator>(Cond)) {
    if (!Compare->isEqualityOp() ||
        !Compare->getRHS()->isNullPointerConstant(
            const_cast<ASTContext &>(Ctx),
            Expr::NPC_ValueDependentIsNotNull) ||
        !isAwaitedPointer(Compare->getLHS()))
      return 0;
    return Compare->getOpcode() == BO_EQ ? 1 : 2;
  }
  return isAwaitedPointer(Cond) ? 2 : 0;
}

void BodyWalker::walk(const Stmt *S, bool InCatch, unsigned Depth) {
  // Nesting this deep is generated code; stay safe.
  if (!S || Depth > 512)
    return;
  ++Depth;
  if (const auto *E = dyn_cast<Expr>(S)) {
    if (E->containsErrors() || E->isValueDependent() || E->isTypeDependent())
      return;
    if (isa<CallExpr>(E) || isa<CXXConstructExpr>(E))
      OnCall(*E, E == PlainCall, E == DiscardedCall, InCatch);
  }

  // Code that is not run here.
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
    // Init-captures are evaluated where the lambda is created.
    for (const Expr *Init : Lambda->capture_inits())
      walk(Init, InCatch, Depth);
    return;
  }
  if (isa<BlockExpr>(S) || isa<UnaryExprOrTypeTraitExpr>(S) ||
      isa<CXXNoexceptExpr>(S) || isa<RequiresExpr>(S) ||
      isa<ConceptSpecializationExpr>(S))
    return;
  if (const auto *Typeid = dyn_cast<CXXTypeidExpr>(S)) {
    if (!Typeid->isPotentiallyEvaluated())
      return;
  }
  if (const auto *Generic = dyn_cast<GenericSelectionExpr>(S)) {
    if (!Generic->isResultDependent())
      walk(Generic->getResultExpr(), InCatch, Depth);
    return;
  }

  // Coroutine machinery: only what the user wrote.
  if (const auto *Body = dyn_cast<CoroutineBodyStmt>(S))
    return walkStatement(Body->getBody(), InCatch, Depth);
  if (const auto *Suspend = dyn_cast<CoroutineSuspendExpr>(S))
    return walk(Suspend->getOperand(), InCatch, Depth);
  if (const auto *Return = dyn_cast<CoreturnStmt>(S))
    return walk(Return->getOperand(), InCatch, Depth);

  if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
    walkStatement(Try->getTryBlock(), InCatch, Depth);
    for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
      walkStatement(Try->getHandler(I)->getHandlerBlock(), /*InCatch=*/true,
                    Depth);
    return;
  }
  if (const auto *If = dyn_cast<IfStmt>(S)) {
    walkStatement(If->getInit(), InCatch, Depth);
    walk(If->getConditionVariableDeclStmt(), InCatch, Depth);
    walk(If->getCond(), InCatch, Depth);
    if (If->isConsteval()) {
      // A coroutine is never constant-evaluated: only the runtime branch.
      walkStatement(If->isNegatedConsteval() ? If->getThen() : If->getElse(),
                    InCatch, Depth);
      return;
    }
    if (If->isConstexpr()) {
      if (std::optional<const Stmt *> Taken = If->getNondiscardedCase(Ctx))
        walkStatement(*Taken, InCatch, Depth);
      return;
    }
    const unsigned NoExecutor = branchWithoutExecutor(If->getCond(), Ctx);
    if (NoExecutor != 1)
      walkStatement(If->getThen(), InCatch, Depth, /*Discards=*/true);
    if (NoExecutor != 2)
      walkStatement(If->getElse(), InCatch, Depth, /*Discards=*/true);
    return;
  }

  const bool IsExpr = isa<Expr>(S);
  // Where an expression's value is dropped (not a condition, an initializer
  // or a returned value).
  const bool Discards = isa<CompoundStmt>(S) || isa<LabelStmt>(S) ||
                        isa<AttributedStmt>(S) || isa<SwitchCase>(S);
  for (const Stmt *Child : S->children()) {
    if (IsExpr)
      walk(Child, InCatch, Depth);
    else
      walkStatement(Child, InCatch, Depth, Discards);
  }
}

/// Whether \p E is a literal zero: `0`, `0.0`, `0ms`, `seconds(0)`,
/// `seconds{}`, `seconds::zero()`.
bool isZeroLiteral(const Expr *E, const ASTContext &Ctx, unsigned Depth = 0) {
  if (!E || Depth > 8)
    return false;
  E = E->IgnoreImplicit()->IgnoreParens();
  if (const auto *Int = dyn_cast<IntegerLiteral>(E))
    return Int->getValue().isZero();
  if (const auto *Float = dyn_cast<FloatingLiteral>(E))
    return Float->getValue().isZero();
  if (const auto *UDL = dyn_cast<UserDefinedLiteral>(E)) {
    switch (UDL->getLiteralOperatorKind()) {
    case UserDefinedLiteral::LOK_Integer:
    case UserDefinedLiteral::LOK_Floating:
      return isZeroLiteral(UDL->getCookedLiteral(), Ctx, Depth + 1);
    case UserDefinedLiteral::LOK_Template:
    case UserDefinedLiteral::LOK_Raw: {
      // `0ms` of the standard library is a literal operator template: read
      // the digits.
      llvm::StringRef Text = Lexer::getSourceText(
          CharSourceRange::getTokenRange(UDL->getSourceRange()),
          Ctx.getSourceManager(), Ctx.getLangOpts());
      const IdentifierInfo *Suffix = UDL->getUDSuffix();
      if (Text.empty() || !Suffix || !Text.consume_back(Suffix->getName()))
        return false;
      return !Text.empty() &&
             Text.find_first_not_of("0.'") == llvm::StringRef::npos;
    }
    default:
      return false;
    }
  }
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E))
    return isZeroLiteral(Cast->getSubExpr(), Ctx, Depth + 1);
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    if (Construct->getNumArgs() == 0)
      return true; // Value-initialised duration.
    if (Construct->getNumArgs() == 1)
      return isZeroLiteral(Construct->getArg(0), Ctx, Depth + 1);
    return false;
  }
  if (const auto *Init = dyn_cast<InitListExpr>(E)) {
    if (Init->getNumInits() == 0)
      return true;
    if (Init->getNumInits() == 1)
      return isZeroLiteral(Init->getInit(0), Ctx, Depth + 1);
    return false;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *FD = Call->getDirectCallee();
    return FD && FD->getDeclName().isIdentifier() && FD->getName() == "zero" &&
           Call->getNumArgs() == 0;
  }
  if (E->isValueDependent())
    return false;
  if (E->getType()->isIntegerType()) {
    Expr::EvalResult Value;
    if (E->EvaluateAsInt(Value, Ctx))
      return Value.Val.getInt().isZero();
    return false;
  }
  // A constant duration (`0ms` through a literal operator template): a
  // class whose only member is the zero count.
  if (E->getType()->isRecordType()) {
    Expr::EvalResult Value;
    if (!E->EvaluateAsRValue(Value, Ctx) || !Value.Val.isStruct() ||
        Value.Val.getStructNumBases() != 0 ||
        Value.Val.getStructNumFields() != 1)
      return false;
    const APValue &Count = Value.Val.getStructField(0);
    if (Count.isInt())
      return Count.getInt().isZero();
    if (Count.isFloat())
      return Count.getFloat().isZero();
  }
  return false;
}

/// The record of \p T, through references and pointers.
const CXXRecordDecl *recordOf(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType();
  if (const auto *Ptr = T->getAs<PointerType>())
    T = Ptr->getPointeeType();
  return T->getAsCXXRecordDecl();
}

/// The variable \p E names, if it is a plain reference to one.
const VarDecl *namedVariable(const Expr *E) {
  if (!E)
    return nullptr;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    return dyn_cast<VarDecl>(Ref->getDecl());
  return nullptr;
}

/// Whether \p Stream is `std::cin` or `std::wcin`.
bool isConsoleInput(const Expr *Stream) {
  if (const VarDecl *Var = namedVariable(Stream)) {
    std::string Name = normalisedName(*Var);
    return Name == "std::cin" || Name == "std::wcin";
  }
  return false;
}

/// Whether \p Construct opens a file stream on a literal path of a kernel
/// pseudo-file system (`/proc/self/status`, `/sys/...`): the kernel answers
/// from memory, there is no device to wait for.
bool opensPseudoFile(const CXXConstructExpr &Construct) {
  if (Construct.getNumArgs() == 0)
    return false;
  const auto *Literal =
      dyn_cast<StringLiteral>(Construct.getArg(0)->IgnoreParenImpCasts());
  if (!Literal || !Literal->isOrdinary())
    return false;
  llvm::StringRef Path = Literal->getString();
  return Path.starts_with("/proc/") || Path.starts_with("/sys/");
}

/// Whether \p Stream is an object of a file stream type that reads, and not
/// a variable opened on a pseudo-file.
bool isFileStream(const Expr *Stream) {
  const CXXRecordDecl *RD = recordOf(Stream->IgnoreImpCasts()->getType());
  if (!RD)
    return false;
  std::string Name = normalisedName(*RD);
  if (Name != "std::basic_ifstream" && Name != "std::basic_fstream")
    return false;
  const VarDecl *Var = namedVariable(Stream);
  const auto *Init =
      Var && Var->getInit()
          ? dyn_cast<CXXConstructExpr>(Var->getInit()->IgnoreImplicit())
          : nullptr;
  return !Init || !opensPseudoFile(*Init);
}

/// A stream whose reads block: the console or a file.
bool isBlockingStream(const Expr *Stream) {
  return isConsoleInput(Stream) || isFileStream(Stream);
}

/// How a read from \p Stream is described: "on 'std::cin'", "on a file
/// stream".
std::string streamDescription(const Expr *Stream) {
  if (const VarDecl *Var = namedVariable(Stream); Var && isConsoleInput(Stream))
    return "on '" + normalisedName(*Var) + "'";
  return "on a file stream";
}

/// \p E without `std::move`/`std::forward` around it.
const Expr *ignoreMoveAndForward(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 4; ++Depth) {
    E = E->IgnoreParenImpCasts();
    const auto *Call = dyn_cast<CallExpr>(E);
    const FunctionDecl *FD = Call ? Call->getDirectCallee() : nullptr;
    if (!FD || Call->getNumArgs() != 1 || !FD->isInStdNamespace() ||
        !FD->getDeclName().isIdentifier() ||
        (FD->getName() != "move" && FD->getName() != "forward"))
      return E;
    E = Call->getArg(0);
  }
  return E;
}

/// Whether \p E calls a function object received as a parameter whose type
/// is a template argument (`F f`, `F &&f`, `auto f`). The callable belongs to
/// whoever instantiated the template (a library's `co_return
/// callable(args...)`, an executor's submit bridge running a user's lambda
/// on a worker thread), so what it does is not the template's doing. A
/// callable stored in a member and called later is followed: whoever calls
/// that member runs it.
bool callsCallableOfTemplateArgument(const Expr &E) {
  const Expr *Object = nullptr;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&E)) {
    if (Op->getOperator() == OO_Call && Op->getNumArgs() >= 1)
      Object = Op->getArg(0);
  } else if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&E)) {
    const CXXMethodDecl *MD = Member->getMethodDecl();
    if (MD && MD->getOverloadedOperator() == OO_Call)
      Object = Member->getImplicitObjectArgument();
  }
  if (!Object)
    return false;
  Object = ignoreMoveAndForward(Object);
  const auto *Ref = dyn_cast<DeclRefExpr>(Object);
  const auto *Param = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
  if (!Param)
    return false;
  // The type as declared keeps the template-argument sugar.
  QualType Declared = Param->getType();
  return Declared.getNonReferenceType()->getAs<SubstTemplateTypeParmType>() !=
         nullptr;
}

/// Whether \p E is `std::launch::deferred`: the work runs only when the
/// future is waited on, so dropping the future does not wait.
bool isDeferredLaunch(const Expr *E) {
  const auto *Ref = E ? dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts())
                      : nullptr;
  const auto *Enumerator =
      Ref ? dyn_cast<EnumConstantDecl>(Ref->getDecl()) : nullptr;
  return Enumerator && Enumerator->getDeclName().isIdentifier() &&
         Enumerator->getName() == "deferred";
}

/// Calls \p Visit on each member of \p RD (and of its bases) named
/// \p Name, until it returns true.
bool anyMemberNamed(const CXXRecordDecl *RD, DeclarationName Name,
                    llvm::function_ref<bool(const NamedDecl &)> Visit,
                    unsigned Depth = 0) {
  if (!RD || Depth > 8)
    return false;
  RD = RD->getDefinition();
  if (!RD || RD->isInvalidDecl())
    return false;
  for (const NamedDecl *D : RD->lookup(Name))
    if (Visit(*D))
      return true;
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (anyMemberNamed(Base.getType()->getAsCXXRecordDecl(), Name, Visit,
                       Depth + 1))
      return true;
  return false;
}

/// Whether \p RD has a member function named \p Name.
bool hasMemberFunction(const CXXRecordDecl &RD, llvm::StringRef Name,
                       ASTContext &Ctx,
                       llvm::function_ref<bool(const FunctionDecl &)> Accept =
                           [](const FunctionDecl &) { return true; }) {
  auto Id = Ctx.Idents.find(Name);
  if (Id == Ctx.Idents.end())
    return false;
  return anyMemberNamed(&RD, DeclarationName(Id->getValue()),
                        [&](const NamedDecl &D) {
                          if (const auto *FD = dyn_cast<FunctionDecl>(&D))
                            return Accept(*FD);
                          if (const auto *FTD =
                                  dyn_cast<FunctionTemplateDecl>(&D))
                            return Accept(*FTD->getTemplatedDecl());
                          return false;
                        });
}

/// How a function is named in messages.
std::string functionName(const FunctionDecl &FD) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(&FD))
    if (MD->getParent()->isLambda())
      return "lambda";
  return FD.getQualifiedNameAsString();
}

std::string coroutineDescription(const FunctionDecl &FD) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(&FD))
    if (MD->getParent()->isLambda())
      return "a lambda coroutine";
  return "coroutine '" + FD.getQualifiedNameAsString() + "'";
}

/// Splits `name=text` at the first `=`, dropping a leading `::` of the name.
std::pair<llvm::StringRef, llvm::StringRef> splitEntry(llvm::StringRef Item) {
  auto [Name, Text] = Item.split('=');
  Name = Name.trim();
  Name.consume_front("::");
  return {Name, Text.trim()};
}

} // namespace

BlockingCallCheck::BlockingCallCheck(llvm::StringRef Name,
                                     ClangTidyContext *Context)
    : FunctionCheck(Name, Context),
      Categories(OptionReader(*this, Options)
                     .enumList("Categories", DefaultCategories, CategoryNames)),
      BlockingFunctions(Options.get("BlockingFunctions", "")),
      AllowedFunctions(
          OptionReader(*this, Options).nameList("AllowedFunctions")),
      Replacements(OptionReader(*this, Options).keyValueList("Replacements")),
      TransitiveDepth(
          OptionReader(*this, Options).count("TransitiveDepth", 3)) {
  buildTable();
  if (const char *Path = std::getenv("ASYNC_TIDY_SUMMARY_FILE"))
    SummaryPath = Path;
}

void BlockingCallCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "Categories", Categories);
  Options.store(Opts, "BlockingFunctions", BlockingFunctions);
  Options.store(Opts, "AllowedFunctions", AllowedFunctions);
  Options.store(Opts, "Replacements", Replacements);
  Options.store(Opts, "TransitiveDepth", TransitiveDepth);
}

void BlockingCallCheck::buildTable() {
  llvm::SmallSet<BlockingCategory, 8> Enabled;
  // Unknown words were reported and dropped when the option was read.
  for (llvm::StringRef Item : splitList(Categories))
    if (std::optional<BlockingCategory> C = parseCategory(Item))
      Enabled.insert(*C);
  Allowed = NameList(AllowedFunctions);
  for (const BlockingFunction &F : builtinBlockingFunctions()) {
    if (!Enabled.contains(F.Category) || Allowed.matches(F.Name))
      continue;
    Table[F.Name] = Entry{F.Category,       F.Kind,         "", "",
                          F.ZeroTimeoutArg, F.DescriptorIO, F.Hint};
  }
  if (Enabled.contains(BlockingCategory::SyncWait))
    FutureShape = Entry{BlockingCategory::SyncWait, BlockingKind::Call, "", "",
                        -1, false, BlockingHint::Future};
  if (Enabled.contains(BlockingCategory::AsyncTwin))
    AsyncTwin = Entry{BlockingCategory::AsyncTwin, BlockingKind::Call, "", "",
                      -1, false, BlockingHint::Default};
  llvm::StringSet<> UserSuggestion;
  for (llvm::StringRef Item : splitList(BlockingFunctions)) {
    auto [Name, Suggestion] = splitEntry(Item);
    if (Name.empty() || Allowed.matches(Name))
      continue;
    auto It = Table.find(Name);
    if (It == Table.end()) {
      Table[Name] = Entry{BlockingCategory::User, BlockingKind::Call,
                          Suggestion.str(), "", -1};
    } else if (!Suggestion.empty()) {
      It->second.Suggestion = Suggestion.str();
    }
    if (!Suggestion.empty())
      UserSuggestion.insert(Name);
  }
  for (llvm::StringRef Item : splitList(Replacements)) {
    auto [Name, Replacement] = splitEntry(Item);
    auto It = Table.find(Name);
    if (It == Table.end() || Replacement.empty())
      continue;
    It->second.Replacement = Replacement.str();
    if (!UserSuggestion.contains(Name))
      It->second.Suggestion = ("use '" + Replacement + "(...)' instead").str();
  }
}

void BlockingCallCheck::onStartOfTranslationUnit() {
  Summaries.clear();
  InProgress.clear();
  WouldBlockHandlers.clear();
  FutureLike.clear();
  Reported.clear();
  SummaryFunctions.clear();
  SummaryIndex.clear();
  SummaryCalls.clear();
  Summarised.clear();
  SummaryContext = nullptr;
  Mangler.reset();
  MangledFor = nullptr;
}

void BlockingCallCheck::endTranslationUnit() {
  if (SummaryPath.empty())
    return;
  std::error_code EC;
  llvm::raw_fd_ostream OS(SummaryPath, EC, llvm::sys::fs::OF_Text);
  if (!EC)
    OS << writeSummary();
}

std::optional<BlockingCallCheck::Hit>
BlockingCallCheck::classify(const Expr &E, ASTContext &Ctx,
                            const FunctionDecl &Caller, bool Discarded) {
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(&E)) {
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    if (!Ctor || Ctor->isCopyOrMoveConstructor() ||
        Construct->getNumArgs() == 0)
      return std::nullopt;
    std::string Name = normalisedName(*Ctor->getParent());
    auto It = Table.find(Name);
    if (It == Table.end())
      return std::nullopt;
    // `std::ifstream f(path)` opens the file.
    if (It->second.Kind == BlockingKind::FileStreamConstructor)
      return opensPseudoFile(*Construct)
                 ? std::nullopt
                 : std::optional(
                       Hit{&It->second, "constructing '" + Name + "'", Name});
    if (It->second.Kind != BlockingKind::LockConstructor)
      return std::nullopt;
    // `defer_lock`, `try_to_lock` and `adopt_lock` do not wait.
    for (const Expr *Arg : Construct->arguments()) {
      if (const CXXRecordDecl *Tag = recordOf(Arg->getType())) {
        std::string TagName = normalisedName(*Tag);
        if (TagName == "std::defer_lock_t" || TagName == "std::try_to_lock_t" ||
            TagName == "std::adopt_lock_t")
          return std::nullopt;
      }
    }
    return Hit{&It->second, "constructing '" + Name + "'", Name};
  }

  const auto *Call = dyn_cast<CallExpr>(&E);
  if (!Call)
    return std::nullopt;
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD)
    return std::nullopt;

  llvm::ArrayRef<const Expr *> Args(Call->getArgs(), Call->getNumArgs());
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call)) {
    if (Op->getOperator() == OO_GreaterGreater && Op->getNumArgs() == 2) {
      const Expr *Stream = Op->getArg(0);
      if (const VarDecl *Var = namedVariable(Stream)) {
        std::string Name = normalisedName(*Var);
        auto It = Table.find(Name);
        if (It != Table.end() &&
            It->second.Kind == BlockingKind::StreamExtraction)
          return Hit{&It->second, "'operator>>' on '" + Name + "'", Name};
      }
      // Only the first `>>` of a chain reads from the stream object itself.
      if (!isFileStream(Stream))
        return std::nullopt;
      llvm::StringLiteral Name = "std::basic_istream::operator>>";
      auto It = Table.find(Name);
      if (It == Table.end())
        return std::nullopt;
      return Hit{&It->second, "'operator>>' on a file stream", Name.str()};
    }
    if (Op->getOperator() == OO_Call && Op->getNumArgs() >= 1) {
      // A function object such as `stdexec::sync_wait` is named by the
      // variable, not by its call operator.
      if (const VarDecl *Object = namedVariable(Op->getArg(0))) {
        std::string Name = normalisedName(*Object);
        auto It = Table.find(Name);
        if (It != Table.end() && It->second.Kind == BlockingKind::Call)
          return Hit{&It->second, "'" + Name + "'", Name};
      }
    }
    if (isa<CXXMethodDecl>(FD))
      Args = Args.drop_front(); // The object.
  }

  llvm::SmallVector<std::string, 2> Candidates;
  Candidates.push_back(normalisedName(*FD));
  const Expr *ObjectExpr = nullptr;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    ObjectExpr = Member->getImplicitObjectArgument();
    // `std::future<int>::wait` is declared in a base class of libstdc++:
    // match the class the user calls it on too.
    const CXXRecordDecl *Object =
        ObjectExpr ? recordOf(ObjectExpr->IgnoreImpCasts()->getType())
                   : nullptr;
    if (Object && FD->getDeclName().isIdentifier()) {
      std::string ObjectName = normalisedName(*Object);
      if (!ObjectName.empty())
        Candidates.push_back(ObjectName + "::" + FD->getName().str());
    }
  }
  for (size_t I = 0; I < Candidates.size(); ++I) {
    const std::string &Name = Candidates[I];
    if (Name.empty())
      continue;
    auto It = Table.find(Name);
    if (It == Table.end())
      continue;
    const Entry &B = It->second;
    switch (B.Kind) {
    case BlockingKind::Call:
      break;
    case BlockingKind::CFunction:
      // `::read` of the C library, not a C++ function of the same name.
      if (I != 0 || !FD->isExternC())
        continue;
      if (B.DescriptorIO && handlesWouldBlock(Caller, Ctx))
        return std::nullopt;
      break;
    case BlockingKind::StreamGetline:
      if (Args.empty() || !isBlockingStream(Args.front()))
        return std::nullopt;
      break;
    case BlockingKind::StreamRead:
      if (!ObjectExpr || !isBlockingStream(ObjectExpr))
        return std::nullopt;
      return Hit{&B, "'" + Name + "' " + streamDescription(ObjectExpr), Name};
    case BlockingKind::DiscardedResult:
      // Only the destructor of a dropped result waits, and a deferred
      // launch has nothing to wait for.
      if (!Discarded || (!Args.empty() && isDeferredLaunch(Args.front())))
        return std::nullopt;
      return Hit{&B, "the discarded result of '" + Name + "'", Name};
    case BlockingKind::LockConstructor:
    case BlockingKind::StreamExtraction:
    case BlockingKind::FileStreamConstructor:
      continue;
    }
    if (B.ZeroTimeoutArg >= 0 &&
        static_cast<size_t>(B.ZeroTimeoutArg) < Args.size() &&
        isZeroLiteral(Args[B.ZeroTimeoutArg], Ctx))
      return std::nullopt;
    return Hit{&B, "'" + Name + "'", Name};
  }
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
    return classifyFutureWait(*Member, Ctx);
  return std::nullopt;
}

std::optional<BlockingCallCheck::Hit>
BlockingCallCheck::classifyFutureWait(const CXXMemberCallExpr &Call,
                                      ASTContext &Ctx) {
  if (!FutureShape || Call.getNumArgs() != 0)
    return std::nullopt;
  const CXXMethodDecl *MD = Call.getMethodDecl();
  if (!MD || !MD->getDeclName().isIdentifier() ||
      (MD->getName() != "get" && MD->getName() != "wait"))
    return std::nullopt;
  const Expr *ObjectExpr = Call.getImplicitObjectArgument();
  const CXXRecordDecl *Object =
      ObjectExpr ? getCompleteRecord(ObjectExpr->IgnoreImpCasts()
                                         ->getType()
                                         .getNonReferenceType())
                 : nullptr;
  if (ObjectExpr && !Object && ObjectExpr->getType()->isPointerType())
    Object = getCompleteRecord(ObjectExpr->getType()->getPointeeType());
  if (!Object || !isFutureLike(*Object, Ctx))
    return std::nullopt;
  std::string Name = normalisedName(*Object);
  if (Name.empty())
    return std::nullopt;
  Name += "::" + MD->getName().str();
  if (Allowed.matches(Name))
    return std::nullopt;
  return Hit{&*FutureShape, "'" + Name + "'", Name};
}

bool BlockingCallCheck::isFutureLike(const CXXRecordDecl &RD,
                                     ASTContext &Ctx) {
  auto [It, Inserted] = FutureLike.try_emplace(&RD, false);
  if (!Inserted)
    return It->second;
  // A future: `get()` with no arguments, a way to wait or chain, and no
  // awaiter protocol (an awaitable result is `co_await`ed, and a coroutine
  // type with a promise is a task or a value, not a handle to other work).
  auto NoArguments = [](const FunctionDecl &FD) {
    return FD.getMinRequiredArguments() == 0;
  };
  bool Result =
      hasMemberFunction(RD, "get", Ctx, NoArguments) &&
      (hasMemberFunction(RD, "wait", Ctx) ||
       hasMemberFunction(RD, "then", Ctx) ||
       hasMemberFunction(RD, "is_ready", Ctx) ||
       hasMemberFunction(RD, "isReady", Ctx)) &&
      !isAwaitableRecord(RD, Ctx) && !findPromiseType(RD, Ctx);
  FutureLike[&RD] = Result;
  return Result;
}

/// How \p Twin can be awaited in a coroutine whose task type is declared in
/// namespace \p TaskNamespace (outermost) of library \p Runtime.
enum class TwinStyle { None, Awaitable, CompletionToken };

static TwinStyle twinStyle(const NamedDecl &Twin, llvm::StringRef TaskNamespace,
                           bool PromiseRestrictsAwait,
                           const RuntimeLibrary *Runtime, ASTContext &Ctx) {
  const FunctionDecl *FD = dyn_cast<FunctionDecl>(&Twin);
  const auto *Template = dyn_cast<FunctionTemplateDecl>(&Twin);
  if (Template)
    FD = Template->getTemplatedDecl();
  if (!FD || FD->isInvalidDecl())
    return TwinStyle::None;
  QualType Ret = FD->getReturnType();
  if (!Ret->isDependentType() && !Ret->isUndeducedType()) {
    // Returns a task or an awaitable. A promise with `await_transform` may
    // accept only its own library's awaitables: then the twin must be of the
    // coroutine's library.
    const CXXRecordDecl *RD = getCompleteRecord(Ret);
    if (!RD || (!isAwaitableRecord(*RD, Ctx) && !findPromiseType(*RD, Ctx)))
      return TwinStyle::None;
    if (PromiseRestrictsAwait && outermostNamespace(*RD) != TaskNamespace)
      return TwinStyle::None;
    return TwinStyle::Awaitable;
  }
  // Asio's convention: a function template whose last parameter is the
  // completion token (`ReadToken &&token`). It is awaitable only with the
  // token of the coroutine's own library, so the class must belong to it.
  if (!Template || FD->getNumParams() == 0 || !Runtime ||
      Runtime->CompletionToken.empty())
    return TwinStyle::None;
  QualType Token = FD->getParamDecl(FD->getNumParams() - 1)->getType();
  if (const auto *Ref = Token->getAs<RValueReferenceType>())
    Token = Ref->getPointeeType();
  if (!isa<TemplateTypeParmType>(Token.getCanonicalType()))
    return TwinStyle::None;
  const auto *Class = dyn_cast<CXXRecordDecl>(FD->getDeclContext());
  if (!Class || outermostNamespace(*Class) != TaskNamespace)
    return TwinStyle::None;
  return TwinStyle::CompletionToken;
}

std::optional<BlockingCallCheck::Hit> BlockingCallCheck::classifyAsyncTwin(
    const Expr &E, const FunctionDecl &Coroutine, const CoroutineBodyStmt &Body,
    const RuntimeLibrary *Runtime, ASTContext &Ctx) {
  if (!AsyncTwin)
    return std::nullopt;
  const auto *Call = dyn_cast<CXXMemberCallExpr>(&E);
  const CXXMethodDecl *MD = Call ? Call->getMethodDecl() : nullptr;
  if (!MD || !MD->getDeclName().isIdentifier() || MD->isStatic())
    return std::nullopt;
  llvm::StringRef Sync = MD->getName();
  if (Sync.empty() || Sync.starts_with("async_") || Sync.starts_with("co_") ||
      Sync.ends_with("_async"))
    return std::nullopt;
  // What returns a task or an awaitable is not the synchronous one.
  if (const CXXRecordDecl *Ret = getCompleteRecord(MD->getReturnType()))
    if (isAwaitableRecord(*Ret, Ctx) || findPromiseType(*Ret, Ctx))
      return std::nullopt;
  const Expr *ObjectExpr = Call->getImplicitObjectArgument();
  const CXXRecordDecl *Class =
      ObjectExpr ? recordOf(ObjectExpr->IgnoreImpCasts()->getType()) : nullptr;
  if (!Class)
    Class = MD->getParent();
  if (!Class || Class->isLambda())
    return std::nullopt;
  // A class's own coroutines build its asynchronous operations from its
  // synchronous members (on handles they keep non-blocking).
  if (const auto *CoroMethod = dyn_cast<CXXMethodDecl>(&Coroutine))
    if (CoroMethod->getParent()->getCanonicalDecl() ==
            Class->getCanonicalDecl() ||
        CoroMethod->getParent()->getCanonicalDecl() ==
            MD->getParent()->getCanonicalDecl())
      return std::nullopt;
  const CXXRecordDecl *Task = Coroutine.getReturnType()->getAsCXXRecordDecl();
  llvm::StringRef TaskNamespace = Task ? outermostNamespace(*Task) : "";
  const bool Restricted = promiseHasAwaitTransform(Body);

  const std::string TwinNames[] = {("async_" + Sync).str(),
                                   (Sync + "_async").str(),
                                   ("co_" + Sync).str()};
  for (const std::string &TwinName : TwinNames) {
    auto Id = Ctx.Idents.find(TwinName);
    if (Id == Ctx.Idents.end())
      continue;
    TwinStyle Style = TwinStyle::None;
    anyMemberNamed(Class, DeclarationName(Id->getValue()),
                   [&](const NamedDecl &Twin) {
                     Style = twinStyle(Twin, TaskNamespace, Restricted,
                                       Runtime, Ctx);
                     return Style != TwinStyle::None;
                   });
    if (Style == TwinStyle::None)
      continue;
    std::string Name = normalisedName(*MD);
    if (Name.empty() || Allowed.matches(Name))
      return std::nullopt;
    std::string Suggestion =
        "'co_await' its asynchronous twin '" + TwinName + "' instead";
    if (Style == TwinStyle::CompletionToken)
      Suggestion += (" with '" + Runtime->CompletionToken +
                     "' as its completion token")
                        .str();
    return Hit{&*AsyncTwin, "'" + Name + "'", Name, Suggestion};
  }
  return std::nullopt;
}

/// The function a call or a construction runs, if known.
static const FunctionDecl *calleeOf(const Expr &E) {
  if (const auto *Call = dyn_cast<CallExpr>(&E))
    return Call->getDirectCallee();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(&E))
    return Construct->getConstructor();
  return nullptr;
}

const FunctionDecl *
BlockingCallCheck::followableCallee(const Expr &E,
                                    const SourceManager &SM) const {
  // A callable received from the template's user runs the user's code,
  // often on another thread by design (see the helper).
  if (callsCallableOfTemplateArgument(E))
    return nullptr;
  const FunctionDecl *FD = calleeOf(E);
  const FunctionDecl *Def = nullptr;
  if (!FD || !FD->hasBody(Def) || !Def)
    return nullptr;
  if (Def->isInvalidDecl() || Def->isDependentContext() ||
      getCoroutineBody(*Def))
    return nullptr;
  // A virtual call may run any override.
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Def))
    if (MD->isVirtual() && !MD->hasAttr<FinalAttr>() &&
        !MD->getParent()->hasAttr<FinalAttr>())
      return nullptr;
  // The standard library's blocking points are in the catalogue; its
  // internals are not the user's to change.
  if (SM.isInSystemHeader(Def->getLocation()))
    return nullptr;
  return Def;
}

/// The calls and constructions a function evaluates when it runs (its
/// written member initialisers and its body, not nested lambdas), in order,
/// and which of them discard their value.
struct EvaluatedCalls {
  llvm::SmallVector<const Expr *, 16> Calls;
  llvm::SmallPtrSet<const Expr *, 4> Discarded;
};

static EvaluatedCalls collectEvaluatedCalls(const FunctionDecl &FD,
                                            ASTContext &Ctx) {
  EvaluatedCalls Result;
  auto Collect = [&](const Expr &E, bool, bool Discarded, bool) {
    Result.Calls.push_back(&E);
    if (Discarded)
      Result.Discarded.insert(&E);
  };
  BodyWalker Walker(Ctx, Collect);
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(&FD))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isWritten())
        Walker.walkStatement(Init->getInit(), /*InCatch=*/false);
  Walker.walkStatement(FD.getBody(), /*InCatch=*/false);
  return Result;
}

std::optional<BlockingCallCheck::Chain>
BlockingCallCheck::findBlocking(const FunctionDecl &FD, unsigned Depth,
                                ASTContext &Ctx, bool &Incomplete) {
  if (Depth == 0)
    return std::nullopt;
  auto Key = std::make_pair(&FD, Depth);
  if (auto It = Summaries.find(Key); It != Summaries.end())
    return It->second;
  // Recursion: the cycle adds nothing that the outer walk does not see.
  if (!InProgress.insert(&FD).second) {
    Incomplete = true;
    return std::nullopt;
  }

  const EvaluatedCalls Evaluated = collectEvaluatedCalls(FD, Ctx);
  const auto &Calls = Evaluated.Calls;
  const auto &DiscardedCalls = Evaluated.Discarded;

  std::optional<Chain> Found;
  // A blocking call in this body is the shortest explanation.
  for (const Expr *E : Calls) {
    if (std::optional<Hit> H =
            classify(*E, Ctx, FD, DiscardedCalls.contains(E))) {
      Found = Chain{*H, {{E, nullptr}}};
      break;
    }
  }
  bool LocalIncomplete = false;
  if (!Found && Depth > 1) {
    const SourceManager &SM = Ctx.getSourceManager();
    for (const Expr *E : Calls) {
      const FunctionDecl *Callee = followableCallee(*E, SM);
      if (!Callee)
        continue;
      if (std::optional<Chain> Inner =
              findBlocking(*Callee, Depth - 1, Ctx, LocalIncomplete)) {
        Found = Chain{Inner->Leaf, {{E, Callee}}};
        Found->Steps.append(Inner->Steps.begin(), Inner->Steps.end());
        break;
      }
    }
  }
  InProgress.erase(&FD);
  // An answer cut short by a cycle may differ from another entry point.
  if (Found || !LocalIncomplete)
    Summaries[Key] = Found;
  else
    Incomplete = true;
  return Found;
}

/// Whether \p Loc is spelled through one of the errno macros that signal a
/// non-blocking descriptor.
static bool isWouldBlockMacro(SourceLocation Loc, const SourceManager &SM,
                              const LangOptions &LangOpts) {
  for (unsigned Depth = 0; Loc.isMacroID() && Depth < 8; ++Depth) {
    llvm::StringRef Name = Lexer::getImmediateMacroName(Loc, SM, LangOpts);
    if (Name == "EAGAIN" || Name == "EWOULDBLOCK" || Name == "EINPROGRESS")
      return true;
    Loc = SM.getImmediateMacroCallerLoc(Loc);
  }
  return false;
}

bool BlockingCallCheck::handlesWouldBlock(const FunctionDecl &FD,
                                          ASTContext &Ctx) {
  auto [It, Inserted] = WouldBlockHandlers.try_emplace(&FD, false);
  if (!Inserted)
    return It->second;
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::SmallVector<const Stmt *, 64> Work{FD.getBody()};
  bool Found = false;
  while (!Work.empty() && !Found) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (isa<IntegerLiteral>(S) &&
        isWouldBlockMacro(S->getBeginLoc(), SM, Ctx.getLangOpts()))
      Found = true;
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
  WouldBlockHandlers[&FD] = Found;
  return Found;
}

/// Whether descriptor I/O in \p Helper, reached from \p Coroutine, is on
/// descriptors the coroutine's code keeps non-blocking: the coroutine handles
/// `EAGAIN`, or both are members of one class (an asynchronous socket
/// wrapper whose coroutines await readiness and whose plain members do the
/// system calls).
static bool ownsDescriptors(const FunctionDecl &Coroutine,
                            const FunctionDecl &Helper,
                            bool CoroutineHandlesWouldBlock) {
  if (CoroutineHandlesWouldBlock)
    return true;
  const auto *CoroMethod = dyn_cast<CXXMethodDecl>(&Coroutine);
  const auto *HelperMethod = dyn_cast<CXXMethodDecl>(&Helper);
  return CoroMethod && HelperMethod && !CoroMethod->getParent()->isLambda() &&
         CoroMethod->getParent()->getCanonicalDecl() ==
             HelperMethod->getParent()->getCanonicalDecl();
}

void BlockingCallCheck::checkFunction(const FunctionDecl &Function,
                                      ASTContext &Ctx) {
  const FunctionDecl *FD = &Function;
  if (FD->isInvalidDecl() || FD->isDependentContext())
    return;
  const CoroutineBodyStmt *Body = getCoroutineBody(*FD);
  if (!Body) {
    if (!SummaryPath.empty())
      summarise(*FD, Ctx);
    return;
  }
  const SourceManager &SM = Ctx.getSourceManager();
  // Suggestions name the runtime of this coroutine's task type.
  const RuntimeLibrary *Runtime = runtimeLibraryOfCoroutine(*FD);
  auto OnCall = [&](const Expr &E, bool Plain, bool Discarded, bool InCatch) {
    if (std::optional<Hit> H = classify(E, Ctx, *FD, Discarded)) {
      diagnose(E, *H, nullptr, *FD, Plain, InCatch, Runtime, SM);
      return;
    }
    if (std::optional<Hit> H = classifyAsyncTwin(E, *FD, *Body, Runtime, Ctx)) {
      diagnose(E, *H, nullptr, *FD, Plain, InCatch, Runtime, SM);
      return;
    }
    if (TransitiveDepth == 0)
      return;
    const FunctionDecl *Callee = followableCallee(E, SM);
    if (!Callee) {
      // Defined in another translation unit, perhaps: project mode joins.
      if (!SummaryPath.empty())
        if (const FunctionDecl *External = summaryCallee(E, SM))
          summariseCoroutineCall(E, *External, *FD, Runtime,
                                 handlesWouldBlock(*FD, Ctx), Ctx);
      return;
    }
    bool Incomplete = false;
    std::optional<Chain> Via =
        findBlocking(*Callee, TransitiveDepth, Ctx, Incomplete);
    if (!Via) {
      // Its chain may leave this translation unit.
      if (!SummaryPath.empty())
        summariseCoroutineCall(E, *Callee, *FD, Runtime,
                               handlesWouldBlock(*FD, Ctx), Ctx);
      return;
    }
    if (Via->Leaf.Blocking->DescriptorIO &&
        ownsDescriptors(*FD,
                        Via->Steps.size() > 1
                            ? *Via->Steps[Via->Steps.size() - 2].second
                            : *Callee,
                        handlesWouldBlock(*FD, Ctx)))
      return;
    diagnose(E, Via->Leaf, &*Via, *FD, Plain, InCatch, Runtime, SM);
  };
  // The walker refers to the callback: keep it alive in a variable.
  BodyWalker Walker(Ctx, OnCall);
  Walker.walkStatement(Body, /*InCatch=*/false);
}

void BlockingCallCheck::diagnose(const Expr &Call, const Hit &H,
                                 const Chain *Via,
                                 const FunctionDecl &Coroutine, bool Plain,
                                 bool InCatch, const RuntimeLibrary *Runtime,
                                 const SourceManager &SM) {
  SourceLocation Loc = Call.getExprLoc();
  if (Loc.isInvalid())
    return;
  // The expansion of a system macro is not the user's code.
  if (Loc.isMacroID() && SM.isInSystemHeader(SM.getSpellingLoc(Loc)))
    return;
  if (!Reported.insert(Loc).second)
    return;

  const Entry &B = *H.Blocking;
  const unsigned Deadlock = B.Category == BlockingCategory::SyncWait;
  const std::string Suggestion =
      !H.Suggestion.empty()   ? H.Suggestion
      : !B.Suggestion.empty() ? B.Suggestion
                              : blockingSuggestion(B.Hint, Runtime);
  const std::string Where = coroutineDescription(Coroutine);

  if (!Via) {
    auto Diag =
        diag(Loc, "%0 in %1 %select{blocks the thread and stalls its event "
                  "loop|waits for other work to finish and can deadlock its "
                  "event loop}2 (%3); %4")
        << H.Description << Where << Deadlock << categoryName(B.Category)
        << Suggestion;
    if (B.Replacement.empty() || !Plain || InCatch)
      return;
    // Only a plain call spelled outside macros is certainly replaceable.
    const auto *PlainCall = dyn_cast<CallExpr>(&Call);
    if (!PlainCall || isa<CXXMemberCallExpr>(PlainCall) ||
        isa<CXXOperatorCallExpr>(PlainCall))
      return;
    const auto *Callee =
        dyn_cast<DeclRefExpr>(PlainCall->getCallee()->IgnoreImpCasts());
    if (!Callee || Callee->getBeginLoc().isMacroID() ||
        PlainCall->getEndLoc().isMacroID() ||
        PlainCall->getBeginLoc().isMacroID())
      return;
    Diag << FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(Callee->getSourceRange()),
        B.Replacement);
    return;
  }

  const FunctionDecl *First = followableCallee(Call, SM);
  diag(Loc, "'%0' in %1 calls %2, which %select{blocks the thread and stalls "
            "its event loop|waits for other work to finish and can deadlock "
            "its event loop}3 (%4); %5")
      << (First ? functionName(*First) : std::string("this function")) << Where
      << H.Description << Deadlock << categoryName(B.Category) << Suggestion;
  const FunctionDecl *In = First;
  for (const auto &[StepCall, Next] : Via->Steps) {
    std::string Callee = Next ? "'" + functionName(*Next) + "'" : H.Description;
    diag(StepCall->getExprLoc(), "'%0' calls %1 here", DiagnosticIDs::Note)
        << (In ? functionName(*In) : std::string("function")) << Callee;
    In = Next;
  }
}

// Cross-TU summaries ---------------------------------------------------------
//
// One record a line, fields separated by tabs (tool/project/MergeBlocking.cpp
// reads them). Three tables (P; N and L together; C), whose entries later
// lines refer to by number, in order from 0:
//   P <path>                                    a file
//   N <key> <name>                              a function
//   L <key> <name>                              a function no other unit can
//                                               name (internal linkage)
//   C <description> <runtime> <class> <fd-safe> <depth>   a coroutine
// the suggestions of each runtime a coroutine uses:
//   R <runtime> <suggestion for each BlockingHint, in order>
// and the records:
//   F <function> <class>                        a function defined here
//   B <description> <deadlock> <category> <suggestion> <hint> <fd-io>
//     <file> <offset>                           its first blocking call
//   E <function> <file> <offset>                a call it makes
//   X <coroutine> <function> <file> <offset>    a call from a coroutine
//
// A summary travels in every cache entry and shard report, so it holds only
// what the join can need (writeSummary), and names each file and function
// once.

namespace {

/// A field of a summary record: tabs and newlines would split it.
std::string field(llvm::StringRef S) {
  std::string Out = S.str();
  for (char &C : Out)
    if (C == '\t' || C == '\n' || C == '\r')
      C = ' ';
  return Out;
}

/// The absolute path of the file \p Loc is in, as a diagnostic would name it;
/// empty when there is none.
std::string summaryPath(SourceLocation Loc, const SourceManager &SM) {
  OptionalFileEntryRef File = SM.getFileEntryRefForID(SM.getFileID(Loc));
  if (!File)
    return "";
  llvm::SmallString<256> Path(File->getName());
  SM.getFileManager().makeAbsolutePath(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return field(Path);
}

std::string className(const FunctionDecl &FD) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(&FD))
    if (!MD->getParent()->isLambda())
      return MD->getParent()->getQualifiedNameAsString();
  return "";
}

/// Whether a unit that does not define \p FD can call it. One that calls an
/// inline function or an implicit template instantiation must define it
/// too (the one-definition rule), and its own summary covers it.
bool callableFromOtherUnits(const FunctionDecl &FD, ASTContext &Ctx) {
  if (FD.isMain())
    return false;
  GVALinkage Linkage = Ctx.GetGVALinkageForFunction(&FD);
  return Linkage != GVA_Internal && Linkage != GVA_DiscardableODR;
}

/// Where a recorded call leads when not to a recorded function: to one only
/// declared in this unit, or to one defined here that needs no record.
constexpr unsigned Open = ~0u, Dead = ~0u - 1;

/// What the summary needs to know of the recorded functions' call graph.
struct SummaryReach {
  /// Whether a blocking call or an open function can be reached.
  std::vector<char> Live;
  /// The fewest calls to an open function (1: it calls one), or ~0u.
  std::vector<unsigned> ToOpen;
};

/// \p Blocks: whether each function blocks; \p Targets: where each call of
/// each leads (a function's index, Open or Dead); \p Callers: the inverse.
SummaryReach
summaryReach(llvm::ArrayRef<char> Blocks,
             llvm::ArrayRef<llvm::SmallVector<unsigned, 4>> Targets,
             llvm::ArrayRef<llvm::SmallVector<unsigned, 4>> Callers) {
  constexpr unsigned Far = ~0u;
  const size_t Count = Blocks.size();
  SummaryReach R{std::vector<char>(Count), std::vector<unsigned>(Count, Far)};
  // Breadth first from the functions that call an open one: distances.
  std::vector<unsigned> Queue;
  for (unsigned I = 0; I < Count; ++I)
    if (llvm::is_contained(Targets[I], Open)) {
      R.ToOpen[I] = 1;
      Queue.push_back(I);
    }
  for (size_t Next = 0; Next < Queue.size(); ++Next)
    for (unsigned Caller : Callers[Queue[Next]])
      if (R.ToOpen[Caller] == Far) {
        R.ToOpen[Caller] = R.ToOpen[Queue[Next]] + 1;
        Queue.push_back(Caller);
      }
  // Liveness flows from those and from the blocking ones to their callers.
  llvm::SmallVector<unsigned, 64> Work;
  for (unsigned I = 0; I < Count; ++I)
    if (Blocks[I] || R.ToOpen[I] != Far) {
      R.Live[I] = true;
      Work.push_back(I);
    }
  while (!Work.empty())
    for (unsigned Caller : Callers[Work.pop_back_val()])
      if (!R.Live[Caller]) {
        R.Live[Caller] = true;
        Work.push_back(Caller);
      }
  return R;
}

/// The numbered entries of one summary table.
template <typename KeyT> class SummaryTable {
public:
  /// The number of \p Key, appending \p Line (built on demand) to
  /// \p Out when it is new.
  unsigned number(const KeyT &Key, std::string &Out,
                  llvm::function_ref<std::string()> Line) {
    auto [It, Inserted] = Numbers.try_emplace(Key, Numbers.size());
    if (Inserted)
      Out += Line();
    return It->second;
  }

private:
  std::map<KeyT, unsigned> Numbers;
};

} // namespace

std::string BlockingCallCheck::summaryKey(const FunctionDecl &FD) {
  if (!Mangler || MangledFor != SummaryContext) {
    Mangler = std::make_unique<ASTNameGenerator>(*SummaryContext);
    MangledFor = SummaryContext;
  }
  std::string Mangled = Mangler->getName(&FD);
  // The mangled name of a template instantiation can run to kilobytes; the
  // join only compares keys, so a long one is replaced by its hash (64 bits:
  // a collision among a project's functions is not to be expected).
  constexpr size_t LongKey = 40;
  if (Mangled.size() <= LongKey)
    return field(Mangled);
  return "#" + llvm::utohexstr(llvm::xxh3_64bits(Mangled), /*LowerCase=*/true);
}

const FunctionDecl *
BlockingCallCheck::summaryCallee(const Expr &E, const SourceManager &SM) const {
  if (const FunctionDecl *Def = followableCallee(E, SM))
    return Def;
  if (callsCallableOfTemplateArgument(E))
    return nullptr;
  const FunctionDecl *FD = calleeOf(E);
  // Only a function with no body here can be defined elsewhere; not a
  // trivial special member (implicit or defaulted: it has nothing to run).
  if (!FD || FD->hasBody() || FD->isInvalidDecl() || FD->isDependentContext() ||
      FD->isDeleted() || FD->getBuiltinID() ||
      SM.isInSystemHeader(FD->getLocation()))
    return nullptr;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD)) {
    if (!MD->isUserProvided())
      return nullptr;
    if (MD->isVirtual() && !MD->hasAttr<FinalAttr>() &&
        !MD->getParent()->hasAttr<FinalAttr>())
      return nullptr;
  }
  return FD;
}

void BlockingCallCheck::summarise(const FunctionDecl &FD, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (FD.isInvalidDecl() || FD.isDependentContext() || !FD.getBody() ||
      SM.isInSystemHeader(FD.getLocation()) ||
      !Summarised.insert(FD.getCanonicalDecl()).second)
    return;
  SummaryContext = &Ctx;
  const EvaluatedCalls Evaluated = collectEvaluatedCalls(FD, Ctx);
  SummaryFunction S;
  S.Definition = &FD;
  for (const Expr *E : Evaluated.Calls) {
    std::optional<Hit> H =
        classify(*E, Ctx, FD, Evaluated.Discarded.contains(E));
    if (!H)
      continue;
    const Entry &B = *H->Blocking;
    const std::string Suggestion =
        !H->Suggestion.empty() ? H->Suggestion : B.Suggestion;
    S.Blocks = field(H->Description) + "\t" +
               (B.Category == BlockingCategory::SyncWait ? "1" : "0") + "\t" +
               field(categoryName(B.Category)) + "\t" + field(Suggestion) +
               "\t" + std::to_string(static_cast<int>(B.Hint)) + "\t" +
               (B.DescriptorIO ? "1" : "0");
    S.BlocksAt = E->getExprLoc();
    break;
  }
  // A function that blocks is a leaf: the join stops there, as findBlocking.
  // A second call to the same function finds what the first one finds.
  if (S.Blocks.empty()) {
    llvm::SmallPtrSet<const FunctionDecl *, 8> Seen;
    for (const Expr *E : Evaluated.Calls)
      if (const FunctionDecl *Callee = summaryCallee(*E, SM))
        if (Seen.insert(Callee->getCanonicalDecl()).second)
          S.Calls.push_back({Callee, E->getExprLoc()});
  }
  if (S.Blocks.empty() && S.Calls.empty())
    return;
  SummaryIndex[FD.getCanonicalDecl()] = SummaryFunctions.size();
  SummaryFunctions.push_back(std::move(S));
}

void BlockingCallCheck::summariseCoroutineCall(
    const Expr &E, const FunctionDecl &Callee, const FunctionDecl &Coroutine,
    const RuntimeLibrary *Runtime, bool NonBlockingFds, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Loc = E.getExprLoc();
  if (Loc.isInvalid() ||
      (Loc.isMacroID() && SM.isInSystemHeader(SM.getSpellingLoc(Loc))))
    return;
  SummaryContext = &Ctx;
  SummaryCalls.push_back({&Coroutine, Runtime, NonBlockingFds, &Callee, Loc});
}

// The join needs three things of a unit, and the summary holds nothing else:
// - a call from a coroutine, when a function that is only declared here
//   ("open": its definition is in another unit, perhaps) is within
//   TransitiveDepth calls of it; otherwise this unit's own analysis, which
//   found nothing, is the whole answer;
// - a function, when a blocking call or an open function can be reached
//   from it ("live"), and a recorded coroutine call or another unit can
//   reach it (callableFromOtherUnits); a function in a system header is
//   never followed, so never recorded;
// - a call such a function makes, to an open or a live function: calls to
//   other functions lead nowhere in any unit.
std::string BlockingCallCheck::writeSummary() {
  if (!SummaryContext)
    return "";
  ASTContext &Ctx = *SummaryContext;
  const SourceManager &SM = Ctx.getSourceManager();

  // Definitions that recorded calls reach but that were not matched on
  // their own (summarise appends: walk by index).
  auto SummariseDefinition = [&](const FunctionDecl *Callee) {
    const FunctionDecl *Def = nullptr;
    if (Callee->hasBody(Def) && Def &&
        !Summarised.contains(Def->getCanonicalDecl()))
      summarise(*Def, Ctx);
  };
  for (const SummaryCall &X : SummaryCalls)
    SummariseDefinition(X.Callee);
  for (size_t I = 0; I < SummaryFunctions.size(); ++I)
    for (size_t J = 0; J < SummaryFunctions[I].Calls.size(); ++J)
      SummariseDefinition(SummaryFunctions[I].Calls[J].first);

  // Where each call leads: a recorded function, Open or Dead.
  const unsigned Count = SummaryFunctions.size();
  auto target = [&](const FunctionDecl *Callee) {
    const FunctionDecl *Canonical = Callee->getCanonicalDecl();
    if (auto It = SummaryIndex.find(Canonical); It != SummaryIndex.end())
      return It->second;
    return Summarised.contains(Canonical) ? Dead : Open;
  };
  std::vector<llvm::SmallVector<unsigned, 4>> Targets(Count), Callers(Count);
  for (unsigned I = 0; I < Count; ++I)
    for (const auto &[Callee, At] : SummaryFunctions[I].Calls) {
      unsigned T = target(Callee);
      Targets[I].push_back(T);
      if (T < Count)
        Callers[T].push_back(I);
    }

  std::vector<char> Blocks(Count);
  for (unsigned I = 0; I < Count; ++I)
    Blocks[I] = !SummaryFunctions[I].Blocks.empty();
  const SummaryReach Reach = summaryReach(Blocks, Targets, Callers);
  const std::vector<char> &Live = Reach.Live;
  const std::vector<unsigned> &ToOpen = Reach.ToOpen;
  llvm::SmallVector<unsigned, 64> Work;

  // The coroutine calls whose chain may leave this unit.
  std::vector<const SummaryCall *> Calls;
  for (const SummaryCall &X : SummaryCalls) {
    unsigned T = target(X.Callee);
    if (T == Open || (T < Count && ToOpen[T] < TransitiveDepth))
      Calls.push_back(&X);
  }

  // The functions to record: live ones the recorded calls or other units
  // can reach.
  std::vector<char> Keep(Count);
  auto keep = [&](unsigned I) {
    if (I < Count && Live[I] && !Keep[I]) {
      Keep[I] = true;
      Work.push_back(I);
    }
  };
  for (const SummaryCall *X : Calls)
    keep(target(X->Callee));
  for (unsigned I = 0; I < Count; ++I)
    if (callableFromOtherUnits(*SummaryFunctions[I].Definition, Ctx))
      keep(I);
  while (!Work.empty())
    for (unsigned T : Targets[Work.pop_back_val()])
      keep(T);

  // Write the tables as the records need their entries.
  std::string Tables, Records;
  SummaryTable<std::string> Files, Coroutines;
  SummaryTable<const FunctionDecl *> Functions;
  llvm::StringSet<> Runtimes;
  auto place = [&](SourceLocation Loc) {
    Loc = SM.getFileLoc(Loc);
    std::string Path = summaryPath(Loc, SM);
    unsigned File = Files.number(Path, Tables, [&] {
      return "P\t" + Path + "\n";
    });
    return std::to_string(File) + "\t" +
           std::to_string(Path.empty() ? 0 : SM.getFileOffset(Loc));
  };
  auto function = [&](const FunctionDecl *FD) {
    FD = FD->getCanonicalDecl();
    return std::to_string(Functions.number(FD, Tables, [&] {
      return std::string(FD->isExternallyVisible() ? "N\t" : "L\t") +
             summaryKey(*FD) + "\t" + field(functionName(*FD)) + "\n";
    }));
  };
  for (unsigned I = 0; I < Count; ++I) {
    if (!Keep[I])
      continue;
    const SummaryFunction &S = SummaryFunctions[I];
    Records += "F\t" + function(S.Definition) + "\t" +
               field(className(*S.Definition)) + "\n";
    if (!S.Blocks.empty())
      Records += "B\t" + S.Blocks + "\t" + place(S.BlocksAt) + "\n";
    for (size_t J = 0; J < S.Calls.size(); ++J) {
      unsigned T = Targets[I][J];
      if (T == Open || (T < Count && Live[T]))
        Records += "E\t" + function(S.Calls[J].first) + "\t" +
                   place(S.Calls[J].second) + "\n";
    }
  }
  // Each call once: instantiations of a template, and the expansions of a
  // macro on one line, share it.
  llvm::StringSet<> CallRecords;
  for (const SummaryCall *X : Calls) {
    const RuntimeLibrary *Runtime = X->Runtime;
    std::string RuntimeName = Runtime ? field(Runtime->Name) : "";
    if (Runtimes.insert(RuntimeName).second) {
      Tables += "R\t" + RuntimeName;
      for (int Hint = 0;
           Hint <= static_cast<int>(BlockingHint::DiscardedFuture); ++Hint)
        Tables +=
            "\t" + field(blockingSuggestion(static_cast<BlockingHint>(Hint),
                                            Runtime));
      Tables += "\n";
    }
    std::string Coroutine = field(coroutineDescription(*X->Coroutine)) +
                            "\t" + RuntimeName + "\t" +
                            field(className(*X->Coroutine)) + "\t" +
                            (X->NonBlockingFds ? "1" : "0") + "\t" +
                            std::to_string(TransitiveDepth);
    unsigned Number = Coroutines.number(Coroutine, Tables, [&] {
      return "C\t" + Coroutine + "\n";
    });
    std::string Record = "X\t" + std::to_string(Number) + "\t" +
                         function(X->Callee) + "\t" + place(X->At) + "\n";
    if (CallRecords.insert(Record).second)
      Records += Record;
  }
  return Tables + Records;
}

} // namespace clang::tidy::async
