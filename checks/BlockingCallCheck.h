//===--- BlockingCallCheck.h - async-tidy -----------------------*- C++ -*-===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_CHECKS_BLOCKINGCALLCHECK_H
#define ASYNC_TIDY_CHECKS_BLOCKINGCALLCHECK_H

#include "BlockingCatalogue.h"
#include "FunctionWalk.h"
#include "RuntimeLibrary.h"
#include "TaskTypes.h"
#include "clang/AST/Mangle.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

namespace clang::tidy::async {

/// Flags calls that block the thread (sleeps, waits for other work, blocking
/// I/O, synchronous network clients, optionally mutex locks) in the body of a
/// coroutine, directly or through helper functions of the same translation
/// unit, and says what to do instead.
///
/// For the user-facing documentation see:
/// docs/checks/async-blocking-call.md
class BlockingCallCheck : public FunctionCheck {
public:
  BlockingCallCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void checkFunction(const FunctionDecl &Function, ASTContext &Ctx) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override;
  void endTranslationUnit() override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus20;
  }
  // Instantiations are walked: that is where dependent callees resolve.
  std::optional<TraversalKind> getCheckTraversalKind() const override {
    return TK_AsIs;
  }

  /// A function that blocks, after options are applied.
  struct Entry {
    BlockingCategory Category;
    BlockingKind Kind;
    std::string Suggestion;
    std::string Replacement;
    int ZeroTimeoutArg = -1;
    bool DescriptorIO = false;
    /// The built-in suggestion, used when Suggestion is empty.
    BlockingHint Hint = BlockingHint::Default;
  };

  /// A blocking call found in a body: which entry, and how to name it.
  struct Hit {
    const Entry *Blocking = nullptr;
    /// How the message names the call, quotes included.
    std::string Description;
    /// The catalogue name, for the `Replacements` fix.
    std::string Name;
    /// What to do instead, when it depends on the call (the name of an
    /// asynchronous twin); else the entry's suggestion.
    std::string Suggestion = "";
  };

  /// A path from a call in some body down to a blocking call: Steps[0] is
  /// the call in that body, each next step is in the previous callee.
  struct Chain {
    Hit Leaf;
    llvm::SmallVector<std::pair<const Expr *, const FunctionDecl *>, 4> Steps;
  };

private:
  void buildTable();
  /// The blocking call \p E in the body of \p Caller makes, if any.
  /// \p Discarded: its value is dropped (an expression statement or a cast
  /// to `void`).
  std::optional<Hit> classify(const Expr &E, ASTContext &Ctx,
                              const FunctionDecl &Caller,
                              bool Discarded = false);
  /// `get()`/`wait()` on a future-like object that is not awaitable.
  std::optional<Hit> classifyFutureWait(const CXXMemberCallExpr &Call,
                                        ASTContext &Ctx);
  /// Whether \p RD has the shape of a future whose `get()` blocks.
  bool isFutureLike(const CXXRecordDecl &RD, ASTContext &Ctx);
  /// A synchronous member function called in \p Coroutine whose class
  /// offers an awaitable twin (`async_foo`, `foo_async`, `co_foo`).
  std::optional<Hit> classifyAsyncTwin(const Expr &E,
                                       const FunctionDecl &Coroutine,
                                       const CoroutineBodyStmt &Body,
                                       const RuntimeLibrary *Runtime,
                                       ASTContext &Ctx);
  /// Whether \p FD handles `EAGAIN`, `EWOULDBLOCK` or `EINPROGRESS`, that is,
  /// works with non-blocking descriptors. A walk of the whole body, so it is
  /// asked only when descriptor I/O is found (and remembered).
  bool handlesWouldBlock(const FunctionDecl &FD, ASTContext &Ctx);
  const FunctionDecl *followableCallee(const Expr &E,
                                       const SourceManager &SM) const;
  /// The first blocking call reachable from \p FD within \p Depth calls.
  std::optional<Chain> findBlocking(const FunctionDecl &FD, unsigned Depth,
                                    ASTContext &Ctx, bool &Incomplete);
  /// A callee a cross-TU summary records a call to: one findBlocking would
  /// follow, or one with no body in this translation unit that it would
  /// follow if it had one.
  const FunctionDecl *summaryCallee(const Expr &E,
                                    const SourceManager &SM) const;
  /// Records what the cross-TU summary may need of the definition \p FD:
  /// its first blocking call, else its calls to summary callees.
  void summarise(const FunctionDecl &FD, ASTContext &Ctx);
  /// Records a call from \p Coroutine that this translation unit cannot
  /// show to block.
  void summariseCoroutineCall(const Expr &E, const FunctionDecl &Callee,
                              const FunctionDecl &Coroutine,
                              const RuntimeLibrary *Runtime,
                              bool NonBlockingFds, ASTContext &Ctx);
  /// The summary of this translation unit: only what the join can need
  /// (see the comment above writeSummary in the .cpp file).
  std::string writeSummary();
  /// The stable cross-TU key of \p FD (its mangled name).
  std::string summaryKey(const FunctionDecl &FD);
  void diagnose(const Expr &Call, const Hit &H, const Chain *Via,
                const FunctionDecl &Coroutine, bool Plain, bool InCatch,
                const RuntimeLibrary *Runtime, const SourceManager &SM);

