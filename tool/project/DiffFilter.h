//===--- DiffFilter.h - lines a unified diff adds -------------------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `--diff` judges a change on what it changed: findings are kept only on
/// lines the unified diff adds or modifies (the `+` lines of `git diff`,
/// whatever the context size), like clang-tidy-diff.
///
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TOOL_DIFFFILTER_H
#define ASYNC_TIDY_TOOL_DIFFFILTER_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <set>

namespace asynctidy {

/// Changed lines per file. Files are absolute, normalised paths.
class ChangedLines {
public:
  /// Parses \p Diff; paths in it are taken relative to \p Root after
  /// removing \p Strip leading components (1 for git's `a/` and `b/`).
  static llvm::Expected<ChangedLines>
  parse(llvm::StringRef Diff, llvm::StringRef Root, unsigned Strip);
  bool touches(llvm::StringRef File) const { return Lines.count(File); }
  bool contains(llvm::StringRef File, unsigned Line) const;
  const llvm::StringMap<std::set<unsigned>> &files() const { return Lines; }

private:
  llvm::StringMap<std::set<unsigned>> Lines;
};

/// Absolute, dot-free, symlink-resolved (when it exists) form of \p Path.
std::string canonicalPath(llvm::StringRef Path, llvm::StringRef Base = "");

} // namespace asynctidy

#endif
