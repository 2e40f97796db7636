//===--- ReportCodeQuality.cpp - GitLab Code Quality report ---------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// GitLab's Code Quality report (artifacts:reports:codequality): a JSON array
/// of issues, each with a description, check name, severity, location
/// relative to the repository root and a fingerprint GitLab uses to tell new
/// issues from old ones in a merge request.
///
/// The fingerprint is the baseline's (Baseline.h), so GitLab and
/// `--baseline` agree on which findings are the same across commits. GitLab
/// wants fingerprints unique within a report, while a baseline counts equal
/// ones; the second and later findings with one fingerprint get it hashed
/// with their ordinal, which is stable as long as their order is.
///
//===----------------------------------------------------------------------===//

#include "Report.h"
#include "JsonBytes.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/xxhash.h"

namespace asynctidy {

namespace {

using llvm::json::Array;
using llvm::json::Object;

std::string uniqueFingerprint(const Finding &F,
                              llvm::StringMap<unsigned> &Seen) {
  unsigned Ordinal = ++Seen[F.Fingerprint];
  if (Ordinal == 1)
    return F.Fingerprint;
  std::string Key = F.Fingerprint + ":" + std::to_string(Ordinal);
  return llvm::utohexstr(llvm::xxh3_64bits(llvm::StringRef(Key)),
                         /*LowerCase=*/true, /*Width=*/16);
}

} // namespace

void writeCodeQuality(const Report &R, llvm::raw_ostream &OS) {
  Array Issues;
  llvm::StringMap<unsigned> Seen;
  for (const Finding &F : R.Findings) {
    Object Location{{"lines", Object{{"begin", std::max(F.Where.Line, 1u)}}}};
    // A name that is not UTF-8 also gets "pathBytes" (JsonBytes.h).
    setString(Location, "path",
              F.RelFile.empty() ? llvm::StringRef(".") : F.RelFile);
    Issues.push_back(
        Object{{"type", "issue"},
               {"description", F.Diag.Message.Message},
               {"check_name", F.Diag.DiagnosticName},
               {"categories", Array{"Bug Risk"}},
               // Promoted by --warnings-as-errors: the run fails on it.
               {"severity", F.IsWarningAsError ? "major" : "minor"},
               {"fingerprint", uniqueFingerprint(F, Seen)},
               {"location", std::move(Location)}});
  }
  OS << llvm::formatv("{0:2}", llvm::json::Value(std::move(Issues))) << "\n";
}

} // namespace asynctidy
