//===--- FileModeUsage.h - usage errors of single-file mode ---*- C++ -*-===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// In file mode async-tidy is clang-tidy, whose driver answers a bad command
/// line with exit status 1 (the status of findings) and often its whole
/// --help. async-tidy promises 2 and one line for every usage or
/// configuration error (docs/ci.md), so it looks for them first.
///
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TOOL_FILEMODEUSAGE_H
#define ASYNC_TIDY_TOOL_FILEMODEUSAGE_H

#include "llvm/ADT/ArrayRef.h"
#include <optional>
#include <string>

namespace asynctidy {

/// The first usage or configuration error of the file-mode command line
/// \p Args, in one line: an unknown option or a bad option value (found by
/// clang-tidy's own option parser), `--config` with `--config-file`, a broken
/// configuration, an invalid header filter, an unknown check on the command
/// line (with the closest known one; one in a file is a warning, see
/// project/CheckNames.h) or no check enabled. Nothing when the command line is
/// fine, or asks for --help or --version.
std::optional<std::string> findFileModeUsageError(
    llvm::ArrayRef<const char *> Args);

} // namespace asynctidy

#endif // ASYNC_TIDY_TOOL_FILEMODEUSAGE_H
