//===--- FunctionWalk.h - async-tidy --------------------------------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The base of every async-* check: a check that looks at one function
/// definition at a time (lambdas and template instantiations included).
///
/// Under clang-tidy's MatchFinder, each check would register
/// `functionDecl(isDefinition())` and the finder's own traversal of the whole
/// AST would hand it the definitions. That traversal tries the registered
/// matchers on every node and asks the source manager, for every node,
/// whether it lies in a system header: on a dense coroutine file it cost 2.9%
/// of the parse, three times what the checks' own analysis costs.
///
/// When every check enabled for the file is a FunctionCheck (async-tidy's
/// default, the compiler plugin's, any `-*,async-*` run), nothing needs that
/// traversal. The checks of the run then share one plain RecursiveASTVisitor
/// walk, configured like the finder's (template instantiations and implicit
/// code visited, lambdas entered the same way, system-header declarations
/// skipped unless `SystemHeaders` is on, the context's traversal scope
/// respected), which hands each definition to every check in the order the
/// finder would. The finder's own traversal is emptied for the translation
/// unit through the ASTContext's traversal scope, and the scope is restored
/// when the finder ends the translation unit (clangd walks it again for its
/// own features). Each check registers both a translationUnitDecl() matcher,
/// where the choice is made once all checks of the run are known, and the
/// functionDecl(isDefinition()) matcher: when any other check is enabled
/// (custom query checks included) or clang-tidy profiles the checks, the
/// finder drives them through that matcher as usual. The same
/// checkFunction() runs either way.
///
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_CHECKS_FUNCTIONWALK_H
#define ASYNC_TIDY_CHECKS_FUNCTIONWALK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::async {

struct FunctionCheckGroup;

class FunctionCheck : public ClangTidyCheck {
public:
  FunctionCheck(llvm::StringRef Name, ClangTidyContext *Context);
  ~FunctionCheck() override;

  void registerMatchers(ast_matchers::MatchFinder *Finder) final;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) final;
  /// Restores the traversal scope, then calls endTranslationUnit().
  void onEndOfTranslationUnit() final;

protected:
  /// Called once for every function definition of the translation unit.
  virtual void checkFunction(const FunctionDecl &FD, ASTContext &Ctx) = 0;
  /// What a check would do in onEndOfTranslationUnit().
  virtual void endTranslationUnit() {}

private:
  friend struct FunctionCheckGroup;
  ClangTidyContext *TidyContext;
  /// Set by registerMatchers().
  FunctionCheckGroup *Group = nullptr;
  const ast_matchers::MatchFinder *Finder = nullptr;
};

} // namespace clang::tidy::async

#endif // ASYNC_TIDY_CHECKS_FUNCTIONWALK_H
