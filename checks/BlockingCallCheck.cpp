//===--- BlockingCallCheck.cpp - async-tidy -------------------------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//

#include "BlockingCallCheck.h"
#include "OptionParsing.h"
#include "TaskTypes.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/ADT/StringSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {

namespace {

constexpr llvm::StringLiteral DefaultCategories =
    "sleep;sync-wait;io;net-client";
/// What the `Categories` option accepts (an unknown word is reported).
const llvm::StringRef CategoryNames[] = {"sleep", "sync-wait", "io",
                                         "net-client", "lock"};

/// Visits the calls and constructions a body evaluates when it runs: not
/// those in nested lambdas or local classes (their code runs when somebody
/// calls them, typically on another thread), not unevaluated operands, not
/// discarded `if constexpr` branches, and not the implicit coroutine
/// machinery (promise calls, awaiter calls).
class BodyWalker {
public:
  /// Receives a CallExpr or CXXConstructExpr; Plain when it is a whole
  /// expression statement, InCatch inside a handler.
  using Callback =
      llvm::function_ref<void(const Expr &, bool Plain, bool InCatch)>;
  BodyWalker(const ASTContext &Ctx, Callback OnCall)
      : Ctx(Ctx), OnCall(OnCall) {}

  /// Walks \p S, which is in statement position.
  void walkStatement(const Stmt *S, bool InCatch, unsigned Depth = 0) {
    if (const auto *E = dyn_cast_or_null<Expr>(S)) {
      const Expr *Inner = E->IgnoreImplicit();
      if (isa<CallExpr>(Inner))
        PlainCall = Inner;
    }
    walk(S, InCatch, Depth);
  }

private:
  void walk(const Stmt *S, bool InCatch, unsigned Depth);

  const ASTContext &Ctx;
  Callback OnCall;
  const Expr *PlainCall = nullptr;
};

void BodyWalker::walk(const Stmt *S, bool InCatch, unsigned Depth) {
  // Nesting this deep is generated code; stay safe.
  if (!S || Depth > 512)
    return;
  ++Depth;
  if (const auto *E = dyn_cast<Expr>(S)) {
    if (E->containsErrors() || E->isValueDependent() || E->isTypeDependent())
      return;
    if (isa<CallExpr>(E) || isa<CXXConstructExpr>(E))
      OnCall(*E, E == PlainCall, InCatch);
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
    walkStatement(If->getThen(), InCatch, Depth);
    walkStatement(If->getElse(), InCatch, Depth);
    return;
  }

  const bool IsExpr = isa<Expr>(S);
  for (const Stmt *Child : S->children()) {
    if (IsExpr)
      walk(Child, InCatch, Depth);
    else
      walkStatement(Child, InCatch, Depth);
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

/// A stream whose reads block: the console or a file.
bool isBlockingStream(const Expr *Stream) {
  if (const VarDecl *Var = namedVariable(Stream)) {
    std::string Name = normalisedName(*Var);
    if (Name == "std::cin" || Name == "std::wcin")
      return true;
  }
  if (const CXXRecordDecl *RD = recordOf(Stream->IgnoreImpCasts()->getType())) {
    std::string Name = normalisedName(*RD);
    return Name == "std::basic_ifstream" || Name == "std::basic_fstream";
  }
  return false;
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
    : ClangTidyCheck(Name, Context),
      Categories(OptionReader(*this, Options)
                     .enumList("Categories", DefaultCategories, CategoryNames)),
      BlockingFunctions(Options.get("BlockingFunctions", "")),
      AllowedFunctions(
          OptionReader(*this, Options).nameList("AllowedFunctions")),
      Replacements(OptionReader(*this, Options).keyValueList("Replacements")),
      TransitiveDepth(
          OptionReader(*this, Options).count("TransitiveDepth", 3)) {
  buildTable();
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
  for (llvm::StringRef Item : splitList(Categories)) {
    if (std::optional<BlockingCategory> C = parseCategory(Item)) {
      Enabled.insert(*C);
      continue;
    }
    configurationDiag("unknown category '%0' in option 'Categories' of %1; "
                      "the categories are sleep, sync-wait, io, net-client "
                      "and lock")
        << Item << getID();
  }
  NameList Allowed(AllowedFunctions);
  for (const BlockingFunction &F : builtinBlockingFunctions()) {
    if (!Enabled.contains(F.Category) || Allowed.matches(F.Name))
      continue;
    Table[F.Name] = Entry{F.Category, F.Kind,           F.Suggestion.str(),
                          "",         F.ZeroTimeoutArg, F.DescriptorIO};
  }
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
  Reported.clear();
}

void BlockingCallCheck::registerMatchers(MatchFinder *Finder) {
  // Every function definition, lambdas and instantiations included; check()
  // keeps the coroutines and walks their bodies itself (no parent map).
  Finder->addMatcher(functionDecl(isDefinition()).bind("function"), this);
}

std::optional<BlockingCallCheck::Hit>
BlockingCallCheck::classify(const Expr &E, ASTContext &Ctx,
                            bool NonBlockingFds) const {
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(&E)) {
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    if (!Ctor || Ctor->isCopyOrMoveConstructor() ||
        Construct->getNumArgs() == 0)
      return std::nullopt;
    std::string Name = normalisedName(*Ctor->getParent());
    auto It = Table.find(Name);
    if (It == Table.end() || It->second.Kind != BlockingKind::LockConstructor)
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
      const VarDecl *Stream = namedVariable(Op->getArg(0));
      if (!Stream)
        return std::nullopt;
      std::string Name = normalisedName(*Stream);
      auto It = Table.find(Name);
      if (It == Table.end() ||
          It->second.Kind != BlockingKind::StreamExtraction)
        return std::nullopt;
      return Hit{&It->second, "'operator>>' on '" + Name + "'", Name};
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
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    // `std::future<int>::wait` is declared in a base class of libstdc++:
    // match the class the user calls it on too.
    const Expr *ObjectExpr = Member->getImplicitObjectArgument();
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
      if (B.DescriptorIO && NonBlockingFds)
        return std::nullopt;
      break;
    case BlockingKind::StreamGetline:
      if (Args.empty() || !isBlockingStream(Args.front()))
        return std::nullopt;
      break;
    case BlockingKind::LockConstructor:
    case BlockingKind::StreamExtraction:
      continue;
    }
    if (B.ZeroTimeoutArg >= 0 &&
        static_cast<size_t>(B.ZeroTimeoutArg) < Args.size() &&
        isZeroLiteral(Args[B.ZeroTimeoutArg], Ctx))
      return std::nullopt;
    return Hit{&B, "'" + Name + "'", Name};
  }
  return std::nullopt;
}

const FunctionDecl *
BlockingCallCheck::followableCallee(const Expr &E,
                                    const SourceManager &SM) const {
  const FunctionDecl *FD = nullptr;
  if (const auto *Call = dyn_cast<CallExpr>(&E))
    FD = Call->getDirectCallee();
  else if (const auto *Construct = dyn_cast<CXXConstructExpr>(&E))
    FD = Construct->getConstructor();
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

  llvm::SmallVector<const Expr *, 16> Calls;
  auto Collect = [&](const Expr &E, bool, bool) { Calls.push_back(&E); };
  BodyWalker Walker(Ctx, Collect);
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(&FD))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isWritten())
        Walker.walkStatement(Init->getInit(), /*InCatch=*/false);
  Walker.walkStatement(FD.getBody(), /*InCatch=*/false);

