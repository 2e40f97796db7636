//===--- AsyncClangdMain.cpp - clangd with the async module ---------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `async-clangd` is clangd 22 with the `async` clang-tidy module linked in:
/// clangd cannot load clang-tidy plugins, so editors point at this binary to
/// see async-* diagnostics and fixes while typing.
///
/// Two clangd functions are wrapped at link time (`--wrap`, see
/// tool/CMakeLists.txt); clangd installs no headers, so their signatures are
/// restated here and must match clangd 22 exactly:
///
///  - `clang::clangd::isFastTidyCheck`: clangd's FastCheckFilter (default
///    `Strict`) drops every check missing from its built-in list of fast
///    checks, which would silently drop all async-* checks unless the user
///    wrote `FastCheckFilter: None`. The async-* checks are cheap (one walk
///    per function body; bench/clangd_bench.py measures it), so they count as
///    fast here; every other check keeps clangd's own answer.
///  - `clang::clangd::getTidyOptionsForFile`: unchanged, except that under
///    `--check=<file>` it reports which async-* checks the configuration
///    enables for the file, so a user can tell whether ours ran.
///
//===----------------------------------------------------------------------===//

#include "async-tidy/Version.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang-tidy/GlobList.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>
#include <string>
#include <vector>

extern volatile int AsyncTidyModuleAnchorSource;

namespace clang::clangd {
// Defined in clangd's tool library (clangdMain), which installs no header.
int clangdMain(int Argc, char *Argv[]);
// clangd's TidyProviderRef (TidyProvider.h).
using TidyProviderRef =
    llvm::function_ref<void(tidy::ClangTidyOptions &, llvm::StringRef)>;
} // namespace clang::clangd

// The wrapped functions and clangd's originals, named by their mangled
// symbols, which tool/CMakeLists.txt defines once for `--wrap=` and here.
std::optional<bool> wrapIsFastTidyCheck(llvm::StringRef Check) __asm__(
    "__wrap_" ASYNC_CLANGD_IS_FAST_SYMBOL);
std::optional<bool> realIsFastTidyCheck(llvm::StringRef Check) __asm__(
    "__real_" ASYNC_CLANGD_IS_FAST_SYMBOL);
clang::tidy::ClangTidyOptions
wrapGetTidyOptionsForFile(clang::clangd::TidyProviderRef Provider,
                          llvm::StringRef Filename) __asm__(
    "__wrap_" ASYNC_CLANGD_TIDY_OPTIONS_SYMBOL);
clang::tidy::ClangTidyOptions
realGetTidyOptionsForFile(clang::clangd::TidyProviderRef Provider,
                          llvm::StringRef Filename) __asm__(
    "__real_" ASYNC_CLANGD_TIDY_OPTIONS_SYMBOL);

namespace {

/// Set once in main, before clangd starts any thread.
bool CheckMode = false;
bool CheckWarnings = false;

bool isAsyncCheck(llvm::StringRef Check) { return Check.starts_with("async-"); }

/// The registered async-* checks that \p ChecksGlob enables, sorted.
std::vector<std::string> enabledAsyncChecks(llvm::StringRef ChecksGlob) {
  clang::tidy::GlobList Enabled(ChecksGlob);
  clang::tidy::ClangTidyCheckFactories Factories;
  for (const auto &Entry : clang::tidy::ClangTidyModuleRegistry::entries())
    Entry.instantiate()->addCheckFactories(Factories);
  std::vector<std::string> Result;
  for (const auto &Factory : Factories)
    if (isAsyncCheck(Factory.getKey()) && Enabled.contains(Factory.getKey()))
      Result.push_back(Factory.getKey().str());
  llvm::sort(Result);
  return Result;
}

/// \p Arg without its leading `-` or `--`, or "" if it is no option.
llvm::StringRef optionName(llvm::StringRef Arg) {
  if (!Arg.consume_front("-"))
    return "";
  Arg.consume_front("-");
  return Arg;
}

} // namespace

std::optional<bool> wrapIsFastTidyCheck(llvm::StringRef Check) {
  if (isAsyncCheck(Check))
    return true;
  return realIsFastTidyCheck(Check);
}

clang::tidy::ClangTidyOptions
wrapGetTidyOptionsForFile(clang::clangd::TidyProviderRef Provider,
                          llvm::StringRef Filename) {
  clang::tidy::ClangTidyOptions Opts =
      realGetTidyOptionsForFile(Provider, Filename);
  if (!CheckMode)
    return Opts;
  std::vector<std::string> Checks =
      enabledAsyncChecks(Opts.Checks ? llvm::StringRef(*Opts.Checks) : "");
  llvm::raw_ostream &OS = llvm::errs();
  if (Checks.empty()) {
    OS << "async-clangd: no async-* check is enabled for " << Filename
       << "; enable them with 'Diagnostics: {ClangTidy: {Add: [async-*]}}' "
          "in .clangd or 'Checks: async-*' in .clang-tidy\n";
  } else {
    OS << "async-clangd: async-* checks enabled for " << Filename << ": "
       << llvm::join(Checks, ", ") << " (whatever FastCheckFilter says)";
    if (!CheckWarnings)
      OS << "; add --check-warnings to see their findings";
    OS << "\n";
  }
  OS.flush();
  return Opts;
}

int main(int Argc, char *Argv[]) {
  (void)AsyncTidyModuleAnchorSource;
  for (int I = 1; I < Argc; ++I) {
    llvm::StringRef Arg(Argv[I]);
    if (Arg == "--") // clangd takes no positional arguments; be safe.
      break;
    llvm::StringRef Option = optionName(Arg);
    if (Option == "check" || Option.starts_with("check="))
      CheckMode = true;
    if (Option == "check-warnings" || Option == "check-warnings=true" ||
        Option == "check-warnings=1")
      CheckWarnings = true;
    // clangd replaces LLVM's version printer, so ours goes first.
    if (Arg == "--version" || Arg == "-version") {
      llvm::outs() << "async-clangd (async-tidy version " << ASYNC_TIDY_VERSION
                   << ", built against Clang " << ASYNC_TIDY_CLANG_VERSION
                   << ")\n";
      llvm::outs().flush();
    }
  }
  return clang::clangd::clangdMain(Argc, Argv);
}
