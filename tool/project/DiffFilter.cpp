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

namespace {

/// The file name of a `+++` line. Git writes a name with unusual bytes
/// (anything but printable ASCII, unless core.quotePath is off) between
/// double quotes, with C escapes and each byte >= 0x80 in octal:
/// "b/h\351.h" is b/h<0xE9>.h.
std::string unquoteDiffPath(llvm::StringRef Name) {
  if (Name.size() < 2 || Name.front() != '"' || Name.back() != '"')
    return Name.str();
  Name = Name.drop_front().drop_back();
  std::string Out;
  for (size_t I = 0; I < Name.size(); ++I) {
    if (Name[I] != '\\' || I + 1 == Name.size()) {
      Out += Name[I];
      continue;
    }
    auto IsOctal = [](char C) { return C >= '0' && C <= '7'; };
    llvm::StringRef Digits = Name.substr(I + 1, 3).take_while(IsOctal);
    unsigned Byte = 0;
    if (!Digits.empty() && !Digits.getAsInteger(8, Byte) && Byte < 256) {
      Out += static_cast<char>(Byte);
      I += Digits.size();
      continue;
    }
    // \a \b \f \n \r \t \v; \" and \\ stand for themselves.
    char C = Name[++I];
    size_t Escape = llvm::StringRef("abfnrtv").find(C);
    Out += Escape == llvm::StringRef::npos ? C : "\a\b\f\n\r\t\v"[Escape];
  }
  return Out;
}

} // namespace

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
      std::string Unquoted =
          unquoteDiffPath(L.drop_front(4).split('\t').first.rtrim());
      llvm::StringRef Name = Unquoted;
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
