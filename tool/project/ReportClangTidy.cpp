//===--- ReportClangTidy.cpp - reports in clang-tidy's own formats --------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The text report is clang-tidy's own printer (so editors and CI annotators
/// that parse clang-tidy's output parse ours), and `--export-fixes` is the
/// YAML that clang-apply-replacements reads.
///
//===----------------------------------------------------------------------===//

#include "Merge.h"
#include "Report.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

using namespace clang;

namespace asynctidy {

namespace {

tidy::ClangTidyError toTidyError(const Finding &F) {
  tidy::ClangTidyError E(F.Diag.DiagnosticName,
                         F.IsWarningAsError ? tooling::Diagnostic::Warning
                                            : F.Diag.DiagLevel,
                         F.Diag.BuildDirectory, F.IsWarningAsError);
  E.Message = F.Diag.Message;
  E.Notes = F.Diag.Notes;
  return E;
}

/// Prints findings exactly as clang-tidy does, to stdout.
void printText(llvm::ArrayRef<Finding> All, std::optional<bool> UseColor) {
  std::vector<tidy::ClangTidyError> Errors;
  for (const Finding &F : All)
    Errors.push_back(toTidyError(F));
  tidy::ClangTidyOptions Opts = tidy::ClangTidyOptions::getDefaults();
  Opts.UseColor = UseColor;
  tidy::ClangTidyContext Context(std::make_unique<tidy::DefaultOptionsProvider>(
      tidy::ClangTidyGlobalOptions(), Opts));
  unsigned WarningsAsErrors = 0;
  tidy::handleErrors(Errors, Context, tidy::FB_NoFix, WarningsAsErrors,
                     llvm::vfs::getRealFileSystem());
  llvm::outs().flush();
}

/// Runs \p Print with stdout redirected to \p Path (so that clang-tidy's
/// printer, which writes to stdout, can write text reports to a file).
bool withStdoutTo(llvm::StringRef Path, llvm::function_ref<void()> Print,
                  std::string &Error) {
  llvm::outs().flush();
  int Fd = ::open(Path.str().c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (Fd < 0) {
    Error = std::strerror(errno);
    return false;
  }
  int Saved = ::dup(1);
  ::dup2(Fd, 1);
  ::close(Fd);
  Print();
  llvm::outs().flush();
  ::dup2(Saved, 1);
  ::close(Saved);
  return true;
}

} // namespace

bool writeText(const Report &R, std::optional<bool> UseColor,
               llvm::StringRef OutputFile, std::string &Error) {
  std::vector<Finding> All = R.Findings;
  for (const Finding &F : R.CompilerErrors)
    All.push_back(F);
  llvm::sort(All, findingLess);
  auto Print = [&] { printText(All, UseColor); };
  if (!OutputFile.empty())
    return withStdoutTo(OutputFile, Print, Error);
  Print();
  return true;
}

bool writeExportFixes(llvm::StringRef Path, llvm::ArrayRef<Finding> Findings,
                      std::string &Error) {
  std::vector<tidy::ClangTidyError> Errors;
  for (const Finding &F : Findings)
    Errors.push_back(toTidyError(F));
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_None);
  if (EC) {
    Error = EC.message();
    return false;
  }
  tidy::exportReplacements("", Errors, OS);
  return true;
}

} // namespace asynctidy
