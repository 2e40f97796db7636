//===--- ReportJson.cpp - async-tidy's own JSON report --------------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The JSON report is async-tidy's own, simpler format (see docs/ci.md): a
/// summary, the translation units, the findings with their notes and fixes.
///
//===----------------------------------------------------------------------===//

#include "Report.h"
#include "JsonBytes.h"
#include "async-tidy/Version.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <map>

namespace asynctidy {

namespace {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

Value jsonMessage(const clang::tooling::DiagnosticMessage &M, const Report &R,
                  SourceText &Sources) {
  Object O;
  setString(O, "message", M.Message);
  if (!M.FilePath.empty()) {
    LineColumn L = Sources.locate(M.FilePath, M.FileOffset);
    setString(O, "file", relativeToRoot(M.FilePath, R.RepoRoot));
    O["offset"] = M.FileOffset;
    O["line"] = L.Line;
    O["column"] = L.Column;
  }
  // Ranges make the report complete enough for `async-tidy merge`.
  Array Ranges;
  for (const clang::tooling::FileByteRange &Range : M.Ranges) {
    Object Entry{{"offset", Range.FileOffset}, {"length", Range.Length}};
    setString(Entry, "file", relativeToRoot(Range.FilePath, R.RepoRoot));
    Ranges.push_back(std::move(Entry));
  }
  if (!Ranges.empty())
    O["ranges"] = std::move(Ranges);
  return O;
}

Value jsonFinding(const Finding &F, const Report &R, SourceText &Sources) {
  Object O = std::move(*jsonMessage(F.Diag.Message, R, Sources).getAsObject());
  O["check"] = F.Diag.DiagnosticName;
  setString(O, "buildDirectory", F.Diag.BuildDirectory);
  O["level"] = F.IsCompilerError || F.IsWarningAsError ? "error" : "warning";
  if (!F.Fingerprint.empty()) {
    O["fingerprint"] = F.Fingerprint;
    O["function"] = F.Function;
  }
  Array Notes;
  for (const clang::tooling::DiagnosticMessage &N : F.Diag.Notes)
    Notes.push_back(jsonMessage(N, R, Sources));
  O["notes"] = std::move(Notes);
  Array Fixes;
  std::map<std::string, const clang::tooling::Replacements *> Sorted;
  for (const auto &[File, Repls] : F.Diag.Message.Fix)
    Sorted[File.str()] = &Repls;
  for (const auto &[File, Repls] : Sorted)
    for (const clang::tooling::Replacement &Rep : *Repls) {
      LineColumn L = Sources.locate(File, Rep.getOffset());
      Object Fix{{"offset", Rep.getOffset()},
                 {"length", Rep.getLength()},
                 {"line", L.Line},
                 {"column", L.Column}};
      setString(Fix, "file", relativeToRoot(File, R.RepoRoot));
      setString(Fix, "replacement", Rep.getReplacementText());
      Fixes.push_back(std::move(Fix));
    }
  O["fixes"] = std::move(Fixes);
  return O;
}

} // namespace

void writeJson(const Report &R, SourceText &Sources, llvm::raw_ostream &OS) {
  Array Findings, Errors, Units;
  for (const Finding &F : R.Findings)
    Findings.push_back(jsonFinding(F, R, Sources));
  for (const Finding &F : R.CompilerErrors)
    Errors.push_back(jsonFinding(F, R, Sources));
  std::map<std::string, unsigned> PerCheck;
  unsigned Failed = 0;
  for (const Finding &F : R.Findings)
    ++PerCheck[F.Diag.DiagnosticName];
  for (const UnitResult &U : R.Units) {
    Object O{{"status", U.Failed ? "failed" : "ok"}};
    setString(O, "file", relativeToRoot(U.File, R.RepoRoot));
    if (R.UsedCache)
      O["cached"] = U.FromCache;
    if (U.Failed) {
      ++Failed;
      O["reason"] = U.Reason;
      if (!U.ChildStderr.empty())
        setString(O, "stderr", U.ChildStderr);
    }
    // For the cross-TU join at `async-tidy merge`.
    if (R.WriteSummaries && !U.Summary.empty())
      setString(O, "summary", U.Summary);
    Units.push_back(std::move(O));
  }
  Object Checks;
  for (const auto &[Check, Count] : PerCheck)
    Checks[Check] = Count;
  Object Root{
      {"version", 1},
      {"tool", Object{{"name", "async-tidy"}, {"version", ASYNC_TIDY_VERSION}}},
      {"summary",
       Object{{"translationUnits", static_cast<int64_t>(R.Units.size())},
              {"failed", Failed},
              {"findings", static_cast<int64_t>(R.Findings.size())},
              {"suppressedByBaseline", R.SuppressedByBaseline},
              {"suppressedByDiff", R.SuppressedByDiff},
              {"perCheck", std::move(Checks)}}},
      {"enabledChecks", Array(R.EnabledChecks)},
      {"translationUnits", std::move(Units)},
      {"findings", std::move(Findings)},
      {"compilerErrors", std::move(Errors)}};
  setString(Root, "repoRoot", R.RepoRoot);
  if (R.UsedCache)
    (*Root.getObject("summary"))["cache"] =
        Object{{"hits", R.CacheHits}, {"misses", R.CacheMisses}};
  OS << llvm::formatv("{0:2}", Value(std::move(Root))) << "\n";
}

namespace {

/// Paths in a report are relative to its repository root unless outside it.
std::string absoluteIn(llvm::StringRef Root, llvm::StringRef Path) {
  if (Path.empty() || llvm::sys::path::is_absolute(Path))
    return Path.str();
  llvm::SmallString<256> Abs(Root);
  llvm::sys::path::append(Abs, Path);
  return std::string(Abs);
}

unsigned getUnsigned(const Object &O, llvm::StringRef Key) {
  return static_cast<unsigned>(O.getInteger(Key).value_or(0));
}

clang::tooling::DiagnosticMessage readMessage(const Object &O,
                                              llvm::StringRef Root) {
  clang::tooling::DiagnosticMessage M;
  M.Message = getString(O, "message").value_or("");
  M.FilePath = absoluteIn(Root, getString(O, "file").value_or(""));
  M.FileOffset = getUnsigned(O, "offset");
  if (const Array *Ranges = O.getArray("ranges"))
    for (const Value &V : *Ranges)
      if (const Object *Range = V.getAsObject()) {
        clang::tooling::FileByteRange Read;
        Read.FilePath =
            absoluteIn(Root, getString(*Range, "file").value_or(""));
        Read.FileOffset = getUnsigned(*Range, "offset");
        Read.Length = getUnsigned(*Range, "length");
        M.Ranges.push_back(std::move(Read));
      }
  return M;
}

Finding readFinding(const Object &O, llvm::StringRef Root,
                    bool IsCompilerError) {
  Finding F;
  F.Diag.DiagnosticName = O.getString("check").value_or("").str();
  F.Diag.BuildDirectory = getString(O, "buildDirectory").value_or("");
  F.Diag.Message = readMessage(O, Root);
  bool IsError = O.getString("level") == "error";
  F.Diag.DiagLevel = IsError ? clang::tooling::Diagnostic::Error
                             : clang::tooling::Diagnostic::Warning;
  F.IsCompilerError = IsCompilerError;
  F.IsWarningAsError = IsError && !IsCompilerError;
  if (const Array *Notes = O.getArray("notes"))
    for (const Value &V : *Notes)
      if (const Object *Note = V.getAsObject())
        F.Diag.Notes.push_back(readMessage(*Note, Root));
  if (const Array *Fixes = O.getArray("fixes"))
    for (const Value &V : *Fixes) {
      const Object *Fix = V.getAsObject();
      if (!Fix)
        continue;
      std::string File =
          absoluteIn(Root, getString(*Fix, "file").value_or(""));
      llvm::consumeError(
          F.Diag.Message.Fix[File].add(clang::tooling::Replacement(
              File, getUnsigned(*Fix, "offset"), getUnsigned(*Fix, "length"),
              getString(*Fix, "replacement").value_or(""))));
    }
  return F;
}

} // namespace

llvm::Error readJsonReport(llvm::StringRef Path, llvm::StringRef RepoRoot,
                           ShardReport &Into) {
  auto Fail = [&](const llvm::Twine &Why) {
    return llvm::createStringError("cannot read report '" + Path + "': " + Why);
  };
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer)
    return Fail(Buffer.getError().message());
  llvm::Expected<Value> Parsed = llvm::json::parse((*Buffer)->getBuffer());
  if (!Parsed)
    return Fail(llvm::toString(Parsed.takeError()));
  const Object *Root = Parsed->getAsObject();
  if (!Root || Root->getInteger("version") != 1 ||
      !Root->getArray("translationUnits") || !Root->getString("repoRoot"))
    return Fail("not an async-tidy JSON report (written with --format=json)");
  // Its paths are relative to the root of the checkout it was made in; they
  // name the same files in this one (which may be elsewhere: another CI
  // machine).

