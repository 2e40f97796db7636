//===--- Merge.cpp - one list of findings from many translation units -----===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//

#include "Merge.h"
#include "MergeBlocking.h"
#include "llvm/ADT/STLExtras.h"

namespace asynctidy {

bool findingLess(const Finding &A, const Finding &B) {
  const auto &MA = A.Diag.Message, &MB = B.Diag.Message;
  return std::tie(MA.FilePath, MA.FileOffset, A.Diag.DiagnosticName,
                  MA.Message) < std::tie(MB.FilePath, MB.FileOffset,
                                         B.Diag.DiagnosticName, MB.Message);
}

namespace {

bool sameFinding(const Finding &A, const Finding &B) {
  return !findingLess(A, B) && !findingLess(B, A);
}

/// Sorts, deduplicates and locates \p List.
void finish(std::vector<Finding> &List, llvm::StringRef RepoRoot,
            SourceText &Sources) {
  llvm::sort(List, findingLess);
  List.erase(std::unique(List.begin(), List.end(), sameFinding), List.end());
  for (Finding &F : List) {
    const auto &M = F.Diag.Message;
    F.RelFile = M.FilePath.empty() ? std::string()
                                   : relativeToRoot(M.FilePath, RepoRoot);
    if (!M.FilePath.empty())
      F.Where = Sources.locate(M.FilePath, M.FileOffset);
  }
}

} // namespace

std::vector<Finding> mergeOutcomes(std::vector<UnitOutcome> Outcomes,
                                   const ChangedLines *Changed,
                                   Baseline *Accepted, SourceText &Sources,
                                   Report &R, bool JoinSummaries) {
  std::vector<Finding> Warnings, CompilerErrors;
  std::vector<std::string> Summaries;
  for (UnitOutcome &Out : Outcomes) {
    if (JoinSummaries && !Out.Unit.Summary.empty())
      Summaries.push_back(Out.Unit.Summary);
    llvm::append_range(Warnings, std::move(Out.Warnings));
    llvm::append_range(CompilerErrors, std::move(Out.CompilerErrors));
    // Findings read back from shard reports belong to no one unit.
    if (!Out.Unit.File.empty())
      R.Units.push_back(std::move(Out.Unit));
  }
  // Blocking calls across units: the summaries of all of them, joined.
  llvm::append_range(Warnings, joinBlockingSummaries(Summaries, R.RepoRoot));
  finish(Warnings, R.RepoRoot, Sources);
  finish(CompilerErrors, R.RepoRoot, Sources);

  // Filter: changed lines, then the baseline.
  std::vector<Finding> Current;
  for (Finding &F : Warnings) {
    if (Changed && !Changed->contains(F.Diag.Message.FilePath, F.Where.Line)) {
      ++R.SuppressedByDiff;
      continue;
    }
    fingerprint(F, Sources);
    Current.push_back(std::move(F));
  }
  for (const Finding &F : Current) {
    if (Accepted) {
      auto It = Accepted->find(F.Fingerprint);
      if (It != Accepted->end() && It->second > 0) {
        --It->second;
        ++R.SuppressedByBaseline;
        continue;
      }
    }
    R.Findings.push_back(F);
  }
  R.CompilerErrors = std::move(CompilerErrors);
  llvm::sort(R.Units, [](const UnitResult &A, const UnitResult &B) {
    return A.File < B.File;
  });
  return Current;
}

} // namespace asynctidy
