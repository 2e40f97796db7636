//===--- MergeBlocking.cpp - blocking calls across translation units ------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//

#include "MergeBlocking.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"
#include <map>
#include <optional>

namespace asynctidy {

namespace {

struct Place {
  std::string File;
  unsigned Offset = 0;
};

struct Leaf {
  std::string Description, Category, Suggestion;
  bool Deadlock = false, DescriptorIO = false;
  unsigned Hint = 0;
  Place At;
};

struct Edge {
  std::string Key, Name;
  Place At;
};

struct Function {
  std::string Name, Class;
  std::optional<Leaf> Blocks;
  std::vector<Edge> Calls;
};

struct CoroutineCall {
  std::string Coroutine, Runtime, Class;
  bool NonBlockingFds = false;
  unsigned Depth = 0;
  Edge Call;
};

/// A path from a call down to a blocking call: Steps[0] is in the callee of
/// the coroutine's call; each step names the function it calls (empty at
/// the blocking call itself).
struct Chain {
  const Leaf *Blocking = nullptr;
  llvm::SmallVector<const Edge *, 4> Steps;
  /// The function that makes the blocking call.
  const Function *Last = nullptr;
};

/// A coroutine of a summary's C table.
struct Coroutine {
  std::string Description, Runtime, Class;
  bool NonBlockingFds = false;
  unsigned Depth = 0;
};

/// \p Path, relative to the repository root \p Root unless absolute.
std::string underRoot(llvm::StringRef Root, llvm::StringRef Path) {
  if (Path.empty() || Root.empty() || llvm::sys::path::is_absolute(Path))
    return Path.str();
  llvm::SmallString<256> Abs(Root);
  llvm::sys::path::append(Abs, Path);
  return std::string(Abs);
}

class Join {
public:
  explicit Join(llvm::StringRef Root) : Root(Root.str()) {}

  /// Reads the summary of one unit, the \p Unit-th.
  void read(llvm::StringRef Summary, unsigned Unit) {
    llvm::SmallVector<llvm::StringRef> Lines, Fields;
    Summary.split(Lines, '\n', -1, /*KeepEmpty=*/false);
    // The summary's tables.
    std::vector<std::string> Files, Keys, Names;
    std::vector<Coroutine> Coroutines;
    // An entry of a table, by the number in field \p I; null when the
    // summary is damaged.
    auto entry = [&](const auto &Table, unsigned I) {
      unsigned N = 0;
      bool Bad = Fields[I].getAsInteger(10, N) || N >= Table.size();
      return Bad ? nullptr : &Table[N];
    };
    auto place = [&](unsigned I, Place &P) {
      const std::string *File = entry(Files, I);
      if (!File || Fields[I + 1].getAsInteger(10, P.Offset))
        return false;
      P.File = *File;
      return true;
    };
    // The record a unit is filling, null when its function was already
    // read from another unit (an inline function in a header).
    Function *Current = nullptr;
    for (llvm::StringRef Line : Lines) {
      Fields.clear();
      Line.split(Fields, '\t');
      llvm::StringRef Kind = Fields[0];
      if (Kind == "P" && Fields.size() == 2) {
        Files.push_back(underRoot(Root, Fields[1]));
      } else if ((Kind == "N" || Kind == "L") && Fields.size() == 3) {
        // A function of internal linkage is this unit's alone, however
        // many units have one of the same name.
        Keys.push_back(Kind == "N" ? Fields[1].str()
                                   : (Fields[1] + "\t" + llvm::Twine(Unit))
                                         .str());
        Names.push_back(Fields[2].str());
      } else if (Kind == "C" && Fields.size() == 6) {
        Coroutine C;
        C.Description = Fields[1].str();
        C.Runtime = Fields[2].str();
        C.Class = Fields[3].str();
        C.NonBlockingFds = Fields[4] == "1";
        Fields[5].getAsInteger(10, C.Depth);
        Coroutines.push_back(std::move(C));
      } else if (Kind == "R" && Fields.size() >= 2) {
        auto &List = Suggestions[Fields[1]];
        if (List.empty())
          for (llvm::StringRef S : llvm::ArrayRef(Fields).drop_front(2))
            List.push_back(S.str());
      } else if (Kind == "F" && Fields.size() == 3) {
        Current = nullptr;
        const std::string *Key = entry(Keys, 1);
        if (!Key)
          continue;
        auto [It, Inserted] = Functions.try_emplace(*Key);
        if (!Inserted)
          continue;
        Current = &It->second;
        Current->Name = Names[Key - Keys.data()];
        Current->Class = Fields[2].str();
      } else if (Kind == "B" && Fields.size() == 9 && Current) {
        Leaf L;
        if (!place(7, L.At))
          continue;
        L.Description = Fields[1].str();
        L.Deadlock = Fields[2] == "1";
        L.Category = Fields[3].str();
        L.Suggestion = Fields[4].str();
        Fields[5].getAsInteger(10, L.Hint);
        L.DescriptorIO = Fields[6] == "1";
        Current->Blocks = std::move(L);
      } else if (Kind == "E" && Fields.size() == 4 && Current) {
        Edge E;
        const std::string *Key = entry(Keys, 1);
        if (!Key || !place(2, E.At))
          continue;
        E.Key = *Key;
        E.Name = Names[Key - Keys.data()];
        Current->Calls.push_back(std::move(E));
      } else if (Kind == "X" && Fields.size() == 5) {
        const Coroutine *In = entry(Coroutines, 1);
        const std::string *Key = entry(Keys, 2);
        CoroutineCall C;
        if (!In || !Key || !place(3, C.Call.At))
          continue;
        C.Coroutine = In->Description;
        C.Runtime = In->Runtime;
        C.Class = In->Class;
        C.NonBlockingFds = In->NonBlockingFds;
        C.Depth = In->Depth;
        C.Call.Key = *Key;
        C.Call.Name = Names[Key - Keys.data()];
        Calls.push_back(std::move(C));
      }
    }
  }

