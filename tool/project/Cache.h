//===--- Cache.h - results of unchanged translation units -----------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `--cache-dir` keeps what each child left behind, so a translation unit
/// whose inputs have not changed is not parsed again, and a hit reproduces
/// the report exactly (the stored child result is judged like a fresh one).
///
/// An entry is named by a hash of everything known before parsing: the main
/// file's path, its compile commands (minus output and dependency-file
/// flags), the options handed to the child, and the effective clang-tidy
/// configuration for the file (.clang-tidy files, --checks, --config). It
/// records the async-tidy build that wrote it and every file the unit read
/// (the main file and each header, from the compiler's -H list) with a hash
/// of its content; a look-up is a hit only when the build is the same and
/// every one of those files still has the same content. Entries are written
/// to a temporary file and renamed, so concurrent runs sharing a directory
/// never see half an entry; the oldest (least recently used) are removed
/// when the directory grows over `--cache-max-size`.
///
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TOOL_PROJECT_CACHE_H
#define ASYNC_TIDY_TOOL_PROJECT_CACHE_H

#include "Options.h"
#include "Run.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringMap.h"

namespace asynctidy {

class ResultCache {
public:
  /// The cache that \p O asks for (--cache-dir, ASYNC_TIDY_CACHE_DIR,
  /// --no-cache), or null. \p Self is this program, part of every entry.
  /// Paths under \p RepoRoot are stored relative to it, so that a moved
  /// checkout finds its entries (when the root is written plainly).
  static std::optional<UsageError> open(const ProjectOptions &O,
                                        llvm::StringRef Self,
                                        llvm::StringRef RepoRoot,
                                        std::unique_ptr<ResultCache> &Cache);

  /// The entry name for \p File linted with \p Commands and the effective
  /// configuration \p Config (as YAML).
  std::string keyFor(llvm::StringRef File,
                     llvm::ArrayRef<clang::tooling::CompileCommand> Commands,
                     llvm::StringRef Config);
  /// The stored result under \p Key when its inputs are unchanged.
  std::optional<ChildResult> lookUp(llvm::StringRef Key);
  /// Stores \p C under \p Key unless the child failed in a way that may not
  /// happen again (a crash, a missing program). \p Directory resolves the
  /// relative header paths the compiler reported.
  void store(llvm::StringRef Key, const ChildResult &C,
             llvm::StringRef Directory);
  /// Removes the least recently used entries beyond --cache-max-size.
  void evict();

  unsigned Hits = 0;
  unsigned Misses = 0;

private:
  ResultCache(std::string Dir, uint64_t MaxSize, std::string ToolId,
              std::vector<std::string> ChildArgs)
      : Dir(std::move(Dir)), MaxSize(MaxSize), ToolId(std::move(ToolId)),
        ChildArgs(std::move(ChildArgs)) {}
  std::string pathOf(llvm::StringRef Key) const;
  /// \p Text for a key: the root replaced by a token wherever it occurs.
  std::string keyText(llvm::StringRef Text) const;
  /// \p Text to store: the root replaced by a token where it begins a path.
  std::string portable(llvm::StringRef Text) const;
  /// Stored \p Text back in this checkout: the token replaced by the root.
  std::string local(llvm::StringRef Text) const;
  /// A hash of the content of \p Path, memoised for the run; empty when the
  /// file cannot be read.
  std::string contentHash(llvm::StringRef Path);

  std::string Dir;
  uint64_t MaxSize;
  std::string ToolId;
  std::vector<std::string> ChildArgs;
  /// The repository root, when paths under it are stored relative to it.
  std::string Root;
  llvm::StringMap<std::string> Hashes;
};

/// Parses a size such as 500M, 2G, 4096 (bytes); K, M, G are powers of 1024.
std::optional<uint64_t> parseSize(llvm::StringRef Text);

} // namespace asynctidy

#endif
