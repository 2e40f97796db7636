//===--- Display.h - what people see on stderr while and after linting ----===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Project mode talks to people on stderr, so that stdout stays the report:
/// a progress bar (or one line per unit) while children run, then the list of
/// units that could not be analysed and a closing summary.
///
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TOOL_PROJECT_DISPLAY_H
#define ASYNC_TIDY_TOOL_PROJECT_DISPLAY_H

#include "Options.h"
#include "ProjectMode.h"
#include "llvm/ADT/StringRef.h"
#include <chrono>

namespace asynctidy {

/// Progress of the run on stderr: `--progress=bar|lines|none|auto`.
class Progress {
public:
  Progress(llvm::StringRef Mode, size_t Total, bool Quiet);
  /// \p Done units finished; \p Current just started or finished.
  void update(size_t Done, llvm::StringRef Current, llvm::StringRef Root);
  void finish();

private:
  size_t Total;
  bool Bar = false, Lines = false;
  std::chrono::steady_clock::time_point Start;
};

/// Counts the closing summary and the exit status both need.
struct Outcome {
  unsigned Failed = 0;   ///< Units that could not be analysed.
  unsigned Promoted = 0; ///< Findings promoted by --warnings-as-errors.
};
Outcome countOutcome(const Report &R);

/// Prints the failed units and, unless --quiet, the closing summary.
/// \p BaselineWritten is the number of findings written by --write-baseline.
void printSummary(const Report &R, const ProjectOptions &O,
                  size_t BaselineWritten);

} // namespace asynctidy

#endif
