//===--- AsyncTidyMain.cpp - the async-tidy command line ------------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `async-tidy` is clang-tidy with the `async` module linked in: same flags,
/// same `.clang-tidy` discovery, NOLINT handling and fixes. The one difference
/// is the default check set: when neither the command line nor a config file
/// chooses checks, `async-*` runs instead of clang-tidy's defaults.
///
//===----------------------------------------------------------------------===//

#include "FileModeUsage.h"
#include "async-tidy/Version.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang-tidy/tool/ClangTidyMain.h"
#include "project/ProjectMode.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <vector>

extern volatile int AsyncTidyModuleAnchorSource;

namespace {

/// clang-tidy options that take their value as the next argument when written
/// without `=`.
bool takesSeparateValue(llvm::StringRef Flag) {
  Flag = Flag.ltrim('-');
  static const char *const Names[] = {"p",
                                      "checks",
                                      "config",
                                      "config-file",
                                      "header-filter",
                                      "exclude-header-filter",
                                      "line-filter",
                                      "export-fixes",
                                      "extra-arg",
                                      "extra-arg-before",
                                      "format-style",
                                      "vfsoverlay",
                                      "load",
                                      "store-check-profile",
                                      "warnings-as-errors",
                                      "source-filter"};
  for (const char *Name : Names)
    if (Flag == Name)
      return true;
  return false;
}

/// Whether a configuration given on the command line sets `Checks`. Such a
/// configuration replaces `.clang-tidy` discovery, so without `Checks` it
/// chooses none and the default applies.
bool configTextChoosesChecks(llvm::StringRef Text, llvm::StringRef Source) {
  auto Parsed = clang::tidy::parseConfigurationWithDiags(
      llvm::MemoryBufferRef(Text, Source), [](const llvm::SMDiagnostic &) {});
  // A broken configuration is reported as a usage error later.
  return !Parsed || Parsed->Checks.has_value();
}

bool configFileChoosesChecks(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return true; // Reported as a usage error later.
  return configTextChoosesChecks((*Buffer)->getBuffer(), Path);
}

/// Whether a `.clang-tidy` at or above \p Dir sets `Checks`, following
/// `InheritParentConfig` like clang-tidy does.
bool configChoosesChecks(llvm::StringRef Dir) {
  llvm::SmallString<256> Current(Dir);
  llvm::sys::fs::make_absolute(Current);
  while (!Current.empty()) {
    llvm::SmallString<256> File(Current);
    llvm::sys::path::append(File, ".clang-tidy");
    auto Buffer = llvm::MemoryBuffer::getFile(File);
    if (Buffer) {
      auto Parsed =
          clang::tidy::parseConfiguration((*Buffer)->getMemBufferRef());
      if (!Parsed)
        return true; // Let clang-tidy report the broken file as usual.
      if (Parsed->Checks)
        return true;
      if (!Parsed->InheritParentConfig.value_or(false))
        return false;
    }
    llvm::StringRef Parent = llvm::sys::path::parent_path(Current);
    if (Parent == Current)
      break;
    Current = Parent;
  }
  return false;
}

} // namespace

namespace asynctidy {

/// Whether the user chose checks: a flag, or a config file for the cwd or
/// for any file named on the command line.
bool userChoseChecks(llvm::ArrayRef<const char *> Args) {
  std::vector<std::string> Dirs = {"."};
  bool ConfigGiven = false;
  for (size_t I = 1; I < Args.size(); ++I) {
    llvm::StringRef Arg = Args[I];
    if (Arg == "--")
      break;
    if (Arg.starts_with("-")) {
      auto [Flag, Inline] = Arg.ltrim('-').split('=');
      llvm::StringRef Value = Inline;
      if (!Arg.contains('=') && takesSeparateValue(Arg) && I + 1 < Args.size())
        Value = Args[++I];
      if (Flag == "checks")
        return true;
      if (Flag == "config" || Flag == "config-file") {
        ConfigGiven = true;
        if (Flag == "config" ? configTextChoosesChecks(Value, "--config")
                             : configFileChoosesChecks(Value))
          return true;
      }
      continue;
    }
    std::string Dir = llvm::sys::path::parent_path(Arg).str();
    Dirs.push_back(Dir.empty() ? "." : Dir);
  }
  if (ConfigGiven)
    return false;
  for (const std::string &Dir : Dirs)
    if (configChoosesChecks(Dir))
      return true;
  return false;
}

} // namespace asynctidy

