//===--- OptionParsing.h - async-tidy ---------------------------*- C++ -*-===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Reads a check's `CheckOptions` and reports every value it cannot use, so
/// that a typo in `.clang-tidy` is never accepted silently. Each problem is
/// one `clang-tidy-config` diagnostic (clang-tidy's own convention for bad
/// integer and enum values) that names the check, the option and the value:
///
///   warning: invalid configuration value 'maybe' for option
///   'async-discarded-coroutine.AllowCastToVoid'; expected a bool
///   [clang-tidy-config]
///
/// Project mode turns these diagnostics into configuration errors (exit 2).
///
/// Usage, in a check's constructor:
///
///   IgnoredTypes(OptionReader(*this, Options).nameList("IgnoredTypes")),
///   Depth(OptionReader(*this, Options).count("Depth", 3)),
///
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_CHECKS_OPTIONPARSING_H
#define ASYNC_TIDY_CHECKS_OPTIONPARSING_H

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace clang::tidy::async {

/// Reads the options of one check. Every function takes the check-local
/// option name and the default used when the option is not set.
class OptionReader {
public:
  OptionReader(const ClangTidyCheck &Check,
               const ClangTidyCheck::OptionsView &Options);

  /// A `;`-separated list of qualified names, each a regular expression (see
  /// NameList). An entry that is not a valid regular expression is reported;
  /// the value is returned unchanged (such an entry still matches literally).
  std::string nameList(llvm::StringRef Name,
                       llvm::StringRef Default = "") const;

  /// A `;`-separated list of `key=value` entries. An entry without `=`, or
  /// with nothing on either side of it, is reported and dropped.
  std::string keyValueList(llvm::StringRef Name,
                           llvm::StringRef Default = "") const;

  /// A `;`-separated list of words from \p Allowed. An unknown word is
  /// reported (with the closest allowed word) and dropped.
  std::string enumList(llvm::StringRef Name, llvm::StringRef Default,
                       llvm::ArrayRef<llvm::StringRef> Allowed) const;

  /// One word from \p Allowed; anything else is reported and \p Default used.
  std::string choice(llvm::StringRef Name, llvm::StringRef Default,
                     llvm::ArrayRef<llvm::StringRef> Allowed) const;

  /// A non-negative integer; anything else (`-1`, `three`, `2x`, an empty
  /// value, an overflow) is reported and \p Default used.
  unsigned count(llvm::StringRef Name, unsigned Default) const;

  /// `true`/`false` in any YAML spelling (`yes`, `off`, ...) or `1`/`0`, as
  /// clang-tidy accepts; anything else is reported and \p Default used.
  bool flag(llvm::StringRef Name, bool Default) const;

private:
  /// Reports \p Value of option \p Name; \p Expected completes the sentence.
  void report(llvm::StringRef Name, llvm::StringRef Value,
              const llvm::Twine &Expected) const;

  const ClangTidyCheck &Check;
  const ClangTidyCheck::OptionsView &Options;
};

} // namespace clang::tidy::async

#endif // ASYNC_TIDY_CHECKS_OPTIONPARSING_H
