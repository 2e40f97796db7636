//===--- DiffFilter.cpp - lines a unified diff adds -----------------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//

#include "DiffFilter.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace asynctidy {

std::string canonicalPath(llvm::StringRef Path, llvm::StringRef Base) {
  llvm::SmallString<256> Abs(Path);
  if (!llvm::sys::path::is_absolute(Abs)) {
    if (!Base.empty()) {
      Abs = Base;
      llvm::sys::path::append(Abs, Path);
    } else {
      llvm::sys::fs::make_absolute(Abs);
    }
  }
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(Abs, Real))
    return std::string(Real);
  return std::string(Abs);
}

llvm::Expected<ChangedLines> ChangedLines::parse(llvm::StringRef Diff,
                                                 llvm::StringRef Root,
                                                 unsigned Strip) {
  ChangedLines Result;
  std::set<unsigned> *Current = nullptr;
  unsigned NewLine = 0;
  unsigned Remaining = 0; // Lines of the new side left in this hunk.
  llvm::SmallVector<llvm::StringRef, 0> DiffLines;
  Diff.split(DiffLines, '\n');
  for (llvm::StringRef L : DiffLines) {
    L = L.rtrim('\r');
    if (L.starts_with("+++ ") && Remaining == 0) {
      llvm::StringRef Name = L.drop_front(4).split('\t').first.rtrim();
      if (Name.size() > 1 && Name.front() == '"' && Name.back() == '"')
        Name = Name.drop_front().drop_back();
      Current = nullptr;
      if (Name == "/dev/null")
        continue;
      for (unsigned I = 0; I < Strip; ++I) {
        size_t Slash = Name.find('/');
        if (Slash == llvm::StringRef::npos)
          break;
        Name = Name.drop_front(Slash + 1);
      }
      Current = &Result.Lines[canonicalPath(Name, Root)];
      continue;
    }
    if (L.starts_with("@@ ")) {
      // @@ -a[,b] +c[,d] @@
      size_t Plus = L.find(" +");
      if (Plus == llvm::StringRef::npos)
        return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                       "malformed hunk header in diff: '%s'",
                                       L.str().c_str());
      llvm::StringRef Range = L.drop_front(Plus + 2).split(' ').first;
      auto [Start, Count] = Range.split(',');
      unsigned S = 0, C = 1;
      if (Start.getAsInteger(10, S) ||
          (!Count.empty() && Count.getAsInteger(10, C)))
        return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                       "malformed hunk header in diff: '%s'",
                                       L.str().c_str());
      NewLine = S;
      Remaining = C;
      continue;
    }
    if (Remaining == 0 || !Current)
      continue;
    if (L.starts_with("+")) {
      Current->insert(NewLine++);
      --Remaining;
    } else if (L.starts_with(" ") || L.empty()) {
      ++NewLine;
      --Remaining;
    }
    // '-' lines and "\ No newline at end of file" do not advance.
  }
  return Result;
}

bool ChangedLines::contains(llvm::StringRef File, unsigned Line) const {
  auto It = Lines.find(File);
  return It != Lines.end() && It->second.count(Line);
}

} // namespace asynctidy
