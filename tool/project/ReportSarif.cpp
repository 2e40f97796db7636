//===--- ReportSarif.cpp - the SARIF 2.1.0 report -------------------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// SARIF as GitHub code scanning accepts it: rule metadata for every enabled
/// check (summary, docs link), results with locations relative to the
/// repository root (%SRCROOT%), related locations for notes, fixes, and a
/// partial fingerprint that survives line shifts. Translation units that
/// could not be analysed become tool execution notifications.
///
//===----------------------------------------------------------------------===//

#include "Report.h"
#include "async-tidy/Version.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include <map>

namespace asynctidy {

namespace {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

/// "file:///abs/dir/" for a directory.
std::string fileUri(llvm::StringRef Dir) {
  std::string Uri = "file://";
  for (char C : llvm::sys::path::convert_to_slash(Dir)) {
    if (llvm::isAlnum(C) || llvm::StringRef("/-._~").contains(C))
      Uri += C;
    else
      Uri += "%" + llvm::utohexstr(static_cast<unsigned char>(C), false, 2);
  }
  if (Uri.back() != '/')
    Uri += '/';
  return Uri;
}

std::string percentEncodePath(llvm::StringRef Path) {
  std::string Out;
  for (char C : Path) {
    if (llvm::isAlnum(C) || llvm::StringRef("/-._~+").contains(C))
      Out += C;
    else
      Out += "%" + llvm::utohexstr(static_cast<unsigned char>(C), false, 2);
  }
  return Out;
}

class SarifBuilder {
public:
  SarifBuilder(const Report &R, SourceText &Sources) : R(R), Sources(Sources) {}

  Value artifact(llvm::StringRef AbsPath) {
    std::string Rel = relativeToRoot(AbsPath, R.RepoRoot);
    if (Rel != AbsPath)
      return Object{{"uri", percentEncodePath(Rel)},
                    {"uriBaseId", "%SRCROOT%"}};
    return Object{{"uri", "file://" + percentEncodePath(AbsPath)}};
  }

  Object region(llvm::StringRef File, unsigned Offset, unsigned Length,
                bool WithSnippet) {
    LineColumn B = Sources.locate(File, Offset);
    Object Region;
    if (B.Line == 0)
      return Region;
    Region["startLine"] = B.Line;
    Region["startColumn"] = Sources.utf16Column(File, B.Line, B.Column);
    LineColumn E = Sources.locate(File, Offset + Length);
    if (E.Line) {
      Region["endLine"] = E.Line;
      Region["endColumn"] = Sources.utf16Column(File, E.Line, E.Column);
    }
    if (WithSnippet)
      Region["snippet"] =
          Object{{"text", Sources.lineText(File, B.Line).str()}};
    return Region;
  }

  Value location(const clang::tooling::DiagnosticMessage &M) {
    Object Physical{{"artifactLocation", artifact(M.FilePath)}};
    unsigned Length = 0;
    for (const clang::tooling::FileByteRange &Range : M.Ranges)
      if (Range.FilePath == M.FilePath && Range.FileOffset == M.FileOffset)
        Length = Range.Length;
    Object Reg = region(M.FilePath, M.FileOffset, Length, true);
    if (!Reg.empty())
      Physical["region"] = std::move(Reg);
    return Object{{"physicalLocation", std::move(Physical)}};
  }

  Array fixes(const Finding &F) {
    Array Changes;
    std::map<std::string, const clang::tooling::Replacements *> Sorted;
    for (const auto &[File, Repls] : F.Diag.Message.Fix)
      Sorted[File.str()] = &Repls;
    for (const auto &[File, Repls] : Sorted) {
      Array Replacements;
      for (const clang::tooling::Replacement &Rep : *Repls)
        Replacements.push_back(
            Object{{"deletedRegion",
                    region(File, Rep.getOffset(), Rep.getLength(), false)},
                   {"insertedContent",
                    Object{{"text", Rep.getReplacementText().str()}}}});
      if (!Replacements.empty())
        Changes.push_back(Object{{"artifactLocation", artifact(File)},
                                 {"replacements", std::move(Replacements)}});
    }
    if (Changes.empty())
      return {};
    return Array{
        Object{{"description", Object{{"text", "apply the suggested fix-it"}}},
               {"artifactChanges", std::move(Changes)}}};
  }

