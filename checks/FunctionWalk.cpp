//===--- FunctionWalk.cpp - async-tidy ------------------------------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//

#include "FunctionWalk.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/PrettyStackTrace.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>
#include <mutex>
#include <vector>

using namespace clang::ast_matchers;

namespace clang::tidy::async {

/// The FunctionChecks registered on one MatchFinder, that is the checks of
/// one translation unit's run, in the order the finder calls them.
struct FunctionCheckGroup {
  enum class Driver { Undecided, Finder, SharedWalk };

  std::vector<FunctionCheck *> Members;
  Driver DrivenBy = Driver::Undecided;
  /// The AST the shared walk has covered, until the end of its unit.
  ASTContext *Walked = nullptr;
  std::vector<Decl *> SavedScope;

  void decide(ClangTidyContext &Context);
  void walk(ASTContext &Ctx, const ClangTidyContext &Context);
  void restoreScope();
};

namespace {

//===----------------------------------------------------------------------===//
// The groups, one per ClangTidyContext
//===----------------------------------------------------------------------===//

// clangd builds the ASTs of several files on several threads, each with its
// own finder; the map is the only state they share. A group is keyed by its
// finder, never dereferenced: the finder and the checks live and die
// together, in one clang-tidy consumer or one clangd build.
std::mutex GroupsMutex;

using GroupMap =
    llvm::DenseMap<const MatchFinder *, std::unique_ptr<FunctionCheckGroup>>;

GroupMap &groups() {
  static GroupMap Groups;
  return Groups;
}

//===----------------------------------------------------------------------===//
// Which checks the run enables
//===----------------------------------------------------------------------===//

/// The names of every registered check that `Checks` enables. The answer
/// depends only on the `Checks` glob list and on the modules linked or
/// loaded, so it is computed once per glob list and process.
std::vector<std::string> enabledRegisteredChecks(ClangTidyContext &Context) {
  static std::mutex CacheMutex;
  static llvm::StringMap<std::vector<std::string>> Cache;
  std::string Key = Context.getOptions().Checks.value_or("");
  std::lock_guard<std::mutex> Lock(CacheMutex);
  auto It = Cache.find(Key);
  if (It != Cache.end())
    return It->second;
  ClangTidyCheckFactories Factories;
  for (const auto &Entry : ClangTidyModuleRegistry::entries())
    Entry.instantiate()->addCheckFactories(Factories);
  std::vector<std::string> Names;
  for (const auto &Factory : Factories)
    if (Context.isCheckEnabled(Factory.getKey()))
      Names.push_back(Factory.getKey().str());
  return Cache[Key] = std::move(Names);
}

//===----------------------------------------------------------------------===//
// The shared walk
//===----------------------------------------------------------------------===//

/// Visits the nodes clang-tidy's MatchFinder visits, with none of its
/// per-node work (trying matchers, a system-header lookup for every node),
/// and reports each function definition. The settings mirror the finder's:
/// template instantiations and implicit code are visited, declarations in
/// system headers are skipped unless `SystemHeaders` is on, and a lambda is
/// entered as the finder enters it (its closure class, whose call operator
/// is reported without its body being walked, then the written body), so
/// that no definition is reported that the finder would not match: the
/// bodies of a generic lambda's instantiations are not walked by either.
/// The finder walks a lambda's written parameters a second time; findings
/// are deduplicated, so walking them once changes nothing.
class DefinitionWalker : public RecursiveASTVisitor<DefinitionWalker> {
  using Base = RecursiveASTVisitor<DefinitionWalker>;

public:
  DefinitionWalker(const SourceManager &SM, bool SkipSystemHeaders,
                   llvm::function_ref<void(const FunctionDecl &)> OnDefinition)
      : SM(SM), SkipSystemHeaders(SkipSystemHeaders),
        OnDefinition(OnDefinition) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }
  bool shouldVisitLambdaBody() const { return false; }

  bool TraverseDecl(Decl *D) {
    if (!D)
      return true;
    if (SkipSystemHeaders && SM.isInSystemHeader(D->getBeginLoc()))
      return true;
    return Base::TraverseDecl(D);
  }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (FD->isThisDeclarationADefinition())
      OnDefinition(*FD);
    return true;
  }

  bool dataTraverseNode(Stmt *S, DataRecursionQueue *Queue) {
    auto *Lambda = dyn_cast<LambdaExpr>(S);
    if (!Lambda)
      return Base::dataTraverseNode(S, Queue);
    for (auto [Capture, Init] :
         llvm::zip(Lambda->captures(), Lambda->capture_inits()))
      TraverseLambdaCapture(Lambda, &Capture, Init);
    TraverseDecl(Lambda->getLambdaClass());
    TraverseStmt(Lambda->getBody());
    return true;
  }

private:
  const SourceManager &SM;
  bool SkipSystemHeaders;
  llvm::function_ref<void(const FunctionDecl &)> OnDefinition;
};

