//===--- AsyncTidyPlugin.cpp - the async-* checks inside the compiler -----===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// AsyncTidyPlugin.so: a Clang frontend plugin that runs the async-* checks
/// while `clang++-22 -fplugin=AsyncTidyPlugin.so -c file.cpp` compiles, so
/// linting rides on the build (and its cache and build farm). It uses the
/// checks registered by the `async` module (checks/AsyncTidyModule.cpp), the
/// same object code as the other front-ends.
///
/// The checks report into a private clang-tidy diagnostics engine, which
/// applies clang-tidy's filters (NOLINT forms, header filter, system headers,
/// conflicting fixes). At the end of the translation unit the survivors are
/// re-emitted as ordinary compiler diagnostics with their notes, ranges and
/// fix-it hints. Forwarding each diagnostic as it comes (what clang-tidy's own
/// plugin does) would bypass the header filter, and -Werror would turn every
/// finding into an error.
///
/// Plugin arguments (`-fplugin-arg-asynctidy-<arg>`): `checks=<globs>`,
/// `config=<YAML>`, `warnings-as-errors=<globs>` override `.clang-tidy` as the
/// matching clang-tidy flags do; `config-digest=<anything>` is ignored, it only
/// puts the configuration into the command line that compile caches hash.
///
//===----------------------------------------------------------------------===//

#include "async-tidy/Version.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang-tidy/GlobList.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "clang/Tooling/Core/Replacement.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::async {
namespace {

/// The name in `-fplugin-arg-<name>-...`. The driver splits that flag at the
/// first dash, so the name cannot contain one.
constexpr llvm::StringLiteral PluginName = "asynctidy";
constexpr llvm::StringLiteral DefaultChecks = "-*,async-*";

/// `.clang-tidy` discovery as clang-tidy does it, with async-tidy's default:
/// when neither a config file nor a plugin argument chooses checks, `async-*`
/// runs (clang-tidy's own default would be `clang-diagnostic-*`).
class PluginOptionsProvider : public FileOptionsProvider {
public:
  using FileOptionsProvider::FileOptionsProvider;

  std::vector<OptionsSource> getRawOptions(llvm::StringRef FileName) override {
    std::vector<OptionsSource> Sources =
        FileOptionsProvider::getRawOptions(FileName);
    // The first source is the built-in defaults; any later one with `Checks`
    // is a config file or the `checks=` argument.
    bool Chosen =
        llvm::any_of(llvm::drop_begin(Sources), [](const OptionsSource &S) {
          return S.first.Checks.has_value();
        });
    if (!Chosen && !Sources.empty())
      Sources.front().first.Checks = DefaultChecks.str();
    return Sources;
  }
};

/// Every check name the linked modules register (today: the `async` module).
std::vector<std::string> registeredChecks() {
  ClangTidyCheckFactories Factories;
  for (const ClangTidyModuleRegistry::entry &Entry :
       ClangTidyModuleRegistry::entries())
    Entry.instantiate()->addCheckFactories(Factories);
  std::vector<std::string> Names;
  for (const auto &Factory : Factories)
    Names.push_back(Factory.getKey().str());
  llvm::sort(Names);
  return Names;
}

/// The positive entries of a `Checks` glob list that name no registered check.
/// With \p OnlyOurs, only entries in the `async-` namespace count: a shared
/// `.clang-tidy` lists stock checks the plugin does not have, legitimately.
std::vector<std::string> unknownChecks(llvm::StringRef Globs,
                                       llvm::ArrayRef<std::string> Known,
                                       bool OnlyOurs) {
  std::vector<std::string> Unknown;
  llvm::SmallVector<llvm::StringRef, 8> Entries;
  Globs.split(Entries, ',', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef Entry : Entries) {
    Entry = Entry.trim();
    if (Entry.empty() || Entry.starts_with("-"))
      continue;
    if (OnlyOurs && !Entry.starts_with("async-"))
      continue;
    GlobList Glob(Entry);
    if (llvm::none_of(Known,
                      [&](const std::string &N) { return Glob.contains(N); }))
      Unknown.push_back(Entry.str());
  }
  return Unknown;
}

/// Builds a location in the compiler's source manager from the file path and
/// offset clang-tidy recorded (the same source manager produced them).
SourceLocation locationOf(SourceManager &SM, llvm::StringRef FilePath,
                          unsigned Offset) {
  if (FilePath.empty())
    return {};
  llvm::Expected<FileEntryRef> File = SM.getFileManager().getFileRef(FilePath);
  if (!File) {
    llvm::consumeError(File.takeError());
    return {};
  }
  FileID ID = SM.translateFile(*File);
  if (ID.isInvalid())
    return {};
  return SM.getComposedLoc(ID, Offset);
}

CharSourceRange rangeOf(SourceManager &SM, llvm::StringRef FilePath,
                        unsigned Offset, unsigned Length) {
  SourceLocation Begin = locationOf(SM, FilePath, Offset);
  if (Begin.isInvalid())
    return {};
  return CharSourceRange::getCharRange(Begin, Begin.getLocWithOffset(Length));
}

/// Adds the ranges and fix-its of one clang-tidy message to a diagnostic.
void addDetails(DiagnosticBuilder &Builder, SourceManager &SM,
                const tooling::DiagnosticMessage &Message) {
  for (const tooling::FileByteRange &Range : Message.Ranges) {
    CharSourceRange R =
        rangeOf(SM, Range.FilePath, Range.FileOffset, Range.Length);
    if (R.isValid())
      Builder << R;
  }
  for (const auto &FileAndReplacements : Message.Fix) {
    for (const tooling::Replacement &Fix : FileAndReplacements.second) {
      CharSourceRange R =
          rangeOf(SM, Fix.getFilePath(), Fix.getOffset(), Fix.getLength());
      if (R.isValid())
        Builder << FixItHint::CreateReplacement(R, Fix.getReplacementText());
    }
  }
}

/// Re-emits clang-tidy's findings into the compiler's diagnostics engine.
class FindingEmitter {
public:
  explicit FindingEmitter(CompilerInstance &Compiler)
      : Diags(Compiler.getDiagnostics()), SM(Compiler.getSourceManager()) {}