  Value build() {
    // Rules: every enabled check, plus any other that reported.
    std::vector<std::string> RuleIds = R.EnabledChecks;
    for (const Finding &F : R.Findings)
      RuleIds.push_back(F.Diag.DiagnosticName);
    llvm::sort(RuleIds);
    RuleIds.erase(std::unique(RuleIds.begin(), RuleIds.end()), RuleIds.end());
    std::map<std::string, size_t> RuleIndex;
    Array Rules;
    for (const std::string &Id : RuleIds) {
      RuleIndex[Id] = Rules.size();
      CheckDoc Doc = describeCheck(Id, R.DocsUrl);
      Object Rule{
          {"id", Id},
          {"name", Id},
          {"shortDescription", Object{{"text", Doc.Summary}}},
          {"fullDescription", Object{{"text", Doc.Summary}}},
          {"defaultConfiguration", Object{{"level", "warning"}}},
          {"properties",
           Object{{"tags", Array{llvm::StringRef(Id).starts_with("async-")
                                     ? "coroutines"
                                     : "clang-tidy"}}}}};
      std::string HelpText = Doc.Summary;
      if (!Doc.Url.empty()) {
        Rule["helpUri"] = Doc.Url;
        HelpText += " See " + Doc.Url;
      }
      Rule["help"] = Object{{"text", HelpText}};
      Rules.push_back(std::move(Rule));
    }

    Array Results;
    for (const Finding &F : R.Findings) {
      const std::string &Id = F.Diag.DiagnosticName;
      Object Result{{"ruleId", Id},
                    {"ruleIndex", static_cast<int64_t>(RuleIndex[Id])},
                    {"level", F.IsWarningAsError ? "error" : "warning"},
                    {"message", Object{{"text", F.Diag.Message.Message}}},
                    {"partialFingerprints",
                     Object{{"asyncTidyFingerprint/v1", F.Fingerprint}}}};
      if (!F.Diag.Message.FilePath.empty())
        Result["locations"] = Array{location(F.Diag.Message)};
      Array Related;
      for (const clang::tooling::DiagnosticMessage &N : F.Diag.Notes) {
        if (N.FilePath.empty())
          continue;
        Object L = std::move(*location(N).getAsObject());
        L["id"] = static_cast<int64_t>(Related.size() + 1);
        L["message"] = Object{{"text", N.Message}};
        Related.push_back(std::move(L));
      }
      if (!Related.empty())
        Result["relatedLocations"] = std::move(Related);
      Array Fixes = fixes(F);
      if (!Fixes.empty())
        Result["fixes"] = std::move(Fixes);
      if (R.UsedBaseline)
        Result["baselineState"] = "new";
      Results.push_back(std::move(Result));
    }

    Array Notifications;
    bool AllOk = true;
    for (const UnitResult &U : R.Units) {
      if (!U.Failed)
        continue;
      AllOk = false;
      Notifications.push_back(Object{
          {"level", "error"},
          {"message",
           Object{{"text", relativeToRoot(U.File, R.RepoRoot) +
                               " could not be analysed: " + U.Reason}}},
          {"locations",
           Array{Object{{"physicalLocation",
                         Object{{"artifactLocation", artifact(U.File)}}}}}}});
    }
    for (const Finding &F : R.CompilerErrors) {
      Object N{{"level", "error"},
               {"message", Object{{"text", F.Diag.Message.Message + " [" +
                                               F.Diag.DiagnosticName + "]"}}}};
      if (!F.Diag.Message.FilePath.empty())
        N["locations"] = Array{location(F.Diag.Message)};
      Notifications.push_back(std::move(N));
    }
    Object Invocation{{"executionSuccessful", AllOk}};
    if (!Notifications.empty())
      Invocation["toolExecutionNotifications"] = std::move(Notifications);

    Object Driver{{"name", "async-tidy"},
                  {"version", ASYNC_TIDY_VERSION},
                  {"semanticVersion", ASYNC_TIDY_VERSION},
                  {"rules", std::move(Rules)}};
    if (!R.DocsUrl.empty())
      Driver["informationUri"] = R.DocsUrl;
    Object Run{{"tool", Object{{"driver", std::move(Driver)}}},
               {"originalUriBaseIds",
                Object{{"%SRCROOT%", Object{{"uri", fileUri(R.RepoRoot)}}}}},
               {"columnKind", "utf16CodeUnits"},
               {"invocations", Array{std::move(Invocation)}},
               {"results", std::move(Results)}};
    return Object{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                  {"version", "2.1.0"},
                  {"runs", Array{std::move(Run)}}};
  }

private:
  const Report &R;
  SourceText &Sources;
};

} // namespace

void writeSarif(const Report &R, SourceText &Sources, llvm::raw_ostream &OS) {
  OS << llvm::formatv("{0:2}", SarifBuilder(R, Sources).build()) << "\n";
}

} // namespace asynctidy
