//===--- Config.cpp - the clang-tidy configuration the children will see --===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//

#include "Config.h"
#include "CheckNames.h"
#include "DiffFilter.h"
#include "ProjectMode.h"
#include "clang-tidy/ClangTidy.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <set>

using namespace clang;

namespace asynctidy {

std::optional<UsageError> ConfigView::init() {
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
      ConfigChoosesChecks = Parsed->Checks.has_value();
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

tidy::ClangTidyOptionsProvider &ConfigView::providerFor(llvm::StringRef File,
                                                        llvm::StringRef Argv0) {
  const char *Args[] = {Argv0.data(), File.data()};
  // A configuration on the command line replaces .clang-tidy discovery.
  bool Chose = O.Checks || ConfigChoosesChecks ||
               (!O.Config && !O.ConfigFile &&
                userChoseChecks(llvm::ArrayRef(Args)));
  return Chose ? *Plain : *Injected;
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
      if (auto Error = judgeCheckNames(*Opts.Checks, Source,
                                       O.ConfigFile.value_or(""), All.Checks))
        return UsageError{*Error};
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

} // namespace asynctidy