  std::vector<Finding> findings() {
    std::vector<Finding> Out;
    for (const CoroutineCall &C : Calls)
      if (std::optional<Finding> F = finding(C))
        Out.push_back(std::move(*F));
    return Out;
  }

private:
  /// The first blocking call reachable from the function \p Key within
  /// \p Depth calls; as BlockingCallCheck::findBlocking, across units.
  std::optional<Chain> findBlocking(llvm::StringRef Key, unsigned Depth,
                                    bool &Incomplete) {
    if (Depth == 0)
      return std::nullopt;
    auto FIt = Functions.find(Key);
    if (FIt == Functions.end())
      return std::nullopt;
    const Function &F = FIt->second;
    auto MemoKey = std::make_pair(Key.str(), Depth);
    if (auto It = Memo.find(MemoKey); It != Memo.end())
      return It->second;
    // Recursion: the cycle adds nothing that the outer walk does not see.
    if (!InProgress.insert(Key).second) {
      Incomplete = true;
      return std::nullopt;
    }
    std::optional<Chain> Found;
    bool LocalIncomplete = false;
    if (F.Blocks) {
      Found = Chain{&*F.Blocks, {}, &F};
    } else if (Depth > 1) {
      for (const Edge &E : F.Calls) {
        if (std::optional<Chain> Inner =
                findBlocking(E.Key, Depth - 1, LocalIncomplete)) {
          Found = Chain{Inner->Blocking, {&E}, Inner->Last};
          Found->Steps.append(Inner->Steps.begin(), Inner->Steps.end());
          break;
        }
      }
    }
    InProgress.erase(Key);
    // An answer cut short by a cycle may differ from another entry point.
    if (Found || !LocalIncomplete)
      Memo[MemoKey] = Found;
    else
      Incomplete = true;
    return Found;
  }

  std::optional<Finding> finding(const CoroutineCall &C) {
    bool Incomplete = false;
    std::optional<Chain> Via = findBlocking(C.Call.Key, C.Depth, Incomplete);
    if (!Via)
      return std::nullopt;
    const Leaf &L = *Via->Blocking;
    // Descriptor I/O on descriptors the coroutine's code keeps non-blocking
    // (see ownsDescriptors in the check).
    if (L.DescriptorIO &&
        (C.NonBlockingFds || (!C.Class.empty() && Via->Last->Class == C.Class)))
      return std::nullopt;
    std::string Suggestion = L.Suggestion;
    if (Suggestion.empty()) {
      auto It = Suggestions.find(C.Runtime);
      if (It != Suggestions.end() && L.Hint < It->second.size())
        Suggestion = It->second[L.Hint];
    }
    Finding F;
    clang::tooling::Diagnostic &D = F.Diag;
    D.DiagnosticName = "async-blocking-call";
    D.DiagLevel = clang::tooling::Diagnostic::Warning;
    D.Message.Message =
        "'" + C.Call.Name + "' in " + C.Coroutine + " calls " + L.Description +
        ", which " +
        (L.Deadlock ? "waits for other work to finish and can deadlock its "
                      "event loop"
                    : "blocks the thread and stalls its event loop") +
        " (" + L.Category + "); " + Suggestion;
    D.Message.FilePath = C.Call.At.File;
    D.Message.FileOffset = C.Call.At.Offset;
    // The notes walk the chain: each function calls the next one here.
    std::string In = C.Call.Name;
    for (const Edge *E : Via->Steps) {
      clang::tooling::DiagnosticMessage N;
      N.Message = "'" + In + "' calls '" + E->Name + "' here";
      N.FilePath = E->At.File;
      N.FileOffset = E->At.Offset;
      D.Notes.push_back(std::move(N));
      In = E->Name;
    }
    clang::tooling::DiagnosticMessage N;
    N.Message = "'" + In + "' calls " + L.Description + " here";
    N.FilePath = L.At.File;
    N.FileOffset = L.At.Offset;
    D.Notes.push_back(std::move(N));
    return F;
  }

  std::string Root;
  llvm::StringMap<Function> Functions;
  llvm::StringMap<std::vector<std::string>> Suggestions;
  std::vector<CoroutineCall> Calls;
  std::map<std::pair<std::string, unsigned>, std::optional<Chain>> Memo;
  llvm::StringSet<> InProgress;
};

} // namespace

std::vector<Finding>
joinBlockingSummaries(llvm::ArrayRef<std::string> Summaries,
                      llvm::StringRef RepoRoot) {
  Join J(RepoRoot);
  for (size_t I = 0; I < Summaries.size(); ++I)
    J.read(Summaries[I], I);
  return J.findings();
}

std::string summaryRelativeTo(llvm::StringRef Summary,
                              llvm::StringRef RepoRoot) {
  std::string Out;
  Out.reserve(Summary.size());
  while (!Summary.empty()) {
    auto [Line, Rest] = Summary.split('\n');
    Summary = Rest;
    if (Line.consume_front("P\t"))
      Out += "P\t" + relativeToRoot(Line, RepoRoot);
    else
      Out += Line.str();
    Out += '\n';
  }
  return Out;
}

} // namespace asynctidy
