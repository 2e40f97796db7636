//===--- Merge.h - one list of findings from many translation units -------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Stage 4 of project mode: the outcomes of all translation units become one
/// report. A header included by many units is reported once; findings are
/// sorted by file and offset whatever order the units ran in; then findings
/// off the changed lines of `--diff` and those a `--baseline` accepts are
/// dropped (and counted).
///
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TOOL_PROJECT_MERGE_H
#define ASYNC_TIDY_TOOL_PROJECT_MERGE_H

#include "Baseline.h"
#include "DiffFilter.h"
#include "ProjectMode.h"
#include "Run.h"

namespace asynctidy {

/// The order of findings in every report: file, offset, check, message.
bool findingLess(const Finding &A, const Finding &B);

/// Fills the findings, compiler errors, units and suppression counts of \p R
/// from \p Outcomes. \p Changed (--diff) and \p Accepted (--baseline, whose
/// counts are used up) may be null. Returns the findings that
/// `--write-baseline` records: all of them inside the diff, fingerprinted.
/// With \p JoinSummaries, the findings of the cross-TU join of the units'
/// summaries are added (see MergeBlocking.h); a shard, which sees only some
/// units, leaves that to `async-tidy merge`.
std::vector<Finding> mergeOutcomes(std::vector<UnitOutcome> Outcomes,
                                   const ChangedLines *Changed,
                                   Baseline *Accepted, SourceText &Sources,
                                   Report &R, bool JoinSummaries = true);

} // namespace asynctidy

#endif
