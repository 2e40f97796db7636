//===--- SourceText.cpp - source files read by the project driver ---------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//

#include "SourceText.h"
#include "llvm/ADT/StringExtras.h"
#include <algorithm>

namespace asynctidy {

namespace {

bool isIdentChar(char C) { return llvm::isAlnum(C) || C == '_'; }

/// \p Code with comments, string and character literals and preprocessor
/// lines blanked (newlines kept), so that braces and parentheses in them do
/// not count.
std::string blankNonCode(llvm::StringRef Code) {
  std::string Out(Code.str());
  size_t N = Out.size();
  auto Blank = [&](size_t From, size_t To) {
    for (size_t I = From; I < To && I < N; ++I)
      if (Out[I] != '\n')
        Out[I] = ' ';
  };
  bool LineStart = true;
  for (size_t I = 0; I < N;) {
    char C = Code[I];
    if (C == '\n') {
      LineStart = true;
      ++I;
      continue;
    }
    if (LineStart && C == '#') {
      size_t J = I;
      while (J < N && !(Code[J] == '\n' && (J == 0 || Code[J - 1] != '\\')))
        ++J;
      Blank(I, J);
      I = J;
      continue;
    }
    if (!llvm::isSpace(C))
      LineStart = false;
    if (C == '/' && I + 1 < N && Code[I + 1] == '/') {
      size_t J = Code.find('\n', I);
      J = J == llvm::StringRef::npos ? N : J;
      Blank(I, J);
      I = J;
      continue;
    }
    if (C == '/' && I + 1 < N && Code[I + 1] == '*') {
      size_t J = Code.find("*/", I + 2);
      J = J == llvm::StringRef::npos ? N : J + 2;
      Blank(I, J);
      I = J;
      continue;
    }
    if (C == 'R' && I + 1 < N && Code[I + 1] == '"' &&
        (I == 0 || !isIdentChar(Code[I - 1]) || Code[I - 1] == '8' ||
         Code[I - 1] == 'u' || Code[I - 1] == 'U' || Code[I - 1] == 'L')) {
      size_t Paren = Code.find('(', I + 2);
      if (Paren != llvm::StringRef::npos) {
        std::string Close = ")" + Code.slice(I + 2, Paren).str() + "\"";
        size_t J = Code.find(Close, Paren);
        J = J == llvm::StringRef::npos ? N : J + Close.size();
        Blank(I, J);
        I = J;
        continue;
      }
    }
    if (C == '"' || (C == '\'' && (I == 0 || !isIdentChar(Code[I - 1])))) {
      size_t J = I + 1;
      while (J < N && Code[J] != C && Code[J] != '\n') {
        if (Code[J] == '\\')
          ++J;
        ++J;
      }
      Blank(I, J + 1);
      I = J + 1;
      continue;
    }
    ++I;
  }
  return Out;
}

size_t skipSpaceBack(llvm::StringRef S, size_t I) {
  while (I != llvm::StringRef::npos && I < S.size() && llvm::isSpace(S[I]))
    I = I == 0 ? llvm::StringRef::npos : I - 1;
  return I;
}

/// The index of the bracket opening the one closing at \p Close.
size_t matchBack(llvm::StringRef S, size_t Close) {
  char CloseC = S[Close];
  char OpenC = CloseC == ')' ? '(' : CloseC == ']' ? '[' : '{';
  unsigned Depth = 0;
  for (size_t I = Close + 1; I-- > 0;) {
    if (S[I] == CloseC)
      ++Depth;
    else if (S[I] == OpenC && --Depth == 0)
      return I;
  }
  return llvm::StringRef::npos;
}

/// Reads a (qualified) name ending at \p End (inclusive); returns it and sets
/// \p Start to its first character.
std::string nameBefore(llvm::StringRef S, size_t End, size_t &Start) {
  size_t I = End + 1;
  while (I > 0 && (isIdentChar(S[I - 1]) || S[I - 1] == ':' || S[I - 1] == '~'))
    --I;
  // A lone ':' (constructor initialiser list) is not part of a name.
  while (I <= End && S[I] == ':' && !(I + 1 <= End && S[I + 1] == ':'))
    ++I;
  while (I <= End && S[I] == ':')
    ++I;
  Start = I;
  return S.slice(I, End + 1).str();
}

bool isOperatorChar(char C) {
  return llvm::StringRef("=!<>+-*/%&|^~[]()").contains(C);
}

/// The name of the function whose body the '{' at \p Brace opens; empty
/// when the block is not a named function body (a lambda, a class, a
/// control statement, an initialiser).
std::string classifyBrace(llvm::StringRef S, size_t Brace) {
  if (Brace == 0)
    return "";
  size_t I = Brace - 1;
  for (unsigned Guard = 0; Guard < 64; ++Guard) {
    // Skip cv/ref qualifiers, noexcept, override, trailing return types.
    while (I != llvm::StringRef::npos &&
           (llvm::isSpace(S[I]) || isIdentChar(S[I]) ||
            llvm::StringRef("&*<>:.-").contains(S[I])))
      I = I == 0 ? llvm::StringRef::npos : I - 1;
    if (I == llvm::StringRef::npos)
      return "";
    if (S[I] == ']')
      return ""; // A lambda.
    if (S[I] != ')' && S[I] != '}')
      return "";
    size_t Open = matchBack(S, I);
    if (Open == llvm::StringRef::npos || Open == 0)
      return "";
    size_t End = skipSpaceBack(S, Open - 1);
    if (End == llvm::StringRef::npos)
      return "";
    if (S[I] == ')' && S[End] == ']')
      return ""; // A lambda with parameters.
    size_t Start = End;
    std::string Name;
    if (isIdentChar(S[End])) {
      Name = nameBefore(S, End, Start);
    } else if (S[I] == ')' && isOperatorChar(S[End])) {
      size_t J = End;
      while (J > 0 && isOperatorChar(S[J - 1]))
        --J;
      size_t K = skipSpaceBack(S, J == 0 ? llvm::StringRef::npos : J - 1);
      if (K != llvm::StringRef::npos && K >= 7 &&
          S.slice(K - 7, K + 1) == "operator") {
        std::string Qualifier = nameBefore(S, K, Start);
        Name = Qualifier + S.slice(J, End + 1).str();
      }
    }
    if (Name.empty())
      return "";
    llvm::StringRef Last = llvm::StringRef(Name).rsplit("::").second;
    if (Last.empty())
      Last = Name;
    if (Last == "noexcept" || Last == "decltype" || Last == "requires" ||
        Last == "throw" || Last == "alignas" || Last == "__attribute__") {
      I = Start == 0 ? llvm::StringRef::npos : Start - 1;
      if (I == llvm::StringRef::npos)
        return "";
      continue;
    }
    if (Last == "if" || Last == "for" || Last == "while" || Last == "switch" ||
        Last == "catch" || Last == "return" || Last == "sizeof" ||
        Last == "constexpr" || Last == "consteval")
      return "";
    // A member initialiser `x(a),` or `: x(a)`: the parameters come earlier.
    size_t Before =
        skipSpaceBack(S, Start == 0 ? llvm::StringRef::npos : Start - 1);
    if (Before != llvm::StringRef::npos &&
        (S[Before] == ',' ||
         (S[Before] == ':' && (Before == 0 || S[Before - 1] != ':')))) {
      if (Before == 0)
        return "";
      I = Before - 1;
      continue;
    }
    if (S[I] == '}')
      return ""; // `T x{...} {` is not a function.
    return Name;
  }
  return "";
}

} // namespace

std::string normalizeWhitespace(llvm::StringRef Text) {
  std::string Out;
  bool PendingSpace = false;
  for (char C : Text.trim()) {
    if (llvm::isSpace(C)) {
      PendingSpace = true;
      continue;
    }
    if (PendingSpace)
      Out += ' ';
    PendingSpace = false;
    Out += C;
  }
  return Out;
}

SourceText::Entry *SourceText::get(llvm::StringRef File) {
  auto It = Files.find(File);
  if (It != Files.end())
    return It->second.Buffer ? &It->second : nullptr;
  Entry &E = Files[File];
  auto Buffer = llvm::MemoryBuffer::getFile(File, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return nullptr;
  E.Buffer = std::move(*Buffer);
  llvm::StringRef Code = E.Buffer->getBuffer();
  E.LineStarts.push_back(0);
  for (size_t I = 0; I < Code.size(); ++I)
    if (Code[I] == '\n')
      E.LineStarts.push_back(I + 1);
  return &E;
}

LineColumn SourceText::locate(llvm::StringRef File, unsigned Offset) {
  Entry *E = get(File);
  if (!E)
    return {};
  auto It =
      std::upper_bound(E->LineStarts.begin(), E->LineStarts.end(), Offset);
  unsigned Line = It - E->LineStarts.begin();
  return {Line, Offset - E->LineStarts[Line - 1] + 1};
}

llvm::StringRef SourceText::lineText(llvm::StringRef File, unsigned Line) {
  Entry *E = get(File);
  if (!E || Line == 0 || Line > E->LineStarts.size())
    return "";
  llvm::StringRef Code = E->Buffer->getBuffer();
  size_t Begin = E->LineStarts[Line - 1];
  size_t End = Line < E->LineStarts.size() ? E->LineStarts[Line] : Code.size();
  return Code.slice(Begin, End).rtrim("\r\n");
}

unsigned SourceText::utf16Column(llvm::StringRef File, unsigned Line,
                                 unsigned ByteColumn) {
  llvm::StringRef Text = lineText(File, Line);
  unsigned Units = 0;
  for (unsigned I = 0; I + 1 < ByteColumn && I < Text.size(); ++I) {
    unsigned char C = Text[I];
    if ((C & 0xC0) == 0x80)
      continue; // Continuation byte.
    Units += C >= 0xF0 ? 2 : 1;
  }
  if (ByteColumn > Text.size() + 1)
    Units += ByteColumn - 1 - Text.size();
  return Units + 1;
}

std::string SourceText::enclosingFunction(llvm::StringRef File,
                                          unsigned Offset) {
  Entry *E = get(File);
  if (!E)
    return "";
  if (!E->ScannedFunctions) {
    E->ScannedFunctions = true;
    std::string Clean = blankNonCode(E->Buffer->getBuffer());
    llvm::StringRef S(Clean);
    std::vector<std::pair<unsigned, std::string>> Open;
    for (size_t I = 0; I < S.size(); ++I) {
      if (S[I] == '{') {
        Open.emplace_back(I, classifyBrace(S, I));
      } else if (S[I] == '}' && !Open.empty()) {
        if (!Open.back().second.empty())
          E->Functions.push_back({Open.back().first, static_cast<unsigned>(I),
                                  std::move(Open.back().second)});
        Open.pop_back();
      }
    }
  }
  // Innermost: the containing block that starts last.
  const Block *Best = nullptr;
  for (const Block &B : E->Functions)
    if (B.Begin < Offset && Offset <= B.End && (!Best || B.Begin > Best->Begin))
      Best = &B;
  return Best ? Best->Name : "";
}

} // namespace asynctidy
