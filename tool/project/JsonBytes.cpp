//===--- JsonBytes.cpp - strings that may not be UTF-8, in JSON -----------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//

#include "JsonBytes.h"
#include "llvm/ADT/StringExtras.h"

namespace asynctidy {

std::string percentEncode(llvm::StringRef Bytes, llvm::StringRef Keep) {
  std::string Out;
  Out.reserve(Bytes.size());
  for (char C : Bytes) {
    if (llvm::isAlnum(C) || llvm::StringRef("-._~").contains(C) ||
        Keep.contains(C)) {
      Out += C;
      continue;
    }
    Out += '%';
    Out += llvm::utohexstr(static_cast<unsigned char>(C), /*LowerCase=*/false,
                           /*Width=*/2);
  }
  return Out;
}

std::string percentDecode(llvm::StringRef Text) {
  std::string Out;
  Out.reserve(Text.size());
  for (size_t I = 0; I < Text.size(); ++I) {
    if (Text[I] == '%' && I + 2 < Text.size() &&
        llvm::isHexDigit(Text[I + 1]) && llvm::isHexDigit(Text[I + 2])) {
      Out += static_cast<char>(llvm::hexFromNibbles(Text[I + 1], Text[I + 2]));
      I += 2;
      continue;
    }
    Out += Text[I];
  }
  return Out;
}

void setString(llvm::json::Object &O, llvm::StringRef Key,
               llvm::StringRef Value) {
  if (llvm::json::isUTF8(Value)) {
    O[Key] = Value.str();
    return;
  }
  O[Key] = llvm::json::fixUTF8(Value);
  O[(Key + "Bytes").str()] = percentEncode(Value);
}

std::optional<std::string> getString(const llvm::json::Object &O,
                                     llvm::StringRef Key) {
  if (std::optional<llvm::StringRef> Bytes =
          O.getString((Key + "Bytes").str()))
    return percentDecode(*Bytes);
  if (std::optional<llvm::StringRef> Text = O.getString(Key))
    return Text->str();
  return std::nullopt;
}

} // namespace asynctidy
