//===--- SourceText.h - source files read by the project driver -----------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The project driver reports findings that child processes found: it reads
/// the source files again to turn byte offsets into lines and columns, to
/// quote the code at a location and to name the function around it (for
/// baseline fingerprints that survive line shifts).
///
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TOOL_SOURCETEXT_H
#define ASYNC_TIDY_TOOL_SOURCETEXT_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"
#include <memory>
#include <string>
#include <vector>

namespace asynctidy {

/// A position in a file: 1-based line, 1-based byte column.
struct LineColumn {
  unsigned Line = 0;
  unsigned Column = 0;
};

/// Reads files once and answers questions about offsets in them. Files that
/// cannot be read answer with line 0 and empty text.
class SourceText {
public:
  LineColumn locate(llvm::StringRef File, unsigned Offset);
  /// The text of the 1-based \p Line, without its line break.
  llvm::StringRef lineText(llvm::StringRef File, unsigned Line);
  /// The (qualified) name of the innermost named function whose body contains
  /// \p Offset, found by a lexical scan; empty at namespace scope.
  std::string enclosingFunction(llvm::StringRef File, unsigned Offset);
  /// The 1-based column of \p ByteColumn in UTF-16 code units (SARIF's
  /// default column kind).
  unsigned utf16Column(llvm::StringRef File, unsigned Line,
                       unsigned ByteColumn);

private:
  struct Block {
    unsigned Begin;
    unsigned End;
    std::string Name;
  };
  struct Entry {
    std::unique_ptr<llvm::MemoryBuffer> Buffer;
    std::vector<unsigned> LineStarts;
    bool ScannedFunctions = false;
    std::vector<Block> Functions;
  };
  Entry *get(llvm::StringRef File);
  llvm::StringMap<Entry> Files;
};

/// \p Text with runs of whitespace collapsed to one space and trimmed.
std::string normalizeWhitespace(llvm::StringRef Text);

} // namespace asynctidy

#endif
