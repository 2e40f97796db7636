//===--- Plan.cpp - which translation units to lint -----------------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//

#include "Plan.h"
#include "Cache.h"
#include "Config.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"
#include <set>

using namespace clang;

namespace asynctidy {

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

namespace {

/// Reads the unified diff of --diff (a file, or stdin).
std::optional<UsageError> readDiff(const ProjectOptions &O,
                                   llvm::StringRef RepoRoot, Plan &P) {
  std::string Text;
  if (O.DiffFile.empty() || O.DiffFile == "-") {
    auto Buffer = llvm::MemoryBuffer::getSTDIN();
    if (!Buffer)
      return UsageError{"cannot read the diff from stdin"};
    Text = (*Buffer)->getBuffer().str();
  } else {
    auto Buffer = llvm::MemoryBuffer::getFile(O.DiffFile, true);
    if (!Buffer)
      return UsageError{"cannot read diff '" + O.DiffFile +
                        "': " + Buffer.getError().message()};
    Text = (*Buffer)->getBuffer().str();
  }
  auto Parsed = ChangedLines::parse(Text, RepoRoot, O.DiffStrip);
  if (!Parsed)
    return UsageError{llvm::toString(Parsed.takeError())};
  P.Changed = std::move(*Parsed);
  // Not an error (an empty diff is a legitimate pull request), but a file
  // that is not a unified diff at all must not pass for "nothing changed".
  if (P.Changed->files().empty())
    llvm::errs() << "async-tidy: warning: the diff "
                 << (O.DiffFile.empty() || O.DiffFile == "-"
                         ? std::string("on stdin")
                         : "'" + O.DiffFile + "'")
                 << " adds no lines (is it a unified diff?); no finding can "
                    "be reported\n";
  return std::nullopt;
}

/// The translation units of \p Db that the options and the diff select.
std::vector<std::string> chooseFiles(const tooling::CompilationDatabase &Db,
                                     const ProjectOptions &O, const Plan &P) {
  std::vector<std::string> Files;
  std::set<std::string> Unique;
  for (const std::string &F : Db.getAllFiles())
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
                     << "': not a translation unit in " << P.DbPath << "\n";
      continue;
    }
    Wanted.insert(C);
  }
  // A diff that touches files other than translation units (headers)
  // needs every unit: any of them may include the header.
  bool DiffTouchesOthers = false;
  if (P.Changed)
    for (const auto &Entry : P.Changed->files())
      if (!Unique.count(Entry.first().str()))
        DiffTouchesOthers = true;
  bool OnlyNamed = !O.Files.empty();
  for (const std::string &F : Unique) {
    if (OnlyNamed && !Wanted.count(F))
      continue;
    if (Filter && !Filter->match(F))
      continue;
    if (P.Changed && !DiffTouchesOthers && !P.Changed->touches(F))
      continue;
    Files.push_back(F);
  }
  return Files;
}

} // namespace

std::optional<UsageError> planRun(ProjectOptions &O, llvm::StringRef RepoRoot,
                                  Plan &P) {
  // The compilation database.
  if (O.BuildPath.empty()) {
    if (llvm::sys::fs::exists("compile_commands.json"))
      O.BuildPath = ".";
    else {
      return UsageError{"no compilation database: pass -p <build directory> "
                        "containing compile_commands.json"};
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
    return UsageError{"cannot find '" + std::string(DbPath) + "'"};
  }
  // JSONCompilationDatabase's parser prints YAML diagnostics of its own; a
  // JSON check first keeps a malformed file to one line.
  if (auto Buffer = llvm::MemoryBuffer::getFile(DbPath, /*IsText=*/true)) {
    if (auto Parsed = llvm::json::parse((*Buffer)->getBuffer()); !Parsed) {
      return UsageError{"malformed '" + std::string(DbPath) +
                        "': " + llvm::toString(Parsed.takeError())};
    }
  } else {
    return UsageError{"cannot read '" + std::string(DbPath) +
                      "': " + Buffer.getError().message()};
  }
  std::string DbError;
  auto Db = tooling::JSONCompilationDatabase::loadFromFile(
      DbPath, DbError, tooling::JSONCommandLineSyntax::AutoDetect);
  if (!Db) {
    llvm::StringRef E = llvm::StringRef(DbError).trim();
    return UsageError{"malformed '" + std::string(DbPath) +
                      "': " + E.split('\n').first.str()};
  }
  if (Db->getAllCompileCommands().empty())
    return UsageError{"'" + std::string(DbPath) +
                      "' has no translation units: nothing to lint"};
  P.DbPath = std::string(DbPath);
  P.BuildDir = BuildDir;
  if (O.Diff)
    if (auto Err = readDiff(O, RepoRoot, P))
      return Err;
  P.Files = chooseFiles(*Db, O, P);
  if (O.ShardCount)
    P.Files = shardOf(P.Files, O.ShardIndex, O.ShardCount);
  for (const std::string &File : P.Files)
    P.Commands[File] = Db->getCompileCommands(File);
  return std::nullopt;
}

std::vector<std::string> shardOf(llvm::ArrayRef<std::string> Files,
                                 unsigned Index, unsigned Count) {
  std::vector<std::pair<uint64_t, std::string>> BySize;
  for (const std::string &File : Files) {
    uint64_t Size = 0;
    if (llvm::sys::fs::file_size(File, Size))
      Size = 0;
    BySize.push_back({Size, File});
  }
  // Largest first; equal sizes in path order, so every shard agrees.
  llvm::sort(BySize, [](const auto &A, const auto &B) {
    return A.first != B.first ? A.first > B.first : A.second < B.second;
  });
  std::vector<uint64_t> Load(Count, 0);
  std::vector<std::string> Mine;
  for (const auto &[Size, File] : BySize) {
    unsigned Lightest = 0;
    for (unsigned I = 1; I < Count; ++I)
      if (Load[I] < Load[Lightest])
        Lightest = I;
    // An empty file still costs a parse: count it as one byte.
    Load[Lightest] += std::max<uint64_t>(Size, 1);
    if (Lightest + 1 == Index)
      Mine.push_back(File);
  }
  llvm::sort(Mine);
  return Mine;
}

void lookUpCache(Plan &P, ResultCache &Cache, ConfigView &Config,
                 llvm::StringRef Argv0) {
  for (const std::string &File : P.Files) {
    std::string Yaml = clang::tidy::configurationAsText(
        Config.providerFor(File, Argv0).getOptions(File));
    P.CacheKeys.push_back(Cache.keyFor(File, P.Commands[File], Yaml));
    P.Cached.push_back(Cache.lookUp(P.CacheKeys.back()));
  }
}

} // namespace asynctidy