  const std::string Categories;
  const std::string BlockingFunctions;
  const std::string AllowedFunctions;
  const std::string Replacements;
  const unsigned TransitiveDepth;

  llvm::StringMap<Entry> Table;
  NameList Allowed;
  /// Entries for calls recognised by shape rather than by name; empty when
  /// the category is switched off.
  std::optional<Entry> FutureShape;
  std::optional<Entry> AsyncTwin;
  llvm::DenseMap<const CXXRecordDecl *, bool> FutureLike;
  /// Memoised answers of findBlocking, per canonical function and depth.
  llvm::DenseMap<std::pair<const FunctionDecl *, unsigned>,
                 std::optional<Chain>>
      Summaries;
  llvm::DenseSet<const FunctionDecl *> InProgress;
  llvm::DenseMap<const FunctionDecl *, bool> WouldBlockHandlers;
  /// Each location is reported once, however many instantiations share it.
  llvm::DenseSet<SourceLocation> Reported;
  /// Where project mode wants the cross-TU summary
  /// (ASYNC_TIDY_SUMMARY_FILE); empty: no summary, and no cost.
  std::string SummaryPath;
  /// A function defined here that blocks or calls summary callees.
  struct SummaryFunction {
    const FunctionDecl *Definition = nullptr;
    /// The fields of its blocking call before the place; empty: none.
    std::string Blocks;
    SourceLocation BlocksAt;
    /// Its calls to summary callees (when it does not block).
    llvm::SmallVector<std::pair<const FunctionDecl *, SourceLocation>, 4>
        Calls;
  };
  /// A call from a coroutine that this unit alone cannot show to block.
  struct SummaryCall {
    const FunctionDecl *Coroutine = nullptr;
    const RuntimeLibrary *Runtime = nullptr;
    bool NonBlockingFds = false;
    const FunctionDecl *Callee = nullptr;
    SourceLocation At;
  };
  std::vector<SummaryFunction> SummaryFunctions;
  /// Canonical declaration -> index in SummaryFunctions.
  llvm::DenseMap<const FunctionDecl *, unsigned> SummaryIndex;
  std::vector<SummaryCall> SummaryCalls;
  /// Definitions already summarised (recorded or found to need nothing).
  llvm::DenseSet<const FunctionDecl *> Summarised;
  ASTContext *SummaryContext = nullptr;
  std::unique_ptr<ASTNameGenerator> Mangler;
  const ASTContext *MangledFor = nullptr;
};

} // namespace clang::tidy::async

#endif // ASYNC_TIDY_CHECKS_BLOCKINGCALLCHECK_H
