//===--- FileModeUsage.cpp - usage errors of single-file mode -------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//

#include "FileModeUsage.h"
#include "project/CheckNames.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang-tidy/GlobList.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include <unistd.h>

namespace tidy = clang::tidy;

namespace asynctidy {
namespace {

bool asksForHelpOrVersion(llvm::ArrayRef<const char *> Args) {
  for (llvm::StringRef Arg : Args.drop_front()) {
    if (Arg == "--")
      break;
    Arg = Arg.ltrim('-');
    if (Arg.starts_with("help") || Arg == "version" ||
        Arg.starts_with("print-"))
      return true;
  }
  return false;
}

/// Rewrites llvm::cl's report ("async-tidy: Unknown command line argument
/// '--x'.  Try: '... --help'" and "async-tidy: Did you mean '--fix'?") as
/// one line.
std::string oneLine(llvm::StringRef Report, llvm::StringRef Program) {
  llvm::SmallVector<llvm::StringRef, 4> Lines;
  Report.split(Lines, '\n', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  std::string Result;
  for (llvm::StringRef Line : Lines) {
    Line = Line.trim();
    Line.consume_front(Program);
    Line = Line.ltrim(": ");
    Line = Line.split("  Try: ").first.rtrim(".!");
    if (Line.empty())
      continue;
    std::string Part = Line.str();
    Part[0] = llvm::toLower(Part[0]);
    Result += (Result.empty() ? "" : "; ") + Part;
  }
  return Result;
}

/// llvm::cl writes some errors (a bad value for a flag) straight to stderr
/// instead of the stream it is given: this collects stderr while alive.
class StderrCapture {
public:
  StderrCapture() {
    if (llvm::sys::fs::createTemporaryFile("async-tidy-args", "txt", FD,
                                           Path))
      return;
    Saved = ::dup(STDERR_FILENO);
    ::dup2(FD, STDERR_FILENO);
  }
  /// Restores stderr and returns what was written to it.
  std::string finish() {
    if (Saved < 0)
      return "";
    llvm::errs().flush();
    ::dup2(Saved, STDERR_FILENO);
    ::close(Saved);
    ::close(FD);
    Saved = -1;
    std::string Text;
    if (auto Buffer = llvm::MemoryBuffer::getFile(Path))
      Text = (*Buffer)->getBuffer().str();
    llvm::sys::fs::remove(Path);
    return Text;
  }
  ~StderrCapture() { finish(); }

private:
  int FD = -1;
  int Saved = -1;
  llvm::SmallString<128> Path;
};

/// Runs clang-tidy's option parser over \p Options (the command line before
/// `--`) as clangTidyMain will, but reporting instead of exiting.
std::optional<std::string> parseOptions(llvm::ArrayRef<const char *> Options) {
  auto &Registered =
      llvm::cl::getRegisteredOptions();
  auto Checks = Registered.find("checks");
  if (Checks == Registered.end() || Checks->second->Categories.empty())
    return std::nullopt;
  // CommonOptionsParser declares -p, --extra-arg(-before) and the source
  // list on its first use; let it do so now, in clang-tidy's category (as
  // clangTidyMain will), with a command line that has nothing else in it.
  int OneArg = 1;
  const char *Argv0[] = {Options[0], nullptr};
  auto Parser = clang::tooling::CommonOptionsParser::create(
      OneArg, Argv0, *Checks->second->Categories.front(),
      llvm::cl::ZeroOrMore);
  if (!Parser) {
    llvm::consumeError(Parser.takeError());
    return std::nullopt;
  }
  std::string Report;
  llvm::raw_string_ostream OS(Report);
  StderrCapture Capture;
  bool Parsed = llvm::cl::ParseCommandLineOptions(
      static_cast<int>(Options.size()), Options.data(), "", &OS);
  Report += Capture.finish();
  // clangTidyMain parses again from scratch.
  llvm::cl::ResetAllOptionOccurrences();
  if (Parsed)
    return std::nullopt;
  return oneLine(Report, llvm::sys::path::filename(Options[0]));
}

/// What the rest of the validation needs from a command line that parsed.
struct CommandLine {
  std::vector<std::string> Files;
  std::optional<std::string> Checks, Config, ConfigFile, HeaderFilter,
      ExcludeHeaderFilter;
  bool AllowNoChecks = false;
  bool AllowAlpha = false;
  bool CustomChecks = false;
  /// --verify-config, --dump-config and --explain-config report on the
  /// configuration themselves.
  bool InspectsConfig = false;
  /// --list-checks, or one of the above: no source file needed.
  bool NeedsNoFile = false;
};

bool flagValue(std::optional<llvm::StringRef> Inline) {
  return !Inline || *Inline == "true" || *Inline == "1";
}

CommandLine scan(llvm::ArrayRef<const char *> Options) {
  auto &Registered =
      llvm::cl::getRegisteredOptions();
  CommandLine C;
  for (size_t I = 1; I < Options.size(); ++I) {
    llvm::StringRef Arg = Options[I];
    if (!Arg.starts_with("-") || Arg == "-") {
      C.Files.push_back(Arg.str());
      continue;
    }
    auto [Name, Value] = Arg.ltrim('-').split('=');
    std::optional<llvm::StringRef> Inline;
    if (Arg.contains('='))
      Inline = Value;
    auto Known = Registered.find(Name);
    if (!Inline && Known != Registered.end() &&
        Known->second->getValueExpectedFlag() == llvm::cl::ValueRequired &&
        I + 1 < Options.size())
      Inline = llvm::StringRef(Options[++I]);
    std::string Text = Inline.value_or("").str();
    if (Name == "checks")
      C.Checks = Text;
    else if (Name == "config")
      C.Config = Text;
    else if (Name == "config-file")
      C.ConfigFile = Text;
    else if (Name == "header-filter")
      C.HeaderFilter = Text;
    else if (Name == "exclude-header-filter")
      C.ExcludeHeaderFilter = Text;
    else if (Name == "allow-no-checks")
      C.AllowNoChecks = flagValue(Inline);
    else if (Name == "allow-enabling-analyzer-alpha-checkers")
      C.AllowAlpha = flagValue(Inline);
    else if (Name == "experimental-custom-checks")
      C.CustomChecks = flagValue(Inline);
    else if (Name == "verify-config" || Name == "dump-config" ||
             Name == "explain-config")
      C.InspectsConfig = C.InspectsConfig || flagValue(Inline);
    if (Name == "list-checks" || C.InspectsConfig)
      C.NeedsNoFile = C.NeedsNoFile || flagValue(Inline);
  }
  return C;
}

/// The options provider clangTidyMain builds from the same command line.
std::unique_ptr<tidy::ClangTidyOptionsProvider>
makeProvider(const CommandLine &C, std::string &Error) {
  tidy::ClangTidyOptions Defaults = tidy::ClangTidyOptions::getDefaults();
  Defaults.Checks = "clang-diagnostic-*,clang-analyzer-*";
  tidy::ClangTidyOptions Overrides;
  if (C.Checks)
    Overrides.Checks = *C.Checks;
  std::optional<std::string> Text;
  std::string Source;
  if (C.ConfigFile) {
    auto Buffer = llvm::MemoryBuffer::getFile(*C.ConfigFile);
    if (!Buffer) {
      Error = "cannot read --config-file '" + *C.ConfigFile +
              "': " + Buffer.getError().message();
      return nullptr;
    }
    Text = (*Buffer)->getBuffer().str();
    Source = *C.ConfigFile;
  } else if (C.Config) {
    Text = *C.Config;
    Source = "--config";
  }
  if (!Text)
    return std::make_unique<tidy::FileOptionsProvider>(
        tidy::ClangTidyGlobalOptions(), std::move(Defaults),
        std::move(Overrides), llvm::vfs::getRealFileSystem());
  std::string Problem;
  auto Parsed = tidy::parseConfigurationWithDiags(
      llvm::MemoryBufferRef(*Text, Source), [&](const llvm::SMDiagnostic &D) {
        if (!Problem.empty() || D.getKind() != llvm::SourceMgr::DK_Error)
          return;
        std::string Message = D.getMessage().rtrim("!").str();
        if (!Message.empty())
          Message[0] = llvm::toLower(Message[0]);
        Problem = std::to_string(D.getLineNo()) + ":" +
                  std::to_string(D.getColumnNo() + 1) + ": " + Message;
      });
  if (!Parsed) {
    Error = "invalid configuration in " + Source + " at " +
            (Problem.empty() ? Parsed.getError().message() : Problem);
    return nullptr;
  }
  return std::make_unique<tidy::ConfigOptionsProvider>(
      tidy::ClangTidyGlobalOptions(), std::move(Defaults), std::move(*Parsed),
      std::move(Overrides));
}

/// Unknown checks (an error on the command line, a warning in a file: see
/// CheckNames.h) and empty check sets, for each file as clang-tidy will
/// configure it.
std::optional<std::string> checkChecks(const CommandLine &C,
                                       tidy::ClangTidyOptionsProvider &P) {
  tidy::ChecksAndOptions All =
      tidy::getAllChecksAndOptions(C.AllowAlpha, C.CustomChecks);
  std::vector<std::string> Files = C.Files;
  if (Files.empty())
    Files.push_back("dummy");
  for (const std::string &File : Files) {
    llvm::SmallString<256> Path(File);
    llvm::sys::fs::make_absolute(Path);
    for (const auto &[Opts, Source] : P.getRawOptions(Path))
      if (Opts.Checks)
        if (auto Error = judgeCheckNames(*Opts.Checks, Source,
                                         C.ConfigFile.value_or(""), All.Checks))
          return Error;
    if (C.AllowNoChecks)
      continue;
    if (tidy::getCheckNames(P.getOptions(Path), C.AllowAlpha, C.CustomChecks)
            .empty())
      return "no checks enabled for '" + File +
             "' (see --checks, --config and .clang-tidy)";
  }
  return std::nullopt;
}

} // namespace

std::optional<std::string>
findFileModeUsageError(llvm::ArrayRef<const char *> Args) {
  if (Args.empty() || asksForHelpOrVersion(Args))
    return std::nullopt;
  llvm::SmallVector<const char *, 16> Options;
  for (const char *Arg : Args) {
    if (llvm::StringRef(Arg) == "--")
      break;
    Options.push_back(Arg);
  }
  if (auto Error = parseOptions(Options))
    return Error;
  CommandLine C = scan(Options);
  if (C.Files.empty() && !C.NeedsNoFile)
    return std::string("no input files specified");
  if (C.Config && C.ConfigFile)
    return std::string("--config-file and --config are mutually exclusive");
  for (auto [Regex, Flag] : {std::pair{&C.HeaderFilter, "--header-filter"},
                             std::pair{&C.ExcludeHeaderFilter,
                                       "--exclude-header-filter"}}) {
    std::string Error;
    if (*Regex && !llvm::Regex(**Regex).isValid(Error))
      return "invalid regular expression '" + **Regex + "' for " + Flag +
             ": " + Error;
  }
  std::string Error;
  std::unique_ptr<tidy::ClangTidyOptionsProvider> Provider =
      makeProvider(C, Error);
  if (!Provider)
    return Error;
  if (C.InspectsConfig)
    return std::nullopt;
  return checkChecks(C, *Provider);
}

} // namespace asynctidy
