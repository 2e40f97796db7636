//===--- Run.cpp - linting translation units in child processes -----------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//

#include "Run.h"
#include "Cache.h"
#include "Display.h"
#include "MergeBlocking.h"
#include "Plan.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/YAMLTraits.h"
#include <chrono>
#include <map>
#include <thread>
#include <unistd.h> // environ

using namespace clang;

namespace asynctidy {

namespace {

// Running the children ------------------------------------------------------

struct Job {
  std::string File;
  std::string YamlPath, OutPath, ErrPath, SummaryPath;
  llvm::sys::ProcessInfo PI;
  bool Started = false;
  bool Done = false;
  int ReturnCode = 0;
  std::string ErrMsg;
};

void runJobs(std::vector<Job> &Jobs, const ProjectOptions &O,
             llvm::StringRef Self, llvm::StringRef BuildPath, Progress &Prog,
             llvm::StringRef Root, bool ListIncludes) {
  unsigned Parallel =
      O.Jobs ? O.Jobs
             : llvm::heavyweight_hardware_concurrency().compute_thread_count();
  if (Parallel == 0)
    Parallel = 1;
  size_t Next = 0, Running = 0, Finished = 0;
  std::vector<size_t> Active;
  Prog.update(0, "", Root);
  // Each child inherits the environment, plus where to write its summary.
  std::vector<std::string> Environment;
  for (char **Var = environ; Var && *Var; ++Var)
    if (!llvm::StringRef(*Var).starts_with(
            (llvm::Twine(SummaryFileVar) + "=").str()))
      Environment.push_back(*Var);
  Environment.emplace_back();
  while (Finished < Jobs.size()) {
    while (Running < Parallel && Next < Jobs.size()) {
      Job &J = Jobs[Next++];
      std::vector<std::string> Storage = {Self.str()};
      for (const std::string &A : O.ChildArgs)
        Storage.push_back(A);
      Storage.push_back("--quiet");
      // -H lists every header the unit includes on stderr (for the cache).
      if (ListIncludes)
        Storage.push_back("--extra-arg=-H");
      Storage.push_back(("-p=" + BuildPath).str());
      Storage.push_back("--export-fixes=" + J.YamlPath);
      Storage.push_back(J.File);
      std::vector<llvm::StringRef> Argv(Storage.begin(), Storage.end());
      std::optional<llvm::StringRef> Redirects[] = {llvm::StringRef(""),
                                                    llvm::StringRef(J.OutPath),
                                                    llvm::StringRef(J.ErrPath)};
      Environment.back() =
          (llvm::Twine(SummaryFileVar) + "=" + J.SummaryPath).str();
      std::vector<llvm::StringRef> Env(Environment.begin(), Environment.end());
      bool ExecFailed = false;
      J.PI = llvm::sys::ExecuteNoWait(Self, Argv, Env, Redirects, 0,
                                      &J.ErrMsg, &ExecFailed);
      J.Started = !ExecFailed && J.PI.Pid != 0;
      if (!J.Started) {
        J.Done = true;
        J.ReturnCode = -1;
        ++Finished;
        continue;
      }
      Active.push_back(&J - Jobs.data());
      ++Running;
      Prog.update(Finished, J.File, Root);
    }
    bool Progressed = false;
    for (size_t K = 0; K < Active.size();) {
      Job &J = Jobs[Active[K]];
      std::string Err;
      llvm::sys::ProcessInfo R = llvm::sys::Wait(J.PI, 0, &Err);
      if (R.Pid == 0) {
        ++K;
        continue;
      }
      J.Done = true;
      J.ReturnCode = R.ReturnCode;
      if (!Err.empty())
        J.ErrMsg = Err;
      Active.erase(Active.begin() + K);
      --Running;
      ++Finished;
      Progressed = true;
      Prog.update(Finished, J.File, Root);
    }
    if (!Progressed)
      std::this_thread::sleep_for(std::chrono::milliseconds(15));
  }
  Prog.finish();
}

// Collecting results -------------------------------------------------------

std::string readSmallFile(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  return Buffer ? (*Buffer)->getBuffer().str() : std::string();
}

void normalisePath(std::string &Path, llvm::StringRef BuildDir) {
  if (Path.empty())
    return;
  llvm::SmallString<256> P(Path);
  if (!llvm::sys::path::is_absolute(P)) {
    P = BuildDir;
    llvm::sys::path::append(P, Path);
  }
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  Path = std::string(P);
}

void normaliseMessage(clang::tooling::DiagnosticMessage &M,
                      llvm::StringRef BuildDir) {
  normalisePath(M.FilePath, BuildDir);
  for (clang::tooling::FileByteRange &R : M.Ranges)
    normalisePath(R.FilePath, BuildDir);
  llvm::StringMap<clang::tooling::Replacements> Fix;
  for (auto &[File, Repls] : M.Fix) {
    std::string Abs = File.str();
    normalisePath(Abs, BuildDir);
    clang::tooling::Replacements Out;
    for (const clang::tooling::Replacement &R : Repls) {
      llvm::consumeError(Out.add(clang::tooling::Replacement(
          Abs, R.getOffset(), R.getLength(), R.getReplacementText())));
    }
    Fix[Abs] = std::move(Out);
  }
  M.Fix = std::move(Fix);
}

// Paths that are not UTF-8 ------------------------------------------------

/// U+FFFD in UTF-8: what clang-tidy's YAML export writes for a byte that is
/// not valid UTF-8.
constexpr llvm::StringLiteral ReplacementCharacter = "\xEF\xBF\xBD";

/// Whether the YAML export turns \p Raw into \p Exported. Its writer
/// (llvm::yaml::escape) stops at the first byte that is not valid UTF-8 and
/// writes U+FFFD instead of the rest, so Raw's escaped form must equal the
/// escaped form of what was read back.
bool exportsAs(llvm::StringRef Raw, llvm::StringRef Exported) {
  return llvm::yaml::escape(Raw, /*EscapePrintable=*/false) ==
         llvm::yaml::escape(Exported, /*EscapePrintable=*/false);
}

/// The parts of a text diagnostic line `<file>:<line>:<col>: <level>: <text>`.
struct PrintedDiagnostic {
  llvm::StringRef File, Text;
};

std::optional<PrintedDiagnostic> parsePrinted(llvm::StringRef Line) {
  for (llvm::StringRef Level :
       {": warning: ", ": error: ", ": note: ", ": remark: ",
        ": fatal error: "}) {
    size_t Pos = Line.find(Level);
    if (Pos == llvm::StringRef::npos)
      continue;
    llvm::StringRef Place = Line.take_front(Pos);
    // Column, then line.
    for (int I = 0; I < 2; ++I) {
      size_t Colon = Place.rfind(':');
      if (Colon == llvm::StringRef::npos ||
          !llvm::all_of(Place.drop_front(Colon + 1), llvm::isDigit))
        return std::nullopt;
      Place = Place.take_front(Colon);
    }
    return PrintedDiagnostic{Place, Line.drop_front(Pos + Level.size())};
  }
  return std::nullopt;
}

/// Drops the colour escapes (ESC [ ... m) a `UseColor: true` adds.
std::string withoutColour(llvm::StringRef Line) {
  std::string Out;
  for (size_t I = 0; I < Line.size(); ++I) {
    if (Line[I] == '\x1b' && I + 1 < Line.size() && Line[I + 1] == '[') {
      size_t End = Line.find('m', I);
      if (End != llvm::StringRef::npos) {
        I = End;
        continue;
      }
    }
    Out += Line[I];
  }
  return Out;
}

/// clang-tidy's YAML export cannot hold a file name that is not valid UTF-8
/// (it keeps the part before the first bad byte and a U+FFFD), but its text
/// output, in \p Stdout, prints every diagnostic and note with the file name
/// as it is, in the same order as the export. This puts those names back into
/// \p TUD, byte for byte; a message whose printed line cannot be found keeps
/// the name it had.
void recoverPaths(clang::tooling::TranslationUnitDiagnostics &TUD,
                  llvm::StringRef Stdout) {
  llvm::SmallVector<llvm::StringRef> RawLines;
  Stdout.split(RawLines, '\n');
  std::vector<std::string> Lines;
  for (llvm::StringRef Line : RawLines)
    Lines.push_back(withoutColour(Line));
  size_t Next = 0;
  // Exported name -> recovered name, for ranges and fixes, which are not
  // printed; nullopt when two recovered names export alike.
  std::map<std::string, std::optional<std::string>> Recovered;
  auto Recover = [&](clang::tooling::DiagnosticMessage &M,
                     llvm::StringRef BuildDir) {
    if (!llvm::StringRef(M.FilePath).contains(ReplacementCharacter))
      return;
    llvm::StringRef FirstLine = llvm::StringRef(M.Message).split('\n').first;
    for (size_t I = Next; I < Lines.size(); ++I) {
      std::optional<PrintedDiagnostic> P = parsePrinted(Lines[I]);
      if (!P || !P->Text.starts_with(FirstLine))
        continue;
      // Printed relative to the build directory, or absolute.
      llvm::SmallString<256> Raw(P->File);
      if (!llvm::sys::path::is_absolute(Raw) &&
          llvm::sys::path::is_absolute(M.FilePath)) {
        Raw = BuildDir;
        llvm::sys::path::append(Raw, P->File);
        llvm::sys::path::remove_dots(Raw, /*remove_dot_dot=*/true);
      }
      if (!exportsAs(Raw, M.FilePath))
        continue;
      auto [It, New] = Recovered.try_emplace(M.FilePath, std::string(Raw));
      if (!New && It->second != std::string(Raw))
        It->second.reset();
      M.FilePath = std::string(Raw);
      Next = I + 1;
      return;
    }
  };
  auto RecoverOthers = [&](clang::tooling::DiagnosticMessage &M) {
    auto Fixed = [&](const std::string &Path) -> std::string {
      if (!llvm::StringRef(Path).contains(ReplacementCharacter))
        return Path;
      if (exportsAs(M.FilePath, Path))
        return M.FilePath;
      auto It = Recovered.find(Path);
      return It != Recovered.end() && It->second ? *It->second : Path;
    };
    for (clang::tooling::FileByteRange &R : M.Ranges)
      R.FilePath = Fixed(R.FilePath);
    llvm::StringMap<clang::tooling::Replacements> Fix;
    for (auto &[File, Repls] : M.Fix) {
      std::string Name = Fixed(File.str());
      clang::tooling::Replacements Out;
      for (const clang::tooling::Replacement &R : Repls)
        llvm::consumeError(Out.add(clang::tooling::Replacement(
            Name, R.getOffset(), R.getLength(), R.getReplacementText())));
      Fix[Name] = std::move(Out);
    }
    M.Fix = std::move(Fix);
  };
  for (clang::tooling::Diagnostic &D : TUD.Diagnostics) {
    Recover(D.Message, D.BuildDirectory);
    for (clang::tooling::DiagnosticMessage &N : D.Notes)
      Recover(N, D.BuildDirectory);
  }
  for (clang::tooling::Diagnostic &D : TUD.Diagnostics) {
    RecoverOthers(D.Message);
    for (clang::tooling::DiagnosticMessage &N : D.Notes)
      RecoverOthers(N);
  }
}

/// Parses one child's export; false when there is none or it is broken.
bool readExport(const ChildResult &C,
                clang::tooling::TranslationUnitDiagnostics &TUD,
                std::string &Error) {
  if (!C.HaveExport)
    return false;
  llvm::yaml::Input In(C.Export);
  In >> TUD;
  if (In.error()) {
    Error = "cannot read the child's diagnostics: " + In.error().message();
    return false;
  }
  if (!C.Stdout.empty())
    recoverPaths(TUD, C.Stdout);
  return true;
}

std::string lastLines(llvm::StringRef Text, unsigned N) {
  Text = Text.rtrim();
  size_t Pos = Text.size();
  for (unsigned I = 0; I < N && Pos != llvm::StringRef::npos && Pos > 0; ++I)
    Pos = Text.rfind('\n', Pos - 1);
  if (Pos == llvm::StringRef::npos)
    return Text.str();
  return Text.drop_front(Pos + 1).str();
}

/// Reads what the child of \p J left behind.
ChildResult readChild(const Job &J, bool ListIncludes) {
  ChildResult C;
  C.File = J.File;
  C.Started = J.Started;
  C.ReturnCode = J.ReturnCode;
  C.ErrMsg = J.ErrMsg;
  if (auto Buffer = llvm::MemoryBuffer::getFile(J.YamlPath, /*IsText=*/true)) {
    C.HaveExport = true;
    C.Export = (*Buffer)->getBuffer().str();
  }
  if (llvm::StringRef(C.Export).contains(ReplacementCharacter))
    C.Stdout = readSmallFile(J.OutPath);
  C.Summary = readSmallFile(J.SummaryPath);
  std::string Stderr = readSmallFile(J.ErrPath);
  if (!ListIncludes) {
    C.Stderr = std::move(Stderr);
    return C;
  }
  // -H writes one line per header entered: dots for the depth, a space and
  // the path. Everything else is the child's own output.
  llvm::SmallVector<llvm::StringRef> Lines;
  llvm::StringRef(Stderr).split(Lines, '\n');
  for (llvm::StringRef Line : Lines) {
    llvm::StringRef Path = Line.ltrim('.');
    if (Path.size() < Line.size() && Path.consume_front(" ")) {
      C.Includes.push_back(Path.str());
      continue;
    }
    C.Stderr += Line.str() + "\n";
  }
  return C;
}

} // namespace

UnitOutcome judgeChild(const ChildResult &J, llvm::StringRef Self) {
  UnitOutcome Out;
  UnitResult &U = Out.Unit;
  U.File = J.File;
  U.Summary = J.Summary;
  clang::tooling::TranslationUnitDiagnostics TUD;
  std::string ReadError;
  bool HaveExport = J.Started && readExport(J, TUD, ReadError);
  bool AnyError = false;
  unsigned CompilerErrorCount = 0;
  for (clang::tooling::Diagnostic &D : TUD.Diagnostics) {
    Finding F;
    normaliseMessage(D.Message, D.BuildDirectory);
    for (clang::tooling::DiagnosticMessage &N : D.Notes)
      normaliseMessage(N, D.BuildDirectory);
    F.Diag = std::move(D);
    bool IsError = F.Diag.DiagLevel == tooling::Diagnostic::Error;
    AnyError |= IsError;
    F.IsCompilerError =
        IsError &&
        llvm::StringRef(F.Diag.DiagnosticName).starts_with("clang-diagnostic-");
    // clang-tidy exports warnings promoted by --warnings-as-errors with
    // the error level.
    F.IsWarningAsError = IsError && !F.IsCompilerError;
    if (F.IsCompilerError) {
      ++CompilerErrorCount;
      Out.CompilerErrors.push_back(std::move(F));
    } else {
      ++U.Findings;
      Out.Warnings.push_back(std::move(F));
    }
  }
  if (!J.Started) {
    U.Failed = true;
    U.Reason = "could not start '" + Self.str() + "': " + J.ErrMsg;
  } else if (!J.ErrMsg.empty() || J.ReturnCode < 0) {
    U.Failed = true;
    U.Reason = "the analysis crashed" +
               (J.ErrMsg.empty() ? std::string() : ": " + J.ErrMsg);
    U.ChildStderr = lastLines(J.Stderr, 20);
  } else if (CompilerErrorCount) {
    U.Failed = true;
    U.Reason = std::to_string(CompilerErrorCount) + " compiler error" +
               (CompilerErrorCount == 1 ? "" : "s");
  } else if (J.ReturnCode != 0 && !AnyError) {
    U.Failed = true;
    U.Reason = "exited with status " + std::to_string(J.ReturnCode);
    if (!ReadError.empty())
      U.Reason += "; " + ReadError;
    U.ChildStderr = lastLines(J.Stderr, 20);
  } else if (!HaveExport && !ReadError.empty()) {
    U.Failed = true;
    U.Reason = ReadError;
  }
  return Out;
}

std::optional<UsageError>
runChildren(llvm::ArrayRef<std::string> Files, const ProjectOptions &O,
            llvm::StringRef Self, llvm::StringRef BuildDir,
            llvm::StringRef RepoRoot, bool ListIncludes,
            std::vector<ChildResult> &Results) {
  llvm::SmallString<128> TmpDir;
  if (std::error_code EC =
          llvm::sys::fs::createUniqueDirectory("async-tidy", TmpDir))
    return UsageError{"cannot create a temporary directory: " + EC.message()};
  std::vector<Job> Jobs(Files.size());
  for (size_t I = 0; I < Files.size(); ++I) {
    Jobs[I].File = Files[I];
    std::string Base = (TmpDir + "/" + llvm::Twine(I)).str();
    Jobs[I].YamlPath = Base + ".yaml";
    Jobs[I].OutPath = Base + ".out";
    Jobs[I].ErrPath = Base + ".err";
    Jobs[I].SummaryPath = Base + ".summary";
  }
  Progress Prog(O.Progress, Jobs.size(), O.Quiet);
  runJobs(Jobs, O, Self, BuildDir, Prog, RepoRoot, ListIncludes);
  for (const Job &J : Jobs) {
    Results.push_back(readChild(J, ListIncludes));
    // Paths of the repository's, not of this checkout's (see the function).
    std::string &Summary = Results.back().Summary;
    Summary = summaryRelativeTo(Summary, RepoRoot);
  }
  llvm::sys::fs::remove_directories(TmpDir);
  return std::nullopt;
}

/// Why the child for \p File cannot even start, in one line: a compile
/// command whose working directory does not exist makes clang's driver abort
/// with a stack dump, so it is reported as the unit's problem instead.
static std::optional<std::string> cannotRun(const Plan &P,
                                            llvm::StringRef File) {
  auto Commands = P.Commands.find(File.str());
  if (Commands == P.Commands.end())
    return std::nullopt;
  for (const clang::tooling::CompileCommand &C : Commands->second)
    if (!llvm::sys::fs::is_directory(C.Directory))
      return "the 'directory' of its compile command, '" + C.Directory +
             "', does not exist";
  return std::nullopt;
}

std::optional<UsageError> runUnits(const Plan &P, ResultCache *Cache,
                                   const ProjectOptions &O,
                                   llvm::StringRef Self,
                                   llvm::StringRef RepoRoot,
                                   std::vector<UnitOutcome> &Outcomes) {
  std::vector<std::string> ToRun;
  std::map<size_t, std::string> Unrunnable;
  for (size_t I = 0; I < P.Files.size(); ++I) {
    if (Cache && P.Cached[I])
      continue;
    if (std::optional<std::string> Why = cannotRun(P, P.Files[I])) {
      Unrunnable[I] = *Why;
      continue;
    }
    ToRun.push_back(P.Files[I]);
  }
  std::vector<ChildResult> Ran;
  if (auto Err = runChildren(ToRun, O, Self, P.BuildDir, RepoRoot,
                             /*ListIncludes=*/Cache != nullptr, Ran))
    return Err;
  size_t Next = 0;
  for (size_t I = 0; I < P.Files.size(); ++I) {
    if (Cache && P.Cached[I]) {
      Outcomes.push_back(judgeChild(*P.Cached[I], Self));
      Outcomes.back().Unit.FromCache = true;
      continue;
    }
    if (auto It = Unrunnable.find(I); It != Unrunnable.end()) {
      UnitOutcome Out;
      Out.Unit.File = P.Files[I];
      Out.Unit.Failed = true;
      Out.Unit.Reason = It->second;
      Outcomes.push_back(std::move(Out));
      continue;
    }
    const ChildResult &C = Ran[Next++];
    if (Cache) {
      auto Commands = P.Commands.find(C.File);
      llvm::StringRef Directory =
          Commands == P.Commands.end() || Commands->second.empty()
              ? llvm::StringRef(P.BuildDir)
              : llvm::StringRef(Commands->second.front().Directory);
      Cache->store(P.CacheKeys[I], C, Directory);
    }
    Outcomes.push_back(judgeChild(C, Self));
  }
  return std::nullopt;
}

} // namespace asynctidy
