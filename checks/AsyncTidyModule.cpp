//===--- AsyncTidyModule.cpp - async-tidy ---------------------------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The `async` clang-tidy module: registers every async-* check. The same
/// object code is linked into async-tidy, async-clangd and the plugin for
/// stock clang-tidy, so the registration below is the single source of truth.
///
//===----------------------------------------------------------------------===//

#include "BlockingCallCheck.h"
#include "DanglingReferenceCheck.h"
#include "DiscardedCoroutineCheck.h"
#include "LockAcrossAwaitCheck.h"
#include "UnawaitedTaskCheck.h"
#include "clang-tidy/ClangTidyModule.h"

namespace clang::tidy::async {

class AsyncModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    // Keep alphabetical.
    Factories.registerCheck<BlockingCallCheck>("async-blocking-call");
    Factories.registerCheck<DanglingReferenceCheck>(
        "async-dangling-reference");
    Factories.registerCheck<DiscardedCoroutineCheck>(
        "async-discarded-coroutine");
    Factories.registerCheck<LockAcrossAwaitCheck>("async-lock-across-await");
    Factories.registerCheck<UnawaitedTaskCheck>("async-unawaited-task");
  }
};

static ClangTidyModuleRegistry::Add<AsyncModule>
    Registration("async-module", "Checks for misuse of C++20 coroutines.");

} // namespace clang::tidy::async

// Referenced by the front-ends so that a static link keeps this module.
// NOLINTNEXTLINE(readability-identifier-naming)
volatile int AsyncTidyModuleAnchorSource = 0;