  UnitOutcome Found;
  for (const Value &V : *Root->getArray("translationUnits")) {
    const Object *Unit = V.getAsObject();
    if (!Unit)
      continue;
    UnitOutcome Out;
    Out.Unit.File = absoluteIn(RepoRoot, getString(*Unit, "file").value_or(""));
    Out.Unit.Failed = Unit->getString("status") == "failed";
    Out.Unit.Reason = Unit->getString("reason").value_or("").str();
    Out.Unit.ChildStderr = getString(*Unit, "stderr").value_or("");
    Out.Unit.FromCache = Unit->getBoolean("cached").value_or(false);
    Out.Unit.Summary = getString(*Unit, "summary").value_or("");
    Into.Outcomes.push_back(std::move(Out));
  }
  for (auto [Key, IsCompilerError] :
       {std::pair{"findings", false}, std::pair{"compilerErrors", true}})
    if (const Array *List = Root->getArray(Key))
      for (const Value &V : *List)
        if (const Object *F = V.getAsObject()) {
          Finding Read = readFinding(*F, RepoRoot, IsCompilerError);
          (IsCompilerError ? Found.CompilerErrors : Found.Warnings)
              .push_back(std::move(Read));
        }
  // The findings are not attributed to units any more: one outcome with no
  // unit carries them all.
  Into.Loose.Warnings.insert(Into.Loose.Warnings.end(), Found.Warnings.begin(),
                             Found.Warnings.end());
  Into.Loose.CompilerErrors.insert(Into.Loose.CompilerErrors.end(),
                                   Found.CompilerErrors.begin(),
                                   Found.CompilerErrors.end());
  if (const Array *Checks = Root->getArray("enabledChecks"))
    for (const Value &V : *Checks)
      if (std::optional<llvm::StringRef> Check = V.getAsString())
        Into.EnabledChecks.insert(Check->str());
  if (const Object *Summary = Root->getObject("summary")) {
    Into.SuppressedByBaseline += getUnsigned(*Summary, "suppressedByBaseline");
    Into.SuppressedByDiff += getUnsigned(*Summary, "suppressedByDiff");
    if (const Object *Cache = Summary->getObject("cache")) {
      Into.UsedCache = true;
      Into.CacheHits += getUnsigned(*Cache, "hits");
      Into.CacheMisses += getUnsigned(*Cache, "misses");
    }
  }
  return llvm::Error::success();
}

} // namespace asynctidy
