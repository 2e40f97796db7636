//===--- AsyncClangdMain.cpp - clangd with the async module ---------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `async-clangd` is clangd 22 with the `async` clang-tidy module linked in:
/// clangd cannot load clang-tidy plugins, so editors point at this binary to
/// see async-* diagnostics and fixes while typing.
///
//===----------------------------------------------------------------------===//

#include "async-tidy/Version.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

extern volatile int AsyncTidyModuleAnchorSource;

namespace clang::clangd {
// Defined in clangd's tool library (clangdMain), which installs no header.
int clangdMain(int Argc, char *Argv[]);
} // namespace clang::clangd

int main(int Argc, char *Argv[]) {
  (void)AsyncTidyModuleAnchorSource;
  // clangd replaces LLVM's version printer, so ours goes first.
  for (int I = 1; I < Argc; ++I) {
    llvm::StringRef Arg(Argv[I]);
    if (Arg == "--version" || Arg == "-version") {
      llvm::outs() << "async-clangd (async-tidy version " << ASYNC_TIDY_VERSION
                   << ", built against Clang " << ASYNC_TIDY_CLANG_VERSION
                   << ")\n";
      llvm::outs().flush();
      break;
    }
  }
  return clang::clangd::clangdMain(Argc, Argv);
}
