//===--- OptionParsing.cpp - async-tidy -----------------------------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//

#include "OptionParsing.h"
#include "TaskTypes.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/YAMLParser.h"

namespace clang::tidy::async {

OptionReader::OptionReader(const ClangTidyCheck &Check,
                           const ClangTidyCheck::OptionsView &Options)
    : Check(Check), Options(Options) {}

void OptionReader::report(llvm::StringRef Name, llvm::StringRef Value,
                          const llvm::Twine &Expected) const {
  // getID() is protected in ClangTidyCheck but public in its base class.
  llvm::StringRef CheckName =
      static_cast<const ast_matchers::MatchFinder::MatchCallback &>(Check)
          .getID();
  Check.configurationDiag(
      "invalid configuration value '%0' for option '%1'; %2")
      << Value << (CheckName + "." + Name).str() << Expected.str();
}

std::string OptionReader::nameList(llvm::StringRef Name,
                                   llvm::StringRef Default) const {
  std::string Value = Options.get(Name, Default).str();
  for (llvm::StringRef Item : splitList(Value)) {
    Item.consume_front("::");
    // The same anchored pattern NameList compiles.
    llvm::Regex Pattern(("^(" + Item + ")$").str());
    std::string Error;
    if (!Pattern.isValid(Error))
      report(Name, Item,
             "it is not a valid regular expression (" + Error +
                 "), so it only matches that exact name");
  }
  return Value;
}

std::string OptionReader::keyValueList(llvm::StringRef Name,
                                       llvm::StringRef Default) const {
  std::string Value = Options.get(Name, Default).str();
  std::string Kept;
  bool Dropped = false;
  for (llvm::StringRef Item : splitList(Value)) {
    auto [Key, Text] = Item.split('=');
    if (!Item.contains('=') || Key.trim().empty() || Text.trim().empty()) {
      report(Name, Item, "expected 'name=value'; the entry is ignored");
      Dropped = true;
      continue;
    }
    if (!Kept.empty())
      Kept += ";";
    Kept += Item.str();
  }
  // Written back unchanged when every entry is good, so --dump-config shows
  // what the user wrote.
  return Dropped ? Kept : Value;
}

/// The word of \p Allowed closest to \p Word, if it is close enough to be a
/// likely typo.
static llvm::StringRef closestWord(llvm::StringRef Word,
                                   llvm::ArrayRef<llvm::StringRef> Allowed) {
  llvm::StringRef Best;
  unsigned BestDistance = std::max<unsigned>(1, Word.size() / 3) + 1;
  for (llvm::StringRef Candidate : Allowed) {
    unsigned Distance = Word.edit_distance_insensitive(
        Candidate, /*AllowReplacements=*/true, BestDistance);
    if (Distance < BestDistance) {
      Best = Candidate;
      BestDistance = Distance;
    }
  }
  return Best;
}

/// "did you mean 'sleep'?" or "expected one of 'sleep', 'io'".
static std::string expectedWords(llvm::StringRef Word,
                                 llvm::ArrayRef<llvm::StringRef> Allowed) {
  llvm::StringRef Closest = closestWord(Word, Allowed);
  if (!Closest.empty())
    return ("did you mean '" + Closest + "'?").str();
  std::string Text = "expected one of ";
  llvm::ListSeparator Separator(", ");
  for (llvm::StringRef Candidate : Allowed)
    Text += (llvm::StringRef(Separator) + "'" + Candidate + "'").str();
  return Text;
}

std::string
OptionReader::enumList(llvm::StringRef Name, llvm::StringRef Default,
                       llvm::ArrayRef<llvm::StringRef> Allowed) const {
  std::string Value = Options.get(Name, Default).str();
  std::string Kept;
  bool Dropped = false;
  for (llvm::StringRef Item : splitList(Value)) {
    if (!llvm::is_contained(Allowed, Item)) {
      report(Name, Item, expectedWords(Item, Allowed));
      Dropped = true;
      continue;
    }
    if (!Kept.empty())
      Kept += ";";
    Kept += Item.str();
  }
  return Dropped ? Kept : Value;
}

std::string
OptionReader::choice(llvm::StringRef Name, llvm::StringRef Default,
                     llvm::ArrayRef<llvm::StringRef> Allowed) const {
  std::optional<llvm::StringRef> Value = Options.get(Name);
  if (!Value)
    return Default.str();
  llvm::StringRef Word = Value->trim();
  if (llvm::is_contained(Allowed, Word))
    return Word.str();
  report(Name, *Value, expectedWords(Word, Allowed));
  return Default.str();
}

unsigned OptionReader::count(llvm::StringRef Name, unsigned Default) const {
  std::optional<llvm::StringRef> Value = Options.get(Name);
  if (!Value)
    return Default;
  unsigned Result = 0;
  // getAsInteger rejects a sign, blanks, trailing text and overflow.
  if (!Value->trim().getAsInteger(10, Result))
    return Result;
  report(Name, *Value, "expected a non-negative integer");
  return Default;
}

bool OptionReader::flag(llvm::StringRef Name, bool Default) const {
  std::optional<llvm::StringRef> Value = Options.get(Name);
  if (!Value)
    return Default;
  llvm::StringRef Word = Value->trim();
  if (std::optional<bool> Parsed = llvm::yaml::parseBool(Word))
    return *Parsed;
  // clang-tidy also accepts integers, for compatibility.
  if (Word == "0" || Word == "1")
    return Word == "1";
  report(Name, *Value, "expected a bool");
  return Default;
}

} // namespace clang::tidy::async