namespace {

// Printed at the end of --help; these options are parsed by
// project/Options.cpp, not by clang-tidy's command line.
llvm::cl::extrahelp ProjectModeHelp(R"(
Whole-project mode (docs/ci.md):
  async-tidy -p <build dir> [options] [files...]
  lints every translation unit of <build dir>/compile_commands.json (or only
  the files named), each in its own process, and prints each finding once.
  Also selected by any of these options:
  -j <N>, --jobs=<N>       parallel translation units (default: all cores)
  --files=<regex>          lint only translation units whose path matches
  --format=text|json|sarif|codequality
                           report format (default: text)
  --output=<file>, -o      write the report to <file> instead of stdout
  --baseline=<file>        report only findings not recorded in <file>
  --write-baseline=<file>  record the current findings in <file>
  --diff[=<file>]          report only findings on lines a unified diff adds
                           (read from stdin without <file>)
  --diff-strip=<N>         path components to strip in the diff (default: 1)
  --repo-root=<dir>        root for relative paths (default: git top level)
  --docs-url=<url>         base URL of docs/checks/ for SARIF rules
  --progress=auto|bar|lines|none
                           progress on stderr (default: a bar on a terminal)
  --export-fixes=<file>    all fixes, for clang-apply-replacements
  --cache-dir=<dir>        reuse results of unchanged translation units
                           (default: $ASYNC_TIDY_CACHE_DIR, if set)
  --cache-max-size=<size>  evict least recently used beyond this (default 1G)
  --no-cache               ignore --cache-dir and ASYNC_TIDY_CACHE_DIR
  --shard=<K>/<N>          lint only the K-th of N slices (balanced by size)
  --cross-tu-summaries     keep the cross-TU summaries in the JSON report
                           for `async-tidy merge` (implied by --shard)
  async-tidy merge <report.json>... [--format=...] [--baseline=...]
                           one report from the JSON reports of the shards
  Exit status: 0 no findings, 1 findings (with --warnings-as-errors: only
  findings promoted to errors), 2 usage or configuration error, 3 a
  translation unit could not be analysed.
)");

void printVersion(llvm::raw_ostream &OS) {
  OS << "async-tidy version " << ASYNC_TIDY_VERSION << "\n"
     << "  built against Clang " << ASYNC_TIDY_CLANG_VERSION << "\n";
}

} // namespace

int main(int Argc, const char **Argv) {
  (void)AsyncTidyModuleAnchorSource;
  llvm::cl::AddExtraVersionPrinter(printVersion);
  std::vector<const char *> Args(Argv, Argv + Argc);
  // `-p build` without source files, or a project-only option such as
  // --format, lints the whole compilation database (project/ProjectMode.cpp).
  // `async-tidy merge <report.json>...` joins the reports of sharded runs.
  if (Args.size() > 1 && llvm::StringRef(Args[1]) == "merge")
    return asynctidy::runMergeCommand(Args);
  if (asynctidy::wantsProjectMode(Args))
    return asynctidy::runProjectMode(Args);
  if (!asynctidy::userChoseChecks(Args))
    Args.insert(Args.begin() + 1, "--checks=-*,async-*");
  if (std::optional<std::string> Error =
          asynctidy::findFileModeUsageError(Args)) {
    llvm::errs() << "async-tidy: error: " << *Error << "\n";
    return asynctidy::ExitUsage;
  }
  return clang::tidy::clangTidyMain(static_cast<int>(Args.size()), Args.data());
}
