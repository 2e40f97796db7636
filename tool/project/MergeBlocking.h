//===--- MergeBlocking.h - blocking calls across translation units --------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Part of stage 4 of project mode: the cross-TU join of async-blocking-call.
/// Each child, given ASYNC_TIDY_SUMMARY_FILE, writes a summary of its unit
/// (the format and what it leaves out are described in
/// checks/BlockingCallCheck.cpp): for the functions defined there that the
/// join can need, the first blocking call or the calls each makes; and each
/// call from a coroutine that may lead out of the unit. The project runner
/// makes its paths relative to the repository root (summaryRelativeTo).
/// After all units, each such call whose callee reaches a blocking call
/// through functions of any unit, within the check's TransitiveDepth,
/// becomes a finding with the same message as the same-TU transitive one.
///
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TOOL_PROJECT_MERGEBLOCKING_H
#define ASYNC_TIDY_TOOL_PROJECT_MERGEBLOCKING_H

#include "ProjectMode.h"
#include "llvm/ADT/ArrayRef.h"

namespace asynctidy {

/// The environment variable that names a child's summary file.
inline constexpr const char *SummaryFileVar = "ASYNC_TIDY_SUMMARY_FILE";

/// The findings of the join of \p Summaries, one per unit (empty when a unit
/// left none), whose relative paths are in \p RepoRoot. A function defined
/// in several units is summarised once.
std::vector<Finding>
joinBlockingSummaries(llvm::ArrayRef<std::string> Summaries,
                      llvm::StringRef RepoRoot);

/// \p Summary (as a child wrote it) with the paths under \p RepoRoot made
/// relative to it: shard reports of checkouts in different directories join
/// alike, and a cached summary does not depend on where the checkout is.
std::string summaryRelativeTo(llvm::StringRef Summary,
                              llvm::StringRef RepoRoot);

} // namespace asynctidy

#endif
