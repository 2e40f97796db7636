//===--- ProjectRunner.cpp - linting a whole compilation database ---------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Project mode: reads compile_commands.json, runs one child process per
/// translation unit (async-tidy in single-file mode with --export-fixes), so a
/// unit that fails to parse or crashes is reported and never stops the rest,
/// then merges, deduplicates, filters and reports the diagnostics.
///
//===----------------------------------------------------------------------===//

#include "Baseline.h"
#include "DiffFilter.h"
#include "ProjectMode.h"
#include "async-tidy/Version.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang-tidy/GlobList.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Chrono.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/YAMLTraits.h"
#include <chrono>
#include <fcntl.h>
#include <thread>
#include <unistd.h>

using namespace clang;

namespace asynctidy {

namespace {

// Options ------------------------------------------------------------------

enum class Format { Text, Json, Sarif };

struct ProjectOptions {
  std::string BuildPath;
  std::vector<std::string> Files; ///< Positional: lint only these.
  std::string FilesRegex;
  unsigned Jobs = 0;
  Format OutFormat = Format::Text;
  std::string OutputFile;
  std::string ExportFixes;
  std::string BaselineFile;
  std::string WriteBaselineFile;
  bool Diff = false;
  std::string DiffFile; ///< Empty or "-": stdin.
  unsigned DiffStrip = 1;
  std::string RepoRoot;
  std::string DocsUrl;
  std::string Progress = "auto";
  bool Quiet = false;
  std::optional<bool> UseColor;
  /// clang-tidy options handed to every child as written.
  std::vector<std::string> ChildArgs;
  // Values the parent needs to understand the configuration.
  std::optional<std::string> Checks, Config, ConfigFile, WarningsAsErrors,
      HeaderFilter, ExcludeHeaderFilter;
  bool AllowAlpha = false;
  bool ExperimentalCustomChecks = false;
};

struct ArgSpec {
  const char *Name;
  enum Kind { Value, Flag, OptionalValue } K;
  enum Use { Child, Project, SingleOnly } U;
};

// clang-tidy's options (all passed through to children unless noted) and
// project mode's own.
const ArgSpec Specs[] = {
    {"checks", ArgSpec::Value, ArgSpec::Child},
    {"config", ArgSpec::Value, ArgSpec::Child},
    {"config-file", ArgSpec::Value, ArgSpec::Child},
    {"header-filter", ArgSpec::Value, ArgSpec::Child},
    {"exclude-header-filter", ArgSpec::Value, ArgSpec::Child},
    {"warnings-as-errors", ArgSpec::Value, ArgSpec::Child},
    {"extra-arg", ArgSpec::Value, ArgSpec::Child},
    {"extra-arg-before", ArgSpec::Value, ArgSpec::Child},
    {"vfsoverlay", ArgSpec::Value, ArgSpec::Child},
    {"load", ArgSpec::Value, ArgSpec::Child},
    {"line-filter", ArgSpec::Value, ArgSpec::Child},
    {"format-style", ArgSpec::Value, ArgSpec::Child},
    {"system-headers", ArgSpec::Flag, ArgSpec::Child},
    {"allow-enabling-analyzer-alpha-checkers", ArgSpec::Flag, ArgSpec::Child},
    {"enable-module-headers-parsing", ArgSpec::Flag, ArgSpec::Child},
    {"experimental-custom-checks", ArgSpec::Flag, ArgSpec::Child},
    {"allow-no-checks", ArgSpec::Flag, ArgSpec::Child},
    {"use-color", ArgSpec::Flag, ArgSpec::Project},
    {"quiet", ArgSpec::Flag, ArgSpec::Project},
    {"p", ArgSpec::Value, ArgSpec::Project},
    {"export-fixes", ArgSpec::Value, ArgSpec::Project},
    {"format", ArgSpec::Value, ArgSpec::Project},
    {"output", ArgSpec::Value, ArgSpec::Project},
    {"o", ArgSpec::Value, ArgSpec::Project},
    {"baseline", ArgSpec::Value, ArgSpec::Project},
    {"write-baseline", ArgSpec::Value, ArgSpec::Project},
    {"diff", ArgSpec::OptionalValue, ArgSpec::Project},
    {"diff-strip", ArgSpec::Value, ArgSpec::Project},
    {"j", ArgSpec::Value, ArgSpec::Project},
    {"jobs", ArgSpec::Value, ArgSpec::Project},
    {"files", ArgSpec::Value, ArgSpec::Project},
    {"repo-root", ArgSpec::Value, ArgSpec::Project},
    {"docs-url", ArgSpec::Value, ArgSpec::Project},
    {"progress", ArgSpec::Value, ArgSpec::Project},
    {"fix", ArgSpec::Flag, ArgSpec::SingleOnly},
    {"fix-errors", ArgSpec::Flag, ArgSpec::SingleOnly},
    {"fix-notes", ArgSpec::Flag, ArgSpec::SingleOnly},
    {"list-checks", ArgSpec::Flag, ArgSpec::SingleOnly},
    {"dump-config", ArgSpec::Flag, ArgSpec::SingleOnly},
    {"explain-config", ArgSpec::Flag, ArgSpec::SingleOnly},
    {"verify-config", ArgSpec::Flag, ArgSpec::SingleOnly},
    {"enable-check-profile", ArgSpec::Flag, ArgSpec::SingleOnly},
    {"store-check-profile", ArgSpec::Value, ArgSpec::SingleOnly},
    {"help", ArgSpec::Flag, ArgSpec::SingleOnly},
    {"help-hidden", ArgSpec::Flag, ArgSpec::SingleOnly},
    {"help-list", ArgSpec::Flag, ArgSpec::SingleOnly},
    {"h", ArgSpec::Flag, ArgSpec::SingleOnly},
    {"version", ArgSpec::Flag, ArgSpec::SingleOnly},
};

/// Options that exist only in project mode: using one selects it.
bool isProjectOnly(llvm::StringRef Name) {
  return Name == "format" || Name == "output" || Name == "o" ||
         Name == "baseline" || Name == "write-baseline" || Name == "diff" ||
         Name == "diff-strip" || Name == "j" || Name == "jobs" ||
         Name == "files" || Name == "repo-root" || Name == "docs-url" ||
         Name == "progress";
}

const ArgSpec *findSpec(llvm::StringRef Name) {
  for (const ArgSpec &S : Specs)
    if (Name == S.Name)
      return &S;
  return nullptr;
}

/// Splits `--name=value` / `-name` into the name and the inline value;
/// `-j4` is `-j` with value 4.
std::pair<llvm::StringRef, std::optional<llvm::StringRef>>
splitOption(llvm::StringRef Arg) {
  llvm::StringRef Body = Arg.ltrim('-');
  auto [Name, Value] = Body.split('=');
  if (Body.contains('='))
    return {Name, Value};
  if (Body.size() > 1 && Body.front() == 'j' &&
      llvm::all_of(Body.drop_front(), llvm::isDigit))
    return {"j", Body.drop_front()};
  return {Name, std::nullopt};
}

struct UsageError {
  std::string Message;
};

void printUsageError(const std::string &Message) {
  llvm::errs() << "async-tidy: error: " << Message << "\n";
}

} // namespace

bool wantsProjectMode(llvm::ArrayRef<const char *> Args) {
  bool SawProjectOnly = false, SawSingleOnly = false, SawBuildPath = false,
       SawFile = false, SawDashDash = false;
  for (size_t I = 1; I < Args.size(); ++I) {
    llvm::StringRef Arg = Args[I];
    if (Arg == "--") {
      SawDashDash = true;
      break;
    }
    if (!Arg.starts_with("-") || Arg == "-") {
      SawFile = true;
      continue;
    }
    auto [Name, Inline] = splitOption(Arg);
    const ArgSpec *S = findSpec(Name);
    if (!S)
      continue;
    if (isProjectOnly(Name))
      SawProjectOnly = true;
    if (S->U == ArgSpec::SingleOnly)
      SawSingleOnly = true;
    if (Name == "p")
      SawBuildPath = true;
    if (S->K == ArgSpec::Value && !Inline)
      ++I;
  }
  if (SawProjectOnly)
    return true;
  return SawBuildPath && !SawFile && !SawSingleOnly && !SawDashDash;
}

namespace {

std::optional<UsageError> parseArgs(llvm::ArrayRef<const char *> Args,
                                    ProjectOptions &O) {
  for (size_t I = 1; I < Args.size(); ++I) {
    llvm::StringRef Arg = Args[I];
    if (Arg == "--")
      return UsageError{"'--' with compiler flags cannot be combined with "
                        "project mode; use --extra-arg, or pass source "
                        "files to lint them one by one"};
    if (!Arg.starts_with("-") || Arg == "-") {
      O.Files.push_back(Arg.str());
      continue;
    }
    auto [Name, Inline] = splitOption(Arg);
    const ArgSpec *S = findSpec(Name);
    if (!S)
      return UsageError{"unknown option '" + Arg.str() +
                        "' (see 'async-tidy --help' and docs/ci.md)"};
    if (S->U == ArgSpec::SingleOnly)
      return UsageError{"'" + Arg.str() +
                        "' cannot be used when linting a whole project" +
                        (Name.starts_with("fix") ? "; use --export-fixes and "
                                                   "clang-apply-replacements"
                                                 : "")};
    std::string Value;
    if (S->K == ArgSpec::Value) {
      if (Inline) {
        Value = Inline->str();
      } else if (I + 1 < Args.size()) {
        Value = Args[++I];
      } else {
        return UsageError{"option '" + Arg.str() + "' needs a value"};
      }
    } else if (Inline) {
      Value = Inline->str();
      if (S->K == ArgSpec::Flag && Value != "true" && Value != "false" &&
          Value != "1" && Value != "0")
        return UsageError{"invalid value '" + Value + "' for option '--" +
                          Name.str() + "' (expected true or false)"};
    }
    bool FlagOn =
        S->K != ArgSpec::Flag || !Inline || Value == "true" || Value == "1";

    if (S->U == ArgSpec::Child) {
      O.ChildArgs.push_back(
          S->K == ArgSpec::Value ? "--" + Name.str() + "=" + Value : Arg.str());
      if (Name == "checks")
        O.Checks = Value;
      else if (Name == "config")
        O.Config = Value;
      else if (Name == "config-file")
        O.ConfigFile = Value;
      else if (Name == "warnings-as-errors")
        O.WarningsAsErrors = Value;
      else if (Name == "header-filter")
        O.HeaderFilter = Value;
      else if (Name == "exclude-header-filter")
        O.ExcludeHeaderFilter = Value;
      else if (Name == "allow-enabling-analyzer-alpha-checkers")
        O.AllowAlpha = FlagOn;
      else if (Name == "experimental-custom-checks")
        O.ExperimentalCustomChecks = FlagOn;
      continue;
    }
    if (Name == "p") {
      O.BuildPath = Value;
    } else if (Name == "export-fixes") {
      O.ExportFixes = Value;
    } else if (Name == "format") {
      if (Value == "text")
        O.OutFormat = Format::Text;
      else if (Value == "json")
        O.OutFormat = Format::Json;
      else if (Value == "sarif")
        O.OutFormat = Format::Sarif;
      else
        return UsageError{"invalid value '" + Value +
                          "' for --format (expected text, json or sarif)"};
    } else if (Name == "output" || Name == "o") {
      O.OutputFile = Value;
    } else if (Name == "baseline") {
      O.BaselineFile = Value;
    } else if (Name == "write-baseline") {
      O.WriteBaselineFile = Value;
    } else if (Name == "diff") {
      O.Diff = true;
      O.DiffFile = Value;
    } else if (Name == "diff-strip") {
      if (llvm::StringRef(Value).getAsInteger(10, O.DiffStrip))
        return UsageError{"invalid value '" + Value +
                          "' for --diff-strip (expected a number)"};
    } else if (Name == "j" || Name == "jobs") {
      if (llvm::StringRef(Value).getAsInteger(10, O.Jobs) || O.Jobs == 0)
        return UsageError{"invalid value '" + Value + "' for -" + Name.str() +
                          " (expected a positive number)"};
    } else if (Name == "files") {
      O.FilesRegex = Value;
    } else if (Name == "repo-root") {
      O.RepoRoot = Value;
    } else if (Name == "docs-url") {
      O.DocsUrl = Value;
    } else if (Name == "progress") {
      if (Value != "auto" && Value != "bar" && Value != "lines" &&
          Value != "none")
        return UsageError{"invalid value '" + Value +
                          "' for --progress (expected auto, bar, lines or "
                          "none)"};
      O.Progress = Value;
    } else if (Name == "quiet") {
      O.Quiet = FlagOn;
    } else if (Name == "use-color") {
      O.UseColor = FlagOn;
    }
  }
  for (auto [Regex, What] :
       {std::pair{O.FilesRegex.empty() ? nullptr : &O.FilesRegex, "--files"},
        std::pair{O.HeaderFilter ? &*O.HeaderFilter : nullptr,
                  "--header-filter"},
        std::pair{O.ExcludeHeaderFilter ? &*O.ExcludeHeaderFilter : nullptr,
                  "--exclude-header-filter"}}) {
    std::string Err;
    if (Regex && !Regex->empty() && !llvm::Regex(*Regex).isValid(Err))
      return UsageError{"invalid regular expression '" + *Regex + "' for " +
                        What + ": " + Err};
  }
  if (O.Config && O.ConfigFile)
    return UsageError{"--config-file and --config are mutually exclusive"};
  return std::nullopt;
}

// Configuration -------------------------------------------------------------

/// The effective clang-tidy options for a file, as its child will see them.
class ConfigView {
public:
  explicit ConfigView(const ProjectOptions &O) : O(O) {}

