//===--- Baseline.h - accepted findings of an existing codebase -----------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A baseline records the findings a codebase already has, so that CI fails
/// only on new ones. A finding is identified by a fingerprint of its file
/// (relative to the repository root), check, enclosing function, the
/// whitespace-normalised source line it points at and its message; never by
/// the line number, so unrelated edits that shift lines keep matching. Equal
/// fingerprints are counted: two identical findings in one function need two
/// entries.
///
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TOOL_BASELINE_H
#define ASYNC_TIDY_TOOL_BASELINE_H

#include "ProjectMode.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

namespace asynctidy {

/// Fills Function and Fingerprint of \p F (Where and RelFile must be set).
void fingerprint(Finding &F, SourceText &Sources);

/// Fingerprint -> how many findings with it the baseline accepts.
using Baseline = llvm::StringMap<unsigned>;

/// Where a baseline comes from: the name of the repository root it was
/// written in, and the files its findings are in (relative to that root).
struct BaselineOrigin {
  std::string Project;
  std::vector<std::string> Files;
};

llvm::Expected<Baseline> readBaseline(llvm::StringRef Path,
                                      BaselineOrigin *Origin = nullptr);
llvm::Error writeBaseline(llvm::StringRef Path,
                          llvm::ArrayRef<Finding> Findings,
                          llvm::StringRef RepoRoot = "");

/// Warns (one line) when \p Origin is not this repository: none of the files
/// it names exists under \p RepoRoot, so it cannot suppress anything here
/// except by accident.
void warnIfForeignBaseline(llvm::StringRef Path, const BaselineOrigin &Origin,
                           llvm::StringRef RepoRoot);

} // namespace asynctidy

#endif
