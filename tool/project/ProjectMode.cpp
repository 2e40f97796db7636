//===--- ProjectMode.cpp - linting a whole compilation database -----------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Project mode is a pipeline; each stage has its own file:
///
///   Options.cpp   the command line (and Config.cpp: the clang-tidy
///                 configuration the children will see, checked up front)
///   Plan.cpp      the compilation database, the diff, which units to lint,
///                 which of them the result cache knows (Cache.cpp)
///   Run.cpp       the pool of child processes, one per unit, and reading
///                 what each left behind (Display.cpp shows the progress)
///   Merge.cpp     one sorted, deduplicated list of findings, filtered by
///                 the diff and the baseline (Baseline.cpp, DiffFilter.cpp)
///   Report.cpp    the report in the format asked for (Report<Format>.cpp),
///                 export-fixes, write-baseline; Display.cpp the summary
///
/// `async-tidy merge` (runMergeCommand) is the same pipeline with the plan
/// and run stages replaced by reading the JSON reports of shards.
///
/// This file only runs the stages in order and turns the outcome into the
/// exit status.
///
//===----------------------------------------------------------------------===//

#include "ProjectMode.h"
#include "Baseline.h"
#include "Cache.h"
#include "Config.h"
#include "Display.h"
#include "Merge.h"
#include "Options.h"
#include "Plan.h"
#include "Report.h"
#include "Run.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"

