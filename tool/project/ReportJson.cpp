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
#include "async-tidy/Version.h"
#include "llvm/Support/JSON.h"
#include <map>

namespace asynctidy {

namespace {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

Value jsonMessage(const clang::tooling::DiagnosticMessage &M, const Report &R,
                  SourceText &Sources) {
  Object O{{"message", M.Message}};
  if (!M.FilePath.empty()) {
    LineColumn L = Sources.locate(M.FilePath, M.FileOffset);
    O["file"] = relativeToRoot(M.FilePath, R.RepoRoot);
    O["offset"] = M.FileOffset;
    O["line"] = L.Line;
    O["column"] = L.Column;
  }
  return O;
}

Value jsonFinding(const Finding &F, const Report &R, SourceText &Sources) {
  Object O = std::move(*jsonMessage(F.Diag.Message, R, Sources).getAsObject());
  O["check"] = F.Diag.DiagnosticName;
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
      Fixes.push_back(Object{{"file", relativeToRoot(File, R.RepoRoot)},
                             {"offset", Rep.getOffset()},
                             {"length", Rep.getLength()},
                             {"line", L.Line},
                             {"column", L.Column},
                             {"replacement", Rep.getReplacementText().str()}});
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
    Object O{{"file", relativeToRoot(U.File, R.RepoRoot)},
             {"status", U.Failed ? "failed" : "ok"}};
    if (R.UsedCache)
      O["cached"] = U.FromCache;
    if (U.Failed) {
      ++Failed;
      O["reason"] = U.Reason;
    }
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
      {"translationUnits", std::move(Units)},
      {"findings", std::move(Findings)},
      {"compilerErrors", std::move(Errors)}};
  if (R.UsedCache)
    (*Root.getObject("summary"))["cache"] =
        Object{{"hits", R.CacheHits}, {"misses", R.CacheMisses}};
  OS << llvm::formatv("{0:2}", Value(std::move(Root))) << "\n";
}

} // namespace asynctidy
