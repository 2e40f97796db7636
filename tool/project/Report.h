//===--- Report.h - writing the merged findings for people and machines ---===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Stage 5 of project mode: the report in the format asked for (`--format`:
/// text as clang-tidy prints it, async-tidy's JSON, SARIF), to stdout or
/// `--output`, plus `--export-fixes` and `--write-baseline`. Each format has
/// its own file, Report<Format>.cpp; a new format is a new file and one
/// branch in writeOutputs.
///
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TOOL_PROJECT_REPORT_H
#define ASYNC_TIDY_TOOL_PROJECT_REPORT_H

#include "Options.h"
#include "ProjectMode.h"
#include "Run.h"
#include <set>

namespace asynctidy {

/// Writes what \p O asks for, in this order: the baseline of \p Current
/// (--write-baseline), the report (--format, --output), the fixes
/// (--export-fixes). Stops at the first file that cannot be written.
std::optional<UsageError> writeOutputs(const Report &R, const ProjectOptions &O,
                                       llvm::ArrayRef<Finding> Current,
                                       SourceText &Sources);

/// The documentation of a check: one-sentence summary and a URL.
struct CheckDoc {
  std::string Summary;
  std::string Url;
};
CheckDoc describeCheck(llvm::StringRef Check, llvm::StringRef DocsUrl);
/// The docs base URL configured at build time (ASYNC_TIDY_DOCS_URL).
std::string defaultDocsUrl();

// The formats (ReportClangTidy.cpp, ReportJson.cpp, ReportSarif.cpp,
// ReportCodeQuality.cpp).

/// The text report: findings and compiler errors in order, printed as
/// clang-tidy prints them, to stdout or \p OutputFile.
bool writeText(const Report &R, std::optional<bool> UseColor,
               llvm::StringRef OutputFile, std::string &Error);
/// Writes the fixes of \p Findings as clang-apply-replacements reads them.
bool writeExportFixes(llvm::StringRef Path, llvm::ArrayRef<Finding> Findings,
                      std::string &Error);
void writeJson(const Report &R, SourceText &Sources, llvm::raw_ostream &OS);

/// JSON reports of shards (`--shard`), read back by `async-tidy merge`.
struct ShardReport {
  std::vector<UnitOutcome> Outcomes; ///< The units, without findings.
  UnitOutcome Loose;                 ///< All findings, of no one unit.
  std::set<std::string> EnabledChecks;
  unsigned SuppressedByBaseline = 0, SuppressedByDiff = 0;
  bool UsedCache = false;
  unsigned CacheHits = 0, CacheMisses = 0;
};
/// Adds the report at \p Path (written with --format=json) to \p Into, its
/// relative paths taken to be in the repository at \p RepoRoot.
llvm::Error readJsonReport(llvm::StringRef Path, llvm::StringRef RepoRoot,
                           ShardReport &Into);
void writeSarif(const Report &R, SourceText &Sources, llvm::raw_ostream &OS);
void writeCodeQuality(const Report &R, llvm::raw_ostream &OS);

} // namespace asynctidy

#endif