  /// Builds the providers; a usage error for a broken --config(-file).
  std::optional<UsageError> init() {
    for (bool Inject : {false, true}) {
      tidy::ClangTidyOptions Defaults;
      Defaults.Checks = "clang-diagnostic-*,clang-analyzer-*";
      Defaults.WarningsAsErrors = "";
      tidy::ClangTidyOptions Overrides;
      if (O.Checks)
        Overrides.Checks = *O.Checks;
      else if (Inject)
        Overrides.Checks = "-*,async-*";
      if (O.WarningsAsErrors)
        Overrides.WarningsAsErrors = *O.WarningsAsErrors;
      std::unique_ptr<tidy::ClangTidyOptionsProvider> P;
      std::optional<std::string> Text;
      std::string Source;
      if (O.ConfigFile) {
        auto Buffer = llvm::MemoryBuffer::getFile(*O.ConfigFile);
        if (!Buffer)
          return UsageError{"cannot read --config-file '" + *O.ConfigFile +
                            "': " + Buffer.getError().message()};
        Text = (*Buffer)->getBuffer().str();
        Source = *O.ConfigFile;
      } else if (O.Config) {
        Text = *O.Config;
        Source = "<command-line-config>";
      }
      if (Text) {
        auto Parsed =
            tidy::parseConfiguration(llvm::MemoryBufferRef(*Text, Source));
        if (!Parsed)
          return UsageError{"invalid configuration in " + Source + ": " +
                            Parsed.getError().message()};
        P = std::make_unique<tidy::ConfigOptionsProvider>(
            tidy::ClangTidyGlobalOptions(),
            tidy::ClangTidyOptions::getDefaults().merge(Defaults, 0),
            std::move(*Parsed), std::move(Overrides));
      } else {
        P = std::make_unique<tidy::FileOptionsProvider>(
            tidy::ClangTidyGlobalOptions(), std::move(Defaults),
            std::move(Overrides), llvm::vfs::getRealFileSystem());
      }
      (Inject ? Injected : Plain) = std::move(P);
    }
    return std::nullopt;
  }

