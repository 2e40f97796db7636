//===--- Report.cpp - writing the merged findings for people and machines -===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//

#include "Report.h"
#include "Baseline.h"
#include "async-tidy/CheckDocs.inc"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>

namespace asynctidy {

std::string relativeToRoot(llvm::StringRef Path, llvm::StringRef Root) {
  std::string Prefix = Root.str();
  if (!Prefix.empty() && Prefix.back() != '/')
    Prefix += '/';
  if (!Root.empty() && Path.starts_with(Prefix))
    return llvm::sys::path::convert_to_slash(Path.drop_front(Prefix.size()));
  return Path.str();
}

std::string defaultDocsUrl() { return ASYNC_TIDY_DOCS_URL; }

CheckDoc describeCheck(llvm::StringRef Check, llvm::StringRef DocsUrl) {
  CheckDoc Doc;
  for (const auto *E = AsyncTidyCheckDocs; E->Name; ++E)
    if (Check == E->Name)
      Doc.Summary = E->Summary;
  if (Check.starts_with("async-")) {
    if (!DocsUrl.empty())
      Doc.Url = (DocsUrl + Check + ".md").str();
    if (Doc.Summary.empty())
      Doc.Summary = "async-tidy check " + Check.str() + ".";
    return Doc;
  }
  if (Check.starts_with("clang-diagnostic-")) {
    Doc.Summary = "Clang compiler diagnostic -W" +
                  Check.drop_front(strlen("clang-diagnostic-")).str() + ".";
    Doc.Url = "https://clang.llvm.org/docs/DiagnosticsReference.html";
    return Doc;
  }
  // A clang-tidy check: docs live at checks/<module>/<rest>.html.
  auto [Module, Rest] = Check.split('-');
  if (Module == "clang" && Rest.starts_with("analyzer-")) {
    Module = "clang-analyzer";
    Rest = Rest.drop_front(strlen("analyzer-"));
  }
  Doc.Summary = "clang-tidy check " + Check.str() + ".";
  Doc.Url = ("https://clang.llvm.org/extra/clang-tidy/checks/" + Module + "/" +
             Rest + ".html")
                .str();
  return Doc;
}

namespace {

/// Writes a machine-readable report to \p Path, or stdout when empty.
bool writeTo(llvm::StringRef Path, std::string &Error,
             llvm::function_ref<void(llvm::raw_ostream &)> Write) {
  if (Path.empty()) {
    Write(llvm::outs());
    llvm::outs().flush();
    return true;
  }
  std::error_code EC;
  llvm::raw_fd_ostream File(Path, EC, llvm::sys::fs::OF_None);
  if (EC) {
    Error = EC.message();
    return false;
  }
  Write(File);
  return true;
}

} // namespace

std::optional<UsageError> writeOutputs(const Report &R, const ProjectOptions &O,
                                       llvm::ArrayRef<Finding> Current,
                                       SourceText &Sources) {
  if (!O.WriteBaselineFile.empty())
    if (llvm::Error E =
            writeBaseline(O.WriteBaselineFile, Current, R.RepoRoot))
      return UsageError{llvm::toString(std::move(E))};

  std::string Error;
  bool Ok = true;
  switch (O.OutFormat) {
  case Format::Text:
    Ok = writeText(R, O.UseColor, O.OutputFile, Error);
    break;
  case Format::Json:
    Ok = writeTo(O.OutputFile, Error,
                 [&](llvm::raw_ostream &OS) { writeJson(R, Sources, OS); });
    break;
  case Format::CodeQuality:
    Ok = writeTo(O.OutputFile, Error,
                 [&](llvm::raw_ostream &OS) { writeCodeQuality(R, OS); });
    break;
  case Format::Sarif:
    Ok = writeTo(O.OutputFile, Error,
                 [&](llvm::raw_ostream &OS) { writeSarif(R, Sources, OS); });
    break;
  }
  if (!Ok)
    return UsageError{"cannot write '" + O.OutputFile + "': " + Error};

  if (!O.ExportFixes.empty() &&
      !writeExportFixes(O.ExportFixes, R.Findings, Error))
    return UsageError{"cannot write '" + O.ExportFixes + "': " + Error};
  return std::nullopt;
}

} // namespace asynctidy