  void emit(const std::vector<ClangTidyError> &Errors) {
    if (Errors.empty())
      return;
    // A finding is a warning unless warnings-as-errors names its check; the
    // compiler's -Werror must not promote it (clang-tidy's semantics). Custom
    // diagnostics belong to no warning group, so -Werror is switched off
    // while they are reported.
    bool WasWerror = Diags.getWarningsAsErrors();
    Diags.setWarningsAsErrors(false);
    for (const ClangTidyError &Error : Errors)
      emitOne(Error);
    Diags.setWarningsAsErrors(WasWerror);
  }

private:
  void emitOne(const ClangTidyError &Error) {
    bool IsError =
        Error.IsWarningAsError || Error.DiagLevel == tooling::Diagnostic::Error;
    // `-w` silences every warning; the engine does not apply it to custom
    // diagnostics, so it is done here.
    if (!IsError && Diags.getIgnoreAllWarnings())
      return;
    std::string Text = Error.Message.Message;
    Text += " [" + Error.DiagnosticName;
    if (Error.IsWarningAsError)
      Text += ",-warnings-as-errors";
    Text += "]";
    unsigned ID = IsError
                      ? Diags.getCustomDiagID(DiagnosticsEngine::Error, "%0")
                  : Error.DiagLevel == tooling::Diagnostic::Remark
                      ? Diags.getCustomDiagID(DiagnosticsEngine::Remark, "%0")
                      : Diags.getCustomDiagID(DiagnosticsEngine::Warning, "%0");
    {
      DiagnosticBuilder Builder = Diags.Report(
          locationOf(SM, Error.Message.FilePath, Error.Message.FileOffset), ID);
      Builder << Text;
      addDetails(Builder, SM, Error.Message);
    }
    unsigned NoteID = Diags.getCustomDiagID(DiagnosticsEngine::Note, "%0");
    for (const tooling::DiagnosticMessage &Note : Error.Notes) {
      DiagnosticBuilder Builder =
          Diags.Report(locationOf(SM, Note.FilePath, Note.FileOffset), NoteID);
      Builder << Note.Message;
      addDetails(Builder, SM, Note);
    }
  }

  DiagnosticsEngine &Diags;
  SourceManager &SM;
};

/// Owns clang-tidy's state for one translation unit and runs its AST
/// consumer next to code generation; reports at the end of the TU.
class PluginConsumer : public MultiplexConsumer {
public:
  PluginConsumer(CompilerInstance &Compiler,
                 std::unique_ptr<ClangTidyContext> Context,
                 std::unique_ptr<ClangTidyDiagnosticConsumer> TidyConsumer,
                 std::unique_ptr<DiagnosticsEngine> TidyDiags,
                 std::vector<std::unique_ptr<ASTConsumer>> Consumers)
      : MultiplexConsumer(std::move(Consumers)), Compiler(Compiler),
        Context(std::move(Context)), TidyConsumer(std::move(TidyConsumer)),
        TidyDiags(std::move(TidyDiags)) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    MultiplexConsumer::HandleTranslationUnit(Ctx);
    // The consumer applies the NOLINT, header and fix-conflict filters when
    // the source file ends; only then are its findings final.
    TidyConsumer->EndSourceFile();
    FindingEmitter(Compiler).emit(TidyConsumer->take());
  }

private:
  CompilerInstance &Compiler;
  // Declared in construction order; destroyed in reverse.
  std::unique_ptr<ClangTidyContext> Context;
  std::unique_ptr<ClangTidyDiagnosticConsumer> TidyConsumer;
  std::unique_ptr<DiagnosticsEngine> TidyDiags;
};

class AsyncTidyPluginAction : public PluginASTAction {
public:
  ActionType getActionType() override { return AddAfterMainAction; }