  tidy::ClangTidyOptionsProvider &providerFor(llvm::StringRef File,
                                              llvm::StringRef Argv0) {
    const char *Args[] = {Argv0.data(), File.data()};
    bool Chose = O.Checks || O.Config || O.ConfigFile ||
                 userChoseChecks(llvm::ArrayRef(Args));
    return Chose ? *Plain : *Injected;
  }

private:
  const ProjectOptions &O;
  std::unique_ptr<tidy::ClangTidyOptionsProvider> Plain, Injected;
};

std::string closestCheck(llvm::StringRef Name, const llvm::StringSet<> &All) {
  unsigned Best = 5;
  std::string Closest;
  for (llvm::StringRef C : All.keys()) {
    unsigned D = Name.edit_distance_insensitive(C, true, Best);
    if (D < Best) {
      Best = D;
      Closest = C.str();
    }
  }
  return Closest;
}

/// Validates check globs and collects enabled checks for \p Files.
std::optional<UsageError>
checkConfiguration(ConfigView &Config, const ProjectOptions &O,
                   llvm::ArrayRef<std::string> Files, llvm::StringRef Argv0,
                   std::vector<std::string> &Enabled) {
  tidy::ChecksAndOptions All =
      tidy::getAllChecksAndOptions(O.AllowAlpha, O.ExperimentalCustomChecks);
  llvm::StringSet<> Verified; // "source\0glob"
  std::set<std::string> Union;
  std::set<std::string> SeenChecks;
  std::vector<std::string> Probe(Files.begin(), Files.end());
  if (Probe.empty())
    Probe.push_back(canonicalPath("dummy.cpp"));
  for (const std::string &File : Probe) {
    tidy::ClangTidyOptionsProvider &P = Config.providerFor(File, Argv0);
    for (const auto &[Opts, Source] : P.getRawOptions(File)) {
      if (!Opts.Checks)
        continue;
      if (!Verified.insert(Source + '\0' + *Opts.Checks).second)
        continue;
      tidy::GlobList Globs(*Opts.Checks);
      for (const auto &Item : Globs.getItems()) {
        if (!Item.IsPositive || Item.Text.starts_with("clang-diagnostic"))
          continue;
        if (llvm::any_of(All.Checks.keys(), [&](llvm::StringRef C) {
              return Item.Regex.match(C);
            }))
          continue;
        std::string Where = " (in " + Source + ")";
        if (Item.Text.contains('*'))
          return UsageError{"check glob '" + Item.Text.str() +
                            "' matches no known check" + Where};
        std::string Closest = closestCheck(Item.Text, All.Checks);
        return UsageError{"unknown check '" + Item.Text.str() + "'" + Where +
                          (Closest.empty()
                               ? std::string()
                               : "; did you mean '" + Closest + "'?")};
      }
    }
    tidy::ClangTidyOptions Effective = P.getOptions(File);
    std::string Key = Effective.Checks.value_or("");
    if (!SeenChecks.insert(Key).second)
      continue;
    for (std::string &C : tidy::getCheckNames(Effective, O.AllowAlpha,
                                              O.ExperimentalCustomChecks))
      Union.insert(std::move(C));
  }
  if (Union.empty())
    return UsageError{"no checks enabled (check --checks and .clang-tidy)"};
  Enabled.assign(Union.begin(), Union.end());
  return std::nullopt;
}

// Running the children ------------------------------------------------------

struct Job {
  std::string File;
  std::string YamlPath, OutPath, ErrPath;
  llvm::sys::ProcessInfo PI;
  bool Started = false;
  bool Done = false;
  int ReturnCode = 0;
  std::string ErrMsg;
};

std::string formatDuration(double Seconds) {
  unsigned S = static_cast<unsigned>(Seconds + 0.5);
  char Buf[32];
  if (S >= 3600)
    snprintf(Buf, sizeof(Buf), "%u:%02u:%02u", S / 3600, S / 60 % 60, S % 60);
  else
    snprintf(Buf, sizeof(Buf), "%u:%02u", S / 60, S % 60);
  return Buf;
}

class Progress {
public:
  Progress(llvm::StringRef Mode, size_t Total, bool Quiet) : Total(Total) {
    bool Tty = llvm::sys::Process::StandardErrIsDisplayed();
    Bar = Mode == "bar" || (Mode == "auto" && Tty && !Quiet);
    Lines = Mode == "lines";
    Start = std::chrono::steady_clock::now();
  }
  void update(size_t Done, llvm::StringRef Current, llvm::StringRef Root) {
    if (Lines && !Current.empty()) {
      llvm::errs() << "[" << Done << "/" << Total << "] "
                   << relativeToRoot(Current, Root) << "\n";
      return;
    }
    if (!Bar)
      return;
    double Elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
            .count();
    std::string Line = "[" + std::to_string(Done) + "/" +
                       std::to_string(Total) + "] " + formatDuration(Elapsed) +
                       " elapsed";
    if (Done > 0 && Done < Total)
      Line += ", ~" + formatDuration(Elapsed / Done * (Total - Done)) + " left";
    if (!Current.empty())
      Line += "  " + relativeToRoot(Current, Root);
    unsigned Width = llvm::sys::Process::StandardErrColumns();
    if (Width == 0)
      Width = 80;
    if (Line.size() >= Width)
      Line = Line.substr(0, Width - 1);
    llvm::errs() << "\r" << Line << "\x1b[K";
    llvm::errs().flush();
  }
  void finish() {
    if (Bar)
      llvm::errs() << "\r\x1b[K";
  }

private:
  size_t Total;
  bool Bar = false, Lines = false;
  std::chrono::steady_clock::time_point Start;
};

void runJobs(std::vector<Job> &Jobs, const ProjectOptions &O,
             llvm::StringRef Self, const std::string &BuildPath, Progress &Prog,
             llvm::StringRef Root) {
  unsigned Parallel =
      O.Jobs ? O.Jobs
             : llvm::heavyweight_hardware_concurrency().compute_thread_count();
  if (Parallel == 0)
    Parallel = 1;
  size_t Next = 0, Running = 0, Finished = 0;
  std::vector<size_t> Active;
  Prog.update(0, "", Root);
  while (Finished < Jobs.size()) {
    while (Running < Parallel && Next < Jobs.size()) {
      Job &J = Jobs[Next++];
      std::vector<std::string> Storage = {Self.str()};
      for (const std::string &A : O.ChildArgs)
        Storage.push_back(A);
      Storage.push_back("--quiet");
      Storage.push_back("-p=" + BuildPath);
      Storage.push_back("--export-fixes=" + J.YamlPath);
      Storage.push_back(J.File);
      std::vector<llvm::StringRef> Argv(Storage.begin(), Storage.end());
      std::optional<llvm::StringRef> Redirects[] = {llvm::StringRef(""),
                                                    llvm::StringRef(J.OutPath),
                                                    llvm::StringRef(J.ErrPath)};
      bool ExecFailed = false;
      J.PI = llvm::sys::ExecuteNoWait(Self, Argv, std::nullopt, Redirects, 0,
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

/// Reads one child's export; false when there is none or it is broken.
bool readExport(llvm::StringRef Path,
                clang::tooling::TranslationUnitDiagnostics &TUD,
                std::string &Error) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer)
    return false;
  llvm::yaml::Input In((*Buffer)->getBuffer());
  In >> TUD;
  if (In.error()) {
    Error = "cannot read the child's diagnostics: " + In.error().message();
    return false;
  }
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

bool findingLess(const Finding &A, const Finding &B) {
  const auto &MA = A.Diag.Message, &MB = B.Diag.Message;
  return std::tie(MA.FilePath, MA.FileOffset, A.Diag.DiagnosticName,
                  MA.Message) < std::tie(MB.FilePath, MB.FileOffset,
                                         B.Diag.DiagnosticName, MB.Message);
}

bool sameFinding(const Finding &A, const Finding &B) {
  return !findingLess(A, B) && !findingLess(B, A);
}

// Output -------------------------------------------------------------------

tidy::ClangTidyError toTidyError(const Finding &F) {
  tidy::ClangTidyError E(F.Diag.DiagnosticName,
                         F.IsWarningAsError ? tooling::Diagnostic::Warning
                                            : F.Diag.DiagLevel,
                         F.Diag.BuildDirectory, F.IsWarningAsError);
  E.Message = F.Diag.Message;
  E.Notes = F.Diag.Notes;
  return E;
}

/// Prints findings exactly as clang-tidy does, to stdout.
void printText(llvm::ArrayRef<Finding> All, std::optional<bool> UseColor) {
  std::vector<tidy::ClangTidyError> Errors;
  for (const Finding &F : All)
    Errors.push_back(toTidyError(F));
  tidy::ClangTidyOptions Opts = tidy::ClangTidyOptions::getDefaults();
  Opts.UseColor = UseColor;
  tidy::ClangTidyContext Context(std::make_unique<tidy::DefaultOptionsProvider>(
      tidy::ClangTidyGlobalOptions(), Opts));
  unsigned WarningsAsErrors = 0;
  tidy::handleErrors(Errors, Context, tidy::FB_NoFix, WarningsAsErrors,
                     llvm::vfs::getRealFileSystem());
  llvm::outs().flush();
}

/// Runs \p Print with stdout redirected to \p Path (so that clang-tidy's
/// printer, which writes to stdout, can write text reports to a file).
bool withStdoutTo(llvm::StringRef Path, llvm::function_ref<void()> Print,
                  std::string &Error) {
  llvm::outs().flush();
  int Fd = ::open(Path.str().c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (Fd < 0) {
    Error = std::strerror(errno);
    return false;
  }
  int Saved = ::dup(1);
  ::dup2(Fd, 1);
  ::close(Fd);
  Print();
  llvm::outs().flush();
  ::dup2(Saved, 1);
  ::close(Saved);
  return true;
}

bool writeExportFixes(llvm::StringRef Path, llvm::ArrayRef<Finding> Findings,
                      std::string &Error) {
  std::vector<tidy::ClangTidyError> Errors;
  for (const Finding &F : Findings)
    Errors.push_back(toTidyError(F));
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_None);
  if (EC) {
    Error = EC.message();
    return false;
  }
  tidy::exportReplacements("", Errors, OS);
  return true;
}

std::string detectRepoRoot() {
  llvm::SmallString<256> Cwd;
  llvm::sys::fs::current_path(Cwd);
  std::string Dir = canonicalPath(Cwd);
  for (llvm::StringRef D = Dir; !D.empty();
       D = llvm::sys::path::parent_path(D)) {
    llvm::SmallString<256> Git(D);
    llvm::sys::path::append(Git, ".git");
    if (llvm::sys::fs::exists(Git))
      return D.str();
    if (llvm::sys::path::parent_path(D) == D)
      break;
  }
  return Dir;
}

} // namespace

std::string relativeToRoot(llvm::StringRef Path, llvm::StringRef Root) {
  std::string Prefix = Root.str();
  if (!Prefix.empty() && Prefix.back() != '/')
    Prefix += '/';
  if (!Root.empty() && Path.starts_with(Prefix))
    return llvm::sys::path::convert_to_slash(Path.drop_front(Prefix.size()));
  return Path.str();
}

int runProjectMode(llvm::ArrayRef<const char *> Args) {
  ProjectOptions O;
  if (auto Err = parseArgs(Args, O)) {
    printUsageError(Err->Message);
    return ExitUsage;
  }
  std::string Self =
      llvm::sys::fs::getMainExecutable(Args[0], (void *)&runProjectMode);

  // The compilation database.
  if (O.BuildPath.empty()) {
    if (llvm::sys::fs::exists("compile_commands.json"))
      O.BuildPath = ".";
    else {
      printUsageError("no compilation database: pass -p <build directory> "
                      "containing compile_commands.json");
      return ExitUsage;
    }
  }
  llvm::SmallString<256> DbPath(O.BuildPath);
  if (llvm::sys::fs::is_directory(DbPath))
    llvm::sys::path::append(DbPath, "compile_commands.json");
  std::string BuildDir =
      canonicalPath(llvm::sys::path::parent_path(DbPath).empty()
                        ? llvm::StringRef(".")
                        : llvm::sys::path::parent_path(DbPath));
  if (!llvm::sys::fs::exists(DbPath)) {
    printUsageError("cannot find '" + std::string(DbPath) + "'");
    return ExitUsage;
  }
  // JSONCompilationDatabase's parser prints YAML diagnostics of its own; a
  // JSON check first keeps a malformed file to one line.
  if (auto Buffer = llvm::MemoryBuffer::getFile(DbPath, /*IsText=*/true)) {
    if (auto Parsed = llvm::json::parse((*Buffer)->getBuffer()); !Parsed) {
      printUsageError("malformed '" + std::string(DbPath) +
                      "': " + llvm::toString(Parsed.takeError()));
      return ExitUsage;
    }
  } else {
    printUsageError("cannot read '" + std::string(DbPath) +
                    "': " + Buffer.getError().message());
    return ExitUsage;
  }
  std::string DbError;
  auto Db = tooling::JSONCompilationDatabase::loadFromFile(
      DbPath, DbError, tooling::JSONCommandLineSyntax::AutoDetect);
  if (!Db) {
    llvm::StringRef E = llvm::StringRef(DbError).trim();
    printUsageError("malformed '" + std::string(DbPath) +
                    "': " + E.split('\n').first.str());
    return ExitUsage;
  }

  Report R;
  R.RepoRoot =
      O.RepoRoot.empty() ? detectRepoRoot() : canonicalPath(O.RepoRoot);
  R.DocsUrl = O.DocsUrl.empty() ? defaultDocsUrl() : O.DocsUrl;
  if (!R.DocsUrl.empty() && R.DocsUrl.back() != '/')
    R.DocsUrl += '/';

  // The diff, if any.
  std::optional<ChangedLines> Changed;
  if (O.Diff) {
    std::string Text;
    if (O.DiffFile.empty() || O.DiffFile == "-") {
      auto Buffer = llvm::MemoryBuffer::getSTDIN();
      if (!Buffer) {
        printUsageError("cannot read the diff from stdin");
        return ExitUsage;
      }
      Text = (*Buffer)->getBuffer().str();
    } else {
      auto Buffer = llvm::MemoryBuffer::getFile(O.DiffFile, true);
      if (!Buffer) {
        printUsageError("cannot read diff '" + O.DiffFile +
                        "': " + Buffer.getError().message());
        return ExitUsage;
      }
      Text = (*Buffer)->getBuffer().str();
    }
    auto Parsed = ChangedLines::parse(Text, R.RepoRoot, O.DiffStrip);
    if (!Parsed) {
      printUsageError(llvm::toString(Parsed.takeError()));
      return ExitUsage;
    }
    Changed = std::move(*Parsed);
  }

  // Which translation units.
  std::vector<std::string> Files;
  {
    std::set<std::string> Unique;
    for (const std::string &F : Db->getAllFiles())
      Unique.insert(canonicalPath(F));
    std::optional<llvm::Regex> Filter;
    if (!O.FilesRegex.empty())
      Filter.emplace(O.FilesRegex);
    std::set<std::string> Wanted;
    for (const std::string &F : O.Files) {
      std::string C = canonicalPath(F);
      // Headers and other files (as a pre-commit hook passes them) are
      // linted through the translation units that include them.
      if (!Unique.count(C)) {
        if (!O.Quiet)
          llvm::errs() << "async-tidy: note: skipping '" << F
                       << "': not a translation unit in " << DbPath << "\n";
        continue;
      }
      Wanted.insert(C);
    }
    // A diff that touches files other than translation units (headers)
    // needs every unit: any of them may include the header.
    bool DiffTouchesOthers = false;
    if (Changed)
      for (const auto &Entry : Changed->files())
        if (!Unique.count(Entry.first().str()))
          DiffTouchesOthers = true;
    bool OnlyNamed = !O.Files.empty();
    for (const std::string &F : Unique) {
      if (OnlyNamed && !Wanted.count(F))
        continue;
      if (Filter && !Filter->match(F))
        continue;
      if (Changed && !DiffTouchesOthers && !Changed->touches(F))
        continue;
      Files.push_back(F);
    }
  }

  ConfigView Config(O);
  if (auto Err = Config.init()) {
    printUsageError(Err->Message);
    return ExitUsage;
  }
  if (auto Err =
          checkConfiguration(Config, O, Files, Args[0], R.EnabledChecks)) {
    printUsageError(Err->Message);
    return ExitUsage;
  }

  std::optional<Baseline> Accepted;
  if (!O.BaselineFile.empty()) {
    auto B = readBaseline(O.BaselineFile);
    if (!B) {
      printUsageError(llvm::toString(B.takeError()));
      return ExitUsage;
    }
    Accepted = std::move(*B);
    R.UsedBaseline = true;
  }

  // Run.
  llvm::SmallString<128> TmpDir;
  if (std::error_code EC =
          llvm::sys::fs::createUniqueDirectory("async-tidy", TmpDir)) {
    printUsageError("cannot create a temporary directory: " + EC.message());
    return ExitUsage;
  }
  std::vector<Job> Jobs(Files.size());
  for (size_t I = 0; I < Files.size(); ++I) {
    Jobs[I].File = Files[I];
    std::string Base = (TmpDir + "/" + llvm::Twine(I)).str();
    Jobs[I].YamlPath = Base + ".yaml";
    Jobs[I].OutPath = Base + ".out";
    Jobs[I].ErrPath = Base + ".err";
  }
  Progress Prog(O.Progress, Jobs.size(), O.Quiet);
  runJobs(Jobs, O, Self, BuildDir, Prog, R.RepoRoot);

  // Collect.
  std::vector<Finding> Warnings, CompilerErrors;
  for (Job &J : Jobs) {
    UnitResult U;
    U.File = J.File;
    clang::tooling::TranslationUnitDiagnostics TUD;
    std::string ReadError;
    bool HaveExport = J.Started && readExport(J.YamlPath, TUD, ReadError);
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
      F.IsCompilerError = IsError && llvm::StringRef(F.Diag.DiagnosticName)
                                         .starts_with("clang-diagnostic-");
      // clang-tidy exports warnings promoted by --warnings-as-errors with
      // the error level.
      F.IsWarningAsError = IsError && !F.IsCompilerError;
      if (F.IsCompilerError) {
        ++CompilerErrorCount;
        CompilerErrors.push_back(std::move(F));
      } else {
        ++U.Findings;
        Warnings.push_back(std::move(F));
      }
    }
    if (!J.Started) {
      U.Failed = true;
      U.Reason = "could not start '" + Self + "': " + J.ErrMsg;
    } else if (!J.ErrMsg.empty() || J.ReturnCode < 0) {
      U.Failed = true;
      U.Reason = "the analysis crashed" +
                 (J.ErrMsg.empty() ? std::string() : ": " + J.ErrMsg);
      U.ChildStderr = lastLines(readSmallFile(J.ErrPath), 20);
    } else if (CompilerErrorCount) {
      U.Failed = true;
      U.Reason = std::to_string(CompilerErrorCount) + " compiler error" +
                 (CompilerErrorCount == 1 ? "" : "s");
    } else if (J.ReturnCode != 0 && !AnyError) {
      U.Failed = true;
      U.Reason = "exited with status " + std::to_string(J.ReturnCode);
      if (!ReadError.empty())
        U.Reason += "; " + ReadError;
      U.ChildStderr = lastLines(readSmallFile(J.ErrPath), 20);
    } else if (!HaveExport && !ReadError.empty()) {
      U.Failed = true;
      U.Reason = ReadError;
    }
    R.Units.push_back(std::move(U));
  }
  llvm::sys::fs::remove_directories(TmpDir);

  SourceText Sources;
  auto Finish = [&](std::vector<Finding> &List) {
    llvm::sort(List, findingLess);
    List.erase(std::unique(List.begin(), List.end(), sameFinding), List.end());
    for (Finding &F : List) {
      const auto &M = F.Diag.Message;
      F.RelFile = M.FilePath.empty() ? std::string()
                                     : relativeToRoot(M.FilePath, R.RepoRoot);
      if (!M.FilePath.empty())
        F.Where = Sources.locate(M.FilePath, M.FileOffset);
    }
  };
  Finish(Warnings);
  Finish(CompilerErrors);

  // Filter: changed lines, then the baseline.
  std::vector<Finding> Current;
  for (Finding &F : Warnings) {
    if (Changed && !Changed->contains(F.Diag.Message.FilePath, F.Where.Line)) {
      ++R.SuppressedByDiff;
      continue;
    }
    fingerprint(F, Sources);
    Current.push_back(std::move(F));
  }
  if (!O.WriteBaselineFile.empty()) {
    if (llvm::Error E = writeBaseline(O.WriteBaselineFile, Current)) {
      printUsageError(llvm::toString(std::move(E)));
      return ExitUsage;
    }
  }
  for (Finding &F : Current) {
    if (Accepted) {
      auto It = Accepted->find(F.Fingerprint);
      if (It != Accepted->end() && It->second > 0) {
        --It->second;
        ++R.SuppressedByBaseline;
        continue;
      }
    }
    R.Findings.push_back(std::move(F));
  }
  R.CompilerErrors = std::move(CompilerErrors);
  llvm::sort(R.Units, [](const UnitResult &A, const UnitResult &B) {
    return A.File < B.File;
  });

  // Report.
  std::string OutError;
  bool OutOk = true;
  if (O.OutFormat == Format::Text) {
    std::vector<Finding> All = R.Findings;
    for (const Finding &F : R.CompilerErrors)
      All.push_back(F);
    llvm::sort(All, findingLess);
    auto Print = [&] { printText(All, O.UseColor); };
    if (O.OutputFile.empty())
      Print();
    else
      OutOk = withStdoutTo(O.OutputFile, Print, OutError);
  } else {
    std::error_code EC;
    std::unique_ptr<llvm::raw_fd_ostream> File;
    if (!O.OutputFile.empty()) {
      File = std::make_unique<llvm::raw_fd_ostream>(O.OutputFile, EC,
                                                    llvm::sys::fs::OF_None);
      if (EC) {
        OutOk = false;
        OutError = EC.message();
      }
    }
    if (OutOk) {
      llvm::raw_ostream &OS = File ? *File : llvm::outs();
      if (O.OutFormat == Format::Sarif)
        writeSarif(R, Sources, OS);
      else
        writeJson(R, Sources, OS);
      OS.flush();
    }
  }
  if (!OutOk) {
    printUsageError("cannot write '" + O.OutputFile + "': " + OutError);
    return ExitUsage;
  }
  if (!O.ExportFixes.empty()) {
    std::string Err;
    if (!writeExportFixes(O.ExportFixes, R.Findings, Err)) {
      printUsageError("cannot write '" + O.ExportFixes + "': " + Err);
      return ExitUsage;
    }
  }

  // Summary (stderr, so that stdout stays the report).
  unsigned Failed = 0;
  for (const UnitResult &U : R.Units) {
    if (!U.Failed)
      continue;
    ++Failed;
    llvm::errs() << "async-tidy: error: " << relativeToRoot(U.File, R.RepoRoot)
                 << ": could not be analysed: " << U.Reason << "\n";
    if (!U.ChildStderr.empty()) {
      llvm::SmallVector<llvm::StringRef> Lines;
      llvm::StringRef(U.ChildStderr).split(Lines, '\n');
      for (llvm::StringRef L : Lines)
        llvm::errs() << "  | " << L << "\n";
    }
  }
  unsigned Promoted = 0;
  std::map<std::string, unsigned> PerCheck;
  for (const Finding &F : R.Findings) {
    ++PerCheck[F.Diag.DiagnosticName];
    Promoted += F.IsWarningAsError;
  }
  if (!O.Quiet) {
    llvm::errs() << "async-tidy: " << R.Units.size() << " translation unit"
                 << (R.Units.size() == 1 ? "" : "s") << " linted, " << Failed
                 << " failed, " << R.Findings.size() << " finding"
                 << (R.Findings.size() == 1 ? "" : "s");
    if (Promoted)
      llvm::errs() << " (" << Promoted << " as errors)";
    if (R.SuppressedByBaseline)
      llvm::errs() << ", " << R.SuppressedByBaseline << " in baseline";
    if (R.SuppressedByDiff)
      llvm::errs() << ", " << R.SuppressedByDiff << " outside the diff";
    llvm::errs() << "\n";
    for (const auto &[Check, Count] : PerCheck)
      llvm::errs() << "  " << Count << "  " << Check << "\n";
    if (!O.WriteBaselineFile.empty())
      llvm::errs() << "async-tidy: wrote " << Current.size()
                   << " finding(s) to baseline '" << O.WriteBaselineFile
                   << "'\n";
  }

  if (Failed)
    return ExitAnalysisFailed;
  if (!O.WriteBaselineFile.empty())
    return ExitClean;
  // With --warnings-as-errors only the promoted findings fail the run.
  if (O.WarningsAsErrors && !O.WarningsAsErrors->empty())
    return Promoted ? ExitFindings : ExitClean;
  return R.Findings.empty() ? ExitClean : ExitFindings;
}

} // namespace asynctidy
