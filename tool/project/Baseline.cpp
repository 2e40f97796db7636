//===--- Baseline.cpp - accepted findings of an existing codebase ---------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//

#include "Baseline.h"
#include "JsonBytes.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

namespace asynctidy {

void fingerprint(Finding &F, SourceText &Sources) {
  const clang::tooling::DiagnosticMessage &M = F.Diag.Message;
  std::string Line;
  if (!M.FilePath.empty()) {
    F.Function = Sources.enclosingFunction(M.FilePath, M.FileOffset);
    Line = normalizeWhitespace(Sources.lineText(M.FilePath, F.Where.Line));
  }
  std::string Key = "async-tidy-baseline-v1";
  for (llvm::StringRef Part :
       {llvm::StringRef(F.RelFile), llvm::StringRef(F.Diag.DiagnosticName),
        llvm::StringRef(F.Function), llvm::StringRef(Line),
        llvm::StringRef(M.Message)}) {
    Key += '\0';
    Key += Part;
  }
  uint64_t Hash = llvm::xxh3_64bits(llvm::StringRef(Key));
  F.Fingerprint = llvm::utohexstr(Hash, /*LowerCase=*/true, /*Width=*/16);
}

llvm::Expected<Baseline> readBaseline(llvm::StringRef Path,
                                      BaselineOrigin *Origin) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer)
    return llvm::createStringError(
        Buffer.getError(), "cannot read baseline '%s': %s", Path.str().c_str(),
        Buffer.getError().message().c_str());
  auto Parsed = llvm::json::parse((*Buffer)->getBuffer());
  if (!Parsed)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(), "malformed baseline '%s': %s",
        Path.str().c_str(), llvm::toString(Parsed.takeError()).c_str());
  const llvm::json::Object *Root = Parsed->getAsObject();
  const llvm::json::Array *Items = Root ? Root->getArray("findings") : nullptr;
  if (!Items)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "malformed baseline '%s': no 'findings' "
                                   "array",
                                   Path.str().c_str());
  Baseline B;
  if (Origin)
    if (std::optional<llvm::StringRef> Project = Root->getString("project"))
      Origin->Project = Project->str();
  for (const llvm::json::Value &Item : *Items) {
    const llvm::json::Object *O = Item.getAsObject();
    std::optional<llvm::StringRef> FP =
        O ? O->getString("fingerprint") : std::nullopt;
    if (!FP)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "malformed baseline '%s': a finding "
                                     "without 'fingerprint'",
                                     Path.str().c_str());
    ++B[*FP];
    if (Origin)
      if (std::optional<std::string> File = getString(*O, "file"))
        if (!llvm::is_contained(Origin->Files, *File))
          Origin->Files.push_back(*File);
  }
  return B;
}

llvm::Error writeBaseline(llvm::StringRef Path,
                          llvm::ArrayRef<Finding> Findings,
                          llvm::StringRef RepoRoot) {
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_None);
  if (EC)
    return llvm::createStringError(EC, "cannot write baseline '%s': %s",
                                   Path.str().c_str(), EC.message().c_str());
  // One finding per line keeps the file reviewable and diff-friendly.
  OS << "{\n  \"version\": 1,\n  \"tool\": \"async-tidy\",\n";
  // Which project it belongs to, for readBaseline's users to compare.
  if (!RepoRoot.empty())
    OS << "  \"project\": "
       << llvm::json::Value(llvm::sys::path::filename(RepoRoot).str())
       << ",\n";
  OS << "  \"findings\": [";
  bool First = true;
  for (const Finding &F : Findings) {
    OS << (First ? "\n    " : ",\n    ");
    First = false;
    llvm::json::Object O{{"fingerprint", F.Fingerprint},
                         {"check", F.Diag.DiagnosticName},
                         {"function", F.Function},
                         {"line", static_cast<int64_t>(F.Where.Line)},
                         {"message", F.Diag.Message.Message}};
    // The file name's exact bytes, for the foreign-baseline check.
    setString(O, "file", F.RelFile);
    OS << llvm::json::Value(std::move(O));
  }
  OS << (First ? "]\n}\n" : "\n  ]\n}\n");
  return llvm::Error::success();
}

void warnIfForeignBaseline(llvm::StringRef Path, const BaselineOrigin &Origin,
                           llvm::StringRef RepoRoot) {
  if (Origin.Files.empty())
    return;
  for (const std::string &File : Origin.Files) {
    llvm::SmallString<256> Full(File);
    if (!llvm::sys::path::is_absolute(Full)) {
      Full = RepoRoot;
      llvm::sys::path::append(Full, File);
    }
    if (llvm::sys::fs::exists(Full))
      return;
  }
  llvm::errs() << "async-tidy: warning: baseline '" << Path << "'"
               << (Origin.Project.empty()
                       ? std::string()
                       : " (written for project '" + Origin.Project + "')")
               << " names no file of this repository ('" << RepoRoot
               << "'); it was written for another project or another "
                  "--repo-root\n";
}

} // namespace asynctidy