  bool ParseArgs(const CompilerInstance &Compiler,
                 const std::vector<std::string> &Args) override {
    DiagnosticsEngine &Diags = Compiler.getDiagnostics();
    for (llvm::StringRef Arg : Args) {
      // Accept clang-tidy's spelling (`-checks=`) as well as the short one.
      auto [Name, Value] = Arg.ltrim('-').split('=');
      if (!Arg.contains('=')) {
        reportArgError(Diags, "plugin argument '" + Arg.str() +
                                  "' needs a value (" + Arg.str() + "=...)");
        return false;
      }
      if (Name == "checks") {
        Overrides.Checks = Value.str();
      } else if (Name == "warnings-as-errors") {
        Overrides.WarningsAsErrors = Value.str();
      } else if (Name == "config") {
        if (!parseConfigArg(Diags, Value))
          return false;
      } else if (Name != "config-digest") {
        reportArgError(Diags, "unknown plugin argument '" + Name.str() +
                                  "'; the arguments are checks=, config=, "
                                  "warnings-as-errors= and config-digest=");
        return false;
      }
    }
    if (Overrides.Checks) {
      std::vector<std::string> Unknown =
          unknownChecks(*Overrides.Checks, registeredChecks(), false);
      if (!Unknown.empty()) {
        reportArgError(Diags, "unknown check '" + Unknown.front() +
                                  "' in -fplugin-arg-asynctidy-checks; the "
                                  "checks are " +
                                  llvm::join(registeredChecks(), ", "));
        return false;
      }
    }
    return true;
  }

  std::unique_ptr<ASTConsumer>
  CreateASTConsumer(CompilerInstance &Compiler, llvm::StringRef File) override {
    auto Provider = std::make_unique<PluginOptionsProvider>(
        ClangTidyGlobalOptions(), ClangTidyOptions::getDefaults(), Overrides);
    reportUnknownConfiguredChecks(Compiler, *Provider, File);
    auto Context = std::make_unique<ClangTidyContext>(std::move(Provider));
    auto TidyConsumer = std::make_unique<ClangTidyDiagnosticConsumer>(*Context);
    auto DiagOpts = std::make_unique<DiagnosticOptions>();
    auto TidyDiags = std::make_unique<DiagnosticsEngine>(
        DiagnosticIDs::create(), *DiagOpts, TidyConsumer.get(),
        /*ShouldOwnClient=*/false);
    Context->setDiagnosticsEngine(std::move(DiagOpts), TidyDiags.get());
    TidyConsumer->BeginSourceFile(Compiler.getLangOpts(),
                                  &Compiler.getPreprocessor());

    ClangTidyASTConsumerFactory Factory(*Context);
    std::vector<std::unique_ptr<ASTConsumer>> Consumers;
    Consumers.push_back(Factory.createASTConsumer(Compiler, File));
    return std::make_unique<PluginConsumer>(
        Compiler, std::move(Context), std::move(TidyConsumer),
        std::move(TidyDiags), std::move(Consumers));
  }

private:
  static void reportArgError(DiagnosticsEngine &Diags,
                             const std::string &Message) {
    Diags.Report(Diags.getCustomDiagID(DiagnosticsEngine::Error,
                                       "async-tidy plugin: %0"))
        << Message;
  }

  bool parseConfigArg(DiagnosticsEngine &Diags, llvm::StringRef Yaml) {
    llvm::ErrorOr<ClangTidyOptions> Parsed = parseConfiguration(
        llvm::MemoryBufferRef(Yaml, "-fplugin-arg-asynctidy-config"));
    if (!Parsed) {
      reportArgError(Diags, "invalid -fplugin-arg-asynctidy-config: " +
                                Parsed.getError().message());
      return false;
    }
    // Like clang-tidy's --config: its keys override the config files.
    Overrides.mergeWith(*Parsed, 0);
    return true;
  }

  /// A `.clang-tidy` that enables an async- check this plugin does not have
  /// (a typo, or a check from a newer async-tidy) gets one warning line.
  static void reportUnknownConfiguredChecks(CompilerInstance &Compiler,
                                            PluginOptionsProvider &Provider,
                                            llvm::StringRef File) {
    std::vector<std::string> Known;
    for (const auto &Source : Provider.getRawOptions(File)) {
      if (!Source.first.Checks ||
          Source.second ==
              ClangTidyOptionsProvider::OptionsSourceTypeDefaultBinary)
        continue;
      if (Known.empty())
        Known = registeredChecks();
      for (const std::string &Name :
           unknownChecks(*Source.first.Checks, Known, /*OnlyOurs=*/true)) {
        DiagnosticsEngine &Diags = Compiler.getDiagnostics();
        Diags.Report(Diags.getCustomDiagID(
            DiagnosticsEngine::Warning,
            "async-tidy plugin: unknown check '%0' in %1"))
            << Name << Source.second;
      }
    }
  }

  ClangTidyOptions Overrides;
};

} // namespace

static FrontendPluginRegistry::Add<AsyncTidyPluginAction>
    Registration(PluginName, "async-tidy: lint C++20 coroutine misuse while "
                             "compiling");

} // namespace clang::tidy::async
