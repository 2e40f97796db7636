//===--- ProjectMode.h - linting a whole compilation database -------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `async-tidy -p build` with no source files lints every translation unit of
/// `build/compile_commands.json`, each in its own child process (async-tidy
/// itself in clang-tidy-compatible single-file mode, `--export-fixes` giving
/// its diagnostics as YAML), then reports them once, in a deterministic order,
/// as text, JSON or SARIF, filtered by a baseline or a diff.
///
/// This header holds the entry points and the data every stage shares; the
/// stages themselves are listed in ProjectMode.cpp.
///
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TOOL_PROJECTMODE_H
#define ASYNC_TIDY_TOOL_PROJECTMODE_H

#include "SourceText.h"
#include "clang/Tooling/Core/Diagnostic.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <set>
#include <string>
#include <vector>

namespace asynctidy {

/// Exit statuses of async-tidy in project mode.
enum ExitStatus : int {
  ExitClean = 0,
  ExitFindings = 1,
  ExitUsage = 2,
  ExitAnalysisFailed = 3,
};

/// Whether the command line asks for project mode (see ProjectMode.cpp).
bool wantsProjectMode(llvm::ArrayRef<const char *> Args);

/// Runs project mode; returns the exit status.
int runProjectMode(llvm::ArrayRef<const char *> Args);

/// `async-tidy merge <report.json>...`: the reports of shards (--shard=K/N,
/// --format=json) as one report, as if one run had linted every unit.
/// \p Args[1] is "merge". Returns the exit status.
int runMergeCommand(llvm::ArrayRef<const char *> Args);

/// Whether the user chose checks (a flag, or a `.clang-tidy` for the cwd or
/// for a file named in \p Args); when not, async-tidy runs `async-*`.
bool userChoseChecks(llvm::ArrayRef<const char *> Args);

/// One diagnostic as reported: a warning from a check or a compiler error.
struct Finding {
  clang::tooling::Diagnostic Diag; ///< With absolute, normalised paths.
  bool IsWarningAsError = false;
  bool IsCompilerError = false;
  std::string RelFile; ///< Relative to the repository root when inside it.
  LineColumn Where;
  std::string Function;    ///< Enclosing function, for the fingerprint.
  std::string Fingerprint; ///< Line-independent identity (see Baseline.h).
};

/// What happened to one translation unit.
struct UnitResult {
  std::string File;
  bool Failed = false;
  std::string Reason;      ///< Why it failed, one line.
  std::string ChildStderr; ///< When it failed without diagnostics.
  unsigned Findings = 0;
  bool FromCache = false; ///< Its result came from --cache-dir.
  /// Its summary for the cross-TU join of async-blocking-call (see
  /// MergeBlocking.h).
  std::string Summary;
};

/// Everything a report writer needs.
struct Report {
  std::vector<Finding> Findings;       ///< Reported, sorted.
  std::vector<Finding> CompilerErrors; ///< Sorted.
  std::vector<UnitResult> Units;       ///< Sorted by file.
  std::vector<std::string> EnabledChecks;
  std::string RepoRoot;
  std::string DocsUrl; ///< Base URL of docs/checks/<name>.md, may be empty.
  bool UsedBaseline = false;
  unsigned SuppressedByBaseline = 0;
  unsigned SuppressedByDiff = 0;
  bool UsedCache = false;
  unsigned CacheHits = 0;
  unsigned CacheMisses = 0;
  /// Whether the JSON report keeps the units' summaries, for the join at
  /// `async-tidy merge`: only a report that is to be merged needs them.
  bool WriteSummaries = false;
};

/// Renders a path for reports: relative to \p Root with '/' when inside it.
std::string relativeToRoot(llvm::StringRef Path, llvm::StringRef Root);

} // namespace asynctidy

#endif
