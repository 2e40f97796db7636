//===--- JsonBytes.h - strings that may not be UTF-8, in JSON -------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// File names are bytes: on Linux a header may be named in Latin-1, which is
/// not valid UTF-8, while JSON text must be. Project mode carries paths as
/// bytes everywhere and escapes them only when writing JSON (reports,
/// baselines, cache entries), in one documented way (docs/ci.md): the key
/// itself holds a readable string, each invalid byte replaced by U+FFFD, and
/// `<key>Bytes` holds the exact bytes, percent-encoded. `<key>Bytes` is only
/// written when needed, so UTF-8 paths look as they always did. Readers use
/// getString, which prefers the exact bytes.
///
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TOOL_PROJECT_JSONBYTES_H
#define ASYNC_TIDY_TOOL_PROJECT_JSONBYTES_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"
#include <optional>
#include <string>

namespace asynctidy {

/// Every byte outside RFC 3986's unreserved set (A-Z a-z 0-9 - . _ ~) and
/// the characters of \p Keep becomes %XX (upper-case hex).
std::string percentEncode(llvm::StringRef Bytes, llvm::StringRef Keep = "/");
/// The inverse of percentEncode; a '%' not followed by two hex digits stays.
std::string percentDecode(llvm::StringRef Text);

/// Sets O[Key] to \p Value, and O[Key + "Bytes"] to its percent-encoded bytes
/// when \p Value is not valid UTF-8.
void setString(llvm::json::Object &O, llvm::StringRef Key,
               llvm::StringRef Value);
/// What setString stored under \p Key, byte for byte.
std::optional<std::string> getString(const llvm::json::Object &O,
                                     llvm::StringRef Key);

} // namespace asynctidy

#endif
