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

llvm::Expected<Baseline> readBaseline(llvm::StringRef Path);
llvm::Error writeBaseline(llvm::StringRef Path,
                          llvm::ArrayRef<Finding> Findings);

} // namespace asynctidy

#endif
