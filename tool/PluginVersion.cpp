//===--- PluginVersion.cpp - version line for the clang-tidy plugin -------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Only in AsyncTidyModule.so: stock `clang-tidy --load=AsyncTidyModule.so
/// --version` names the async-tidy version next to clang-tidy's own.
///
//===----------------------------------------------------------------------===//

#include "async-tidy/Version.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

namespace {
struct RegisterVersion {
  RegisterVersion() {
    llvm::cl::AddExtraVersionPrinter([](llvm::raw_ostream &OS) {
      OS << "async-tidy plugin version " << ASYNC_TIDY_VERSION
         << "\n  built against Clang " << ASYNC_TIDY_CLANG_VERSION << "\n";
    });
  }
} Register;
} // namespace