/// Names the check and the function in a crash report: under the finder
/// the report names both, but the walk runs inside the first check's match
/// of the translation unit, which is all the finder's report would say.
class CheckingFunction : public llvm::PrettyStackTraceEntry {
public:
  CheckingFunction(llvm::StringRef Check, const FunctionDecl &Function,
                   const SourceManager &SM)
      : Check(Check), Function(Function), SM(SM) {}

  void print(llvm::raw_ostream &OS) const override {
    OS << Check << ": checking the definition at ";
    Function.getLocation().print(OS, SM);
    OS << '\n';
  }

private:
  llvm::StringRef Check;
  const FunctionDecl &Function;
  const SourceManager &SM;
};

} // namespace

//===----------------------------------------------------------------------===//
// FunctionCheckGroup
//===----------------------------------------------------------------------===//

void FunctionCheckGroup::decide(ClangTidyContext &Context) {
  DrivenBy = Driver::Finder;
  // Custom (query-based) checks are not in the module registry. A profile
  // should time each check's own matcher, as clang-tidy's users expect.
  if (Context.canExperimentalCustomChecks() || Context.getEnableProfiling())
    return;
  llvm::StringSet<> Ours;
  for (const FunctionCheck *Member : Members)
    Ours.insert(Member->getID());
  for (const std::string &Name : enabledRegisteredChecks(Context))
    if (!Ours.contains(Name))
      return;
  DrivenBy = Driver::SharedWalk;
}

void FunctionCheckGroup::walk(ASTContext &Ctx,
                              const ClangTidyContext &Context) {
  if (Walked == &Ctx)
    return;
  Walked = &Ctx;
  SavedScope = Ctx.getTraversalScope();
  // Named: the walker keeps only a function_ref to it.
  auto HandOut = [&](const FunctionDecl &FD) {
    for (FunctionCheck *Member : Members) {
      CheckingFunction Trace(Member->getID(), FD, Ctx.getSourceManager());
      Member->checkFunction(FD, Ctx);
    }
  };
  DefinitionWalker Walker(Ctx.getSourceManager(),
                          !Context.getOptions().SystemHeaders.value_or(false),
                          HandOut);
  // Walks the same scope the finder would: the whole unit for clang-tidy,
  // the main file's top-level declarations in clangd.
  Walker.TraverseAST(Ctx);
  // The finder reads the scope right after matching the unit's declaration,
  // which is where this runs: an empty scope ends its traversal there.
  Ctx.setTraversalScope({});
}

void FunctionCheckGroup::restoreScope() {
  if (!Walked)
    return;
  Walked->setTraversalScope(SavedScope);
  Walked = nullptr;
  SavedScope.clear();
}

//===----------------------------------------------------------------------===//
// FunctionCheck
//===----------------------------------------------------------------------===//

FunctionCheck::FunctionCheck(llvm::StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), TidyContext(Context) {}

FunctionCheck::~FunctionCheck() {
  if (!Group)
    return;
  std::lock_guard<std::mutex> Lock(GroupsMutex);
  llvm::erase(Group->Members, this);
  if (!Group->Members.empty())
    return;
  auto It = groups().find(Finder);
  if (It != groups().end() && It->second.get() == Group)
    groups().erase(It);
}

void FunctionCheck::registerMatchers(MatchFinder *TheFinder) {
  {
    std::lock_guard<std::mutex> Lock(GroupsMutex);
    std::unique_ptr<FunctionCheckGroup> &Slot = groups()[TheFinder];
    if (!Slot)
      Slot = std::make_unique<FunctionCheckGroup>();
    Slot->Members.push_back(this);
    Group = Slot.get();
    Finder = TheFinder;
  }
  // The unit's declaration is matched before anything inside it: that is
  // where the group decides, knowing every check of the run, who drives.
  TheFinder->addMatcher(translationUnitDecl().bind("unit"), this);
  // Every function definition, lambdas and instantiations included; the
  // body is walked by the check itself (no parent map is ever built).
  TheFinder->addMatcher(functionDecl(isDefinition()).bind("function"), this);
}

void FunctionCheck::check(const MatchFinder::MatchResult &Result) {
  if (const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function")) {
    checkFunction(*FD, *Result.Context);
    return;
  }
  if (!Result.Nodes.getNodeAs<TranslationUnitDecl>("unit"))
    return;
  if (Group->DrivenBy == FunctionCheckGroup::Driver::Undecided)
    Group->decide(*TidyContext);
  if (Group->DrivenBy == FunctionCheckGroup::Driver::SharedWalk)
    Group->walk(*Result.Context, *TidyContext);
}

void FunctionCheck::onEndOfTranslationUnit() {
  Group->restoreScope();
  endTranslationUnit();
}

} // namespace clang::tidy::async
