//===--- CheckNames.h - check names that match no check -------------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// An unknown check name is a usage error where the user typed it (`--checks`,
/// `--config`), but only a warning in a configuration file (`.clang-tidy`,
/// `--config-file`): such files are shared with stock clang-tidy, other tools
/// and other versions of clang-tidy and async-tidy, which know other checks
/// (docs/ci.md). Both modes judge them here, so that they agree.
///
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TOOL_CHECKNAMES_H
#define ASYNC_TIDY_TOOL_CHECKNAMES_H

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include <optional>
#include <string>

namespace asynctidy {

/// Judges the `Checks` value \p Checks that clang-tidy's options provider
/// read from \p Source (as getRawOptions names it). \p ConfigFile: the file
/// of `--config-file`, if any (clang-tidy names it like `--config`).
/// Returns the error for the first enabling glob that matches no check in
/// \p All when \p Source is the command line; for a file, prints a warning
/// (once per source and glob, over the whole run) and returns nothing.
std::optional<std::string> judgeCheckNames(llvm::StringRef Checks,
                                           llvm::StringRef Source,
                                           llvm::StringRef ConfigFile,
                                           const llvm::StringSet<> &All);

} // namespace asynctidy

#endif // ASYNC_TIDY_TOOL_CHECKNAMES_H