  std::optional<Chain> Found;
  const bool NonBlockingFds = handlesWouldBlock(FD, Ctx);
  // A blocking call in this body is the shortest explanation.
  for (const Expr *E : Calls) {
    if (std::optional<Hit> H = classify(*E, Ctx, NonBlockingFds)) {
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

void BlockingCallCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (!FD || FD->isInvalidDecl() || FD->isDependentContext())
    return;
  const CoroutineBodyStmt *Body = getCoroutineBody(*FD);
  if (!Body)
    return;
  ASTContext &Ctx = *Result.Context;
  const SourceManager &SM = *Result.SourceManager;
  bool NonBlockingFds = false;
  auto OnCall = [&](const Expr &E, bool Plain, bool InCatch) {
    if (std::optional<Hit> H = classify(E, Ctx, NonBlockingFds)) {
      diagnose(E, *H, nullptr, *FD, Plain, InCatch, SM);
      return;
    }
    if (TransitiveDepth == 0)
      return;
    const FunctionDecl *Callee = followableCallee(E, SM);
    if (!Callee)
      return;
    bool Incomplete = false;
    std::optional<Chain> Via =
        findBlocking(*Callee, TransitiveDepth, Ctx, Incomplete);
    if (!Via)
      return;
    if (Via->Leaf.Blocking->DescriptorIO &&
        ownsDescriptors(*FD,
                        Via->Steps.size() > 1
                            ? *Via->Steps[Via->Steps.size() - 2].second
                            : *Callee,
                        NonBlockingFds))
      return;
    diagnose(E, Via->Leaf, &*Via, *FD, Plain, InCatch, SM);
  };
  // The walker refers to the callback: keep it alive in a variable.
  BodyWalker Walker(Ctx, OnCall);
  NonBlockingFds = handlesWouldBlock(*FD, Ctx);
  Walker.walkStatement(Body, /*InCatch=*/false);
}

void BlockingCallCheck::diagnose(const Expr &Call, const Hit &H,
                                 const Chain *Via,
                                 const FunctionDecl &Coroutine, bool Plain,
                                 bool InCatch, const SourceManager &SM) {
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
  llvm::StringRef Suggestion =
      B.Suggestion.empty() ? defaultBlockingSuggestion() : B.Suggestion;
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

} // namespace clang::tidy::async