namespace asynctidy {

namespace {

/// The exit status for a finished run (see ExitStatus).
int exitStatus(const Report &R, const ProjectOptions &O) {
  Outcome Counts = countOutcome(R);
  if (Counts.Failed)
    return ExitAnalysisFailed;
  if (!O.WriteBaselineFile.empty())
    return ExitClean;
  // With --warnings-as-errors only the promoted findings fail the run.
  if (O.WarningsAsErrors && !O.WarningsAsErrors->empty())
    return Counts.Promoted ? ExitFindings : ExitClean;
  return R.Findings.empty() ? ExitClean : ExitFindings;
}

int usageError(const UsageError &Err) {
  printUsageError(Err.Message);
  return ExitUsage;
}

/// Report settings shared by project mode and merge.
void initReport(Report &R, const ProjectOptions &O) {
  R.RepoRoot =
      O.RepoRoot.empty() ? detectRepoRoot() : canonicalPath(O.RepoRoot);
  R.DocsUrl = O.DocsUrl.empty() ? defaultDocsUrl() : O.DocsUrl;
  R.WriteSummaries = O.ShardCount > 0 || O.CrossTuSummaries;
  if (!R.DocsUrl.empty() && R.DocsUrl.back() != '/')
    R.DocsUrl += '/';
}

/// A check's option value that it cannot use is reported by the check as a
/// `clang-tidy-config` diagnostic (checks/OptionParsing.h) in every unit. In
/// project mode that is a configuration error, not a finding: each distinct
/// one is printed once, and the run exits 2.
bool reportConfigurationErrors(std::vector<UnitOutcome> &Outcomes) {
  auto IsConfig = [](const Finding &F) {
    return F.Diag.DiagnosticName == "clang-tidy-config";
  };
  std::vector<std::string> Messages;
  for (UnitOutcome &U : Outcomes)
    for (const Finding &F : U.Warnings)
      if (IsConfig(F) && !llvm::is_contained(Messages, F.Diag.Message.Message))
        Messages.push_back(F.Diag.Message.Message);
  llvm::sort(Messages);
  for (const std::string &Message : Messages)
    printUsageError(Message);
  return !Messages.empty();
}

} // namespace

/// Reads `--baseline`, if given, into \p Accepted, warning when it was
/// written for another project.
llvm::Error loadBaseline(const ProjectOptions &O, Report &R,
                         std::optional<Baseline> &Accepted) {
  if (O.BaselineFile.empty())
    return llvm::Error::success();
  BaselineOrigin Origin;
  auto B = readBaseline(O.BaselineFile, &Origin);
  if (!B)
    return B.takeError();
  warnIfForeignBaseline(O.BaselineFile, Origin, R.RepoRoot);
  Accepted = std::move(*B);
  R.UsedBaseline = true;
  return llvm::Error::success();
}

int runMergeCommand(llvm::ArrayRef<const char *> Args) {
  // Options: the reports are the positional arguments.
  std::vector<const char *> Rest = {Args[0]};
  Rest.insert(Rest.end(), Args.begin() + 2, Args.end());
  ProjectOptions O;
  if (auto Err = parseProjectOptions(Rest, O))
    return usageError(*Err);
  if (O.Files.empty())
    return usageError({"merge needs the JSON reports of the shards: "
                       "async-tidy merge <report.json>..."});
  if (O.Diff)
    return usageError({"--diff applies when linting; pass it to each shard"});
  Report R;
  initReport(R, O);

  // Read the shards' reports instead of planning and running.
  ShardReport Shards;
  for (const std::string &Path : O.Files)
    if (llvm::Error E = readJsonReport(Path, R.RepoRoot, Shards))
      return usageError({llvm::toString(std::move(E))});
  R.EnabledChecks.assign(Shards.EnabledChecks.begin(),
                         Shards.EnabledChecks.end());
  std::optional<Baseline> Accepted;
  if (llvm::Error E = loadBaseline(O, R, Accepted))
    return usageError({llvm::toString(std::move(E))});

  // Merge.
  std::vector<UnitOutcome> Outcomes = std::move(Shards.Outcomes);
  Outcomes.push_back(std::move(Shards.Loose));
  SourceText Sources;
  std::vector<Finding> Current =
      mergeOutcomes(std::move(Outcomes), /*Changed=*/nullptr,
                    Accepted ? &*Accepted : nullptr, Sources, R);
  R.SuppressedByBaseline += Shards.SuppressedByBaseline;
  R.SuppressedByDiff += Shards.SuppressedByDiff;
  R.UsedCache = Shards.UsedCache;
  R.CacheHits = Shards.CacheHits;
  R.CacheMisses = Shards.CacheMisses;

  // Report.
  if (auto Err = writeOutputs(R, O, Current, Sources))
    return usageError(*Err);
  printSummary(R, O, Current.size());
  return exitStatus(R, O);
}

int runProjectMode(llvm::ArrayRef<const char *> Args) {
  // Options.
  ProjectOptions O;
  if (auto Err = parseProjectOptions(Args, O))
    return usageError(*Err);
  std::string Self =
      llvm::sys::fs::getMainExecutable(Args[0], (void *)&runProjectMode);
  Report R;
  initReport(R, O);

  // Plan.
  Plan P;
  if (auto Err = planRun(O, R.RepoRoot, P))
    return usageError(*Err);
  ConfigView Config(O);
  if (auto Err = Config.init())
    return usageError(*Err);
  if (auto Err =
          checkConfiguration(Config, O, P.Files, Args[0], R.EnabledChecks))
    return usageError(*Err);
  std::optional<Baseline> Accepted;
  if (llvm::Error E = loadBaseline(O, R, Accepted))
    return usageError({llvm::toString(std::move(E))});

  std::unique_ptr<ResultCache> Cache;
  if (auto Err = ResultCache::open(O, Self, R.RepoRoot, Cache))
    return usageError(*Err);
  if (Cache)
    lookUpCache(P, *Cache, Config, Args[0]);

  // Run.
  std::vector<UnitOutcome> Outcomes;
  if (auto Err = runUnits(P, Cache.get(), O, Self, R.RepoRoot, Outcomes))
    return usageError(*Err);
  if (reportConfigurationErrors(Outcomes))
    return ExitUsage;
  if (Cache) {
    Cache->evict();
    R.UsedCache = true;
    R.CacheHits = Cache->Hits;
    R.CacheMisses = Cache->Misses;
  }

  // Merge.
  SourceText Sources;
  std::vector<Finding> Current =
      mergeOutcomes(std::move(Outcomes), P.Changed ? &*P.Changed : nullptr,
                    Accepted ? &*Accepted : nullptr, Sources, R,
                    /*JoinSummaries=*/O.ShardCount == 0);

  // Report.
  if (auto Err = writeOutputs(R, O, Current, Sources))
    return usageError(*Err);
  printSummary(R, O, Current.size());
  return exitStatus(R, O);
}

} // namespace asynctidy
