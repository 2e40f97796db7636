//===--- Options.cpp - project mode's command line ------------------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//

#include "Options.h"
#include "Cache.h"
#include "ProjectMode.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"

namespace asynctidy {

namespace {

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
    {"cache-dir", ArgSpec::Value, ArgSpec::Project},
    {"cache-max-size", ArgSpec::Value, ArgSpec::Project},
    {"no-cache", ArgSpec::Flag, ArgSpec::Project},
    {"shard", ArgSpec::Value, ArgSpec::Project},
    {"cross-tu-summaries", ArgSpec::Flag, ArgSpec::Project},
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
         Name == "progress" || Name == "cache-dir" ||
         Name == "cache-max-size" || Name == "no-cache" || Name == "shard" ||
         Name == "cross-tu-summaries";
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

} // namespace

void printUsageError(const std::string &Message) {
  llvm::errs() << "async-tidy: error: " << Message << "\n";
}

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

std::optional<UsageError> parseProjectOptions(llvm::ArrayRef<const char *> Args,
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
      else if (Value == "codequality")
        O.OutFormat = Format::CodeQuality;
      else
        return UsageError{
            "invalid value '" + Value +
            "' for --format (expected text, json, sarif or codequality)"};
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
    } else if (Name == "cache-dir") {
      O.CacheDir = Value;
    } else if (Name == "cache-max-size") {
      O.CacheMaxSize = parseSize(Value);
      if (!O.CacheMaxSize)
        return UsageError{"invalid value '" + Value +
                          "' for --cache-max-size (expected a size such as "
                          "500M or 2G)"};
    } else if (Name == "shard") {
      auto [K, N] = llvm::StringRef(Value).split('/');
      if (K.getAsInteger(10, O.ShardIndex) ||
          N.getAsInteger(10, O.ShardCount) || O.ShardCount == 0 ||
          O.ShardIndex == 0 || O.ShardIndex > O.ShardCount)
        return UsageError{"invalid value '" + Value +
                          "' for --shard (expected K/N with 1 <= K <= N)"};
    } else if (Name == "no-cache") {
      O.NoCache = FlagOn;
    } else if (Name == "cross-tu-summaries") {
      O.CrossTuSummaries = FlagOn;
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
  // Every report path is made relative to it: a typo would silently leave
  // them absolute.
  if (!O.RepoRoot.empty() && !llvm::sys::fs::is_directory(O.RepoRoot))
    return UsageError{"--repo-root '" + O.RepoRoot + "' is not a directory"};
  return std::nullopt;
}

} // namespace asynctidy
