//===--- Display.cpp - what people see on stderr while and after linting --===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//

#include "Display.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"
#include <map>

namespace asynctidy {

namespace {

std::string formatDuration(double Seconds) {
  unsigned S = static_cast<unsigned>(Seconds + 0.5);
  char Buf[32];
  if (S >= 3600)
    snprintf(Buf, sizeof(Buf), "%u:%02u:%02u", S / 3600, S / 60 % 60, S % 60);
  else
    snprintf(Buf, sizeof(Buf), "%u:%02u", S / 60, S % 60);
  return Buf;
}

} // namespace

Progress::Progress(llvm::StringRef Mode, size_t Total, bool Quiet)
    : Total(Total) {
  bool Tty = llvm::sys::Process::StandardErrIsDisplayed();
  Bar = Mode == "bar" || (Mode == "auto" && Tty && !Quiet);
  Lines = Mode == "lines";
  Start = std::chrono::steady_clock::now();
}

void Progress::update(size_t Done, llvm::StringRef Current,
                      llvm::StringRef Root) {
  if (Lines && !Current.empty()) {
    llvm::errs() << "[" << Done << "/" << Total << "] "
                 << relativeToRoot(Current, Root) << "\n";
    return;
  }
  if (!Bar)
    return;
  double Elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
          .count();
  std::string Line = "[" + std::to_string(Done) + "/" + std::to_string(Total) +
                     "] " + formatDuration(Elapsed) + " elapsed";
  if (Done > 0 && Done < Total)
    Line += ", ~" + formatDuration(Elapsed / Done * (Total - Done)) + " left";
  if (!Current.empty())
    Line += "  " + relativeToRoot(Current, Root);
  unsigned Width = llvm::sys::Process::StandardErrColumns();
  if (Width == 0)
    Width = 80;
  if (Line.size() >= Width)
    Line = Line.substr(0, Width - 1);
  llvm::errs() << "\r" << Line << "\x1b[K";
  llvm::errs().flush();
}

void Progress::finish() {
  if (Bar)
    llvm::errs() << "\r\x1b[K";
}

Outcome countOutcome(const Report &R) {
  Outcome Out;
  for (const UnitResult &U : R.Units)
    Out.Failed += U.Failed;
  for (const Finding &F : R.Findings)
    Out.Promoted += F.IsWarningAsError;
  return Out;
}

void printSummary(const Report &R, const ProjectOptions &O,
                  size_t BaselineWritten) {
  auto [Failed, Promoted] = countOutcome(R);
  for (const UnitResult &U : R.Units) {
    if (!U.Failed)
      continue;
    llvm::errs() << "async-tidy: error: " << relativeToRoot(U.File, R.RepoRoot)
                 << ": could not be analysed: " << U.Reason << "\n";
    if (!U.ChildStderr.empty()) {
      llvm::SmallVector<llvm::StringRef> Lines;
      llvm::StringRef(U.ChildStderr).split(Lines, '\n');
      for (llvm::StringRef L : Lines)
        llvm::errs() << "  | " << L << "\n";
    }
  }
  std::map<std::string, unsigned> PerCheck;
  for (const Finding &F : R.Findings)
    ++PerCheck[F.Diag.DiagnosticName];
  if (!O.Quiet) {
    llvm::errs() << "async-tidy: " << R.Units.size() << " translation unit"
                 << (R.Units.size() == 1 ? "" : "s") << " linted, " << Failed
                 << " failed, " << R.Findings.size() << " finding"
                 << (R.Findings.size() == 1 ? "" : "s");
    if (Promoted)
      llvm::errs() << " (" << Promoted << " as errors)";
    if (R.SuppressedByBaseline)
      llvm::errs() << ", " << R.SuppressedByBaseline << " in baseline";
    if (R.SuppressedByDiff)
      llvm::errs() << ", " << R.SuppressedByDiff << " outside the diff";
    if (R.UsedCache)
      llvm::errs() << ", cache: " << R.CacheHits << " hit"
                   << (R.CacheHits == 1 ? "" : "s") << ", " << R.CacheMisses
                   << " miss" << (R.CacheMisses == 1 ? "" : "es");
    llvm::errs() << "\n";
    for (const auto &[Check, Count] : PerCheck)
      llvm::errs() << "  " << Count << "  " << Check << "\n";
    if (!O.WriteBaselineFile.empty())
      llvm::errs() << "async-tidy: wrote " << BaselineWritten
                   << " finding(s) to baseline '" << O.WriteBaselineFile
                   << "'\n";
  }
}

} // namespace asynctidy
