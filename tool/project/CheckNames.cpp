//===--- CheckNames.cpp - check names that match no check -----------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//

#include "CheckNames.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang-tidy/GlobList.h"
#include "llvm/Support/raw_ostream.h"

namespace tidy = clang::tidy;

namespace asynctidy {

namespace {

std::string closestCheck(llvm::StringRef Name, const llvm::StringSet<> &All) {
  unsigned Best = 5;
  std::string Closest;
  for (llvm::StringRef Check : All.keys()) {
    unsigned Distance = Name.edit_distance_insensitive(Check, true, Best);
    if (Distance < Best) {
      Best = Distance;
      Closest = Check.str();
    }
  }
  return Closest;
}

using Provider = tidy::ClangTidyOptionsProvider;

bool isConfigOption(llvm::StringRef Source) {
  return Source == Provider::OptionsSourceTypeConfigCommandLineOption;
}

} // namespace

std::optional<std::string> judgeCheckNames(llvm::StringRef Checks,
                                           llvm::StringRef Source,
                                           llvm::StringRef ConfigFile,
                                           const llvm::StringSet<> &All) {
  static llvm::StringSet<> Warned; // "source\0glob"
  // --config and --config-file both come as '-config'.
  if (isConfigOption(Source) && !ConfigFile.empty())
    Source = ConfigFile;
  bool Typed = Source == Provider::OptionsSourceTypeCheckCommandLineOption ||
               isConfigOption(Source);
  tidy::GlobList Globs(Checks);
  for (const auto &Item : Globs.getItems()) {
    // clang-diagnostic-* names warnings, not checks, as in clang-tidy.
    if (!Item.IsPositive || Item.Text.starts_with("clang-diagnostic"))
      continue;
    if (llvm::any_of(All.keys(),
                     [&](llvm::StringRef C) { return Item.Regex.match(C); }))
      continue;
    std::string Where = " (in " + Source.str() + ")";
    std::string Problem;
    if (Item.Text.contains('*')) {
      Problem = "check glob '" + Item.Text.str() + "' matches no known check" +
                Where;
    } else {
      std::string Closest = closestCheck(Item.Text, All);
      Problem = "unknown check '" + Item.Text.str() + "'" + Where +
                (Closest.empty() ? "" : "; did you mean '" + Closest + "'?");
    }
    if (Typed)
      return Problem;
    if (Warned.insert((Source + llvm::Twine('\0') + Item.Text).str()).second)
      llvm::errs() << "async-tidy: warning: " << Problem << "\n";
  }
  return std::nullopt;
}

} // namespace asynctidy
