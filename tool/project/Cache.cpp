//===--- Cache.cpp - results of unchanged translation units ---------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//

#include "Cache.h"
#include "JsonBytes.h"
#include "async-tidy/Version.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/BLAKE3.h"
#include "llvm/Support/Chrono.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"
#include <set>

namespace asynctidy {

namespace {

/// Bumped when the entry format changes.
constexpr llvm::StringLiteral EntryFormat = "async-tidy-cache-3";
/// Stands for the repository root in keys and entries, so that a checkout
/// moved elsewhere (another CI workspace, another runner) finds its entries.
constexpr llvm::StringLiteral RootToken = "${ASYNC_TIDY_REPO_ROOT}";

/// A character that can continue a file or directory name.
bool isNameChar(char C) {
  return llvm::isAlnum(C) || llvm::StringRef("._+-").contains(C);
}

/// Whether \p Root is written the same way in a compile command, a YAML
/// export, a text diagnostic and JSON (nothing to quote or escape), so that
/// swapping it for RootToken and back is exact.
bool isPlainRoot(llvm::StringRef Root) {
  if (Root.size() < 2 || !Root.starts_with("/") || Root.ends_with("/"))
    return false;
  return llvm::all_of(Root, [](char C) { return isNameChar(C) || C == '/'; });
}

/// \p Text with every occurrence of \p From replaced by \p To. With
/// \p WholePaths, only where \p From is a whole path prefix: not preceded
/// by a name character or a '/', not followed by a name character.
std::string replacePrefix(llvm::StringRef Text, llvm::StringRef From,
                          llvm::StringRef To, bool WholePaths) {
  std::string Out;
  size_t Pos = 0;
  while (true) {
    size_t Hit = Text.find(From, Pos);
    if (Hit == llvm::StringRef::npos)
      break;
    size_t End = Hit + From.size();
    bool Whole = (Hit == 0 || (!isNameChar(Text[Hit - 1]) &&
                               Text[Hit - 1] != '/')) &&
                 (End == Text.size() || !isNameChar(Text[End]));
    Out += Text.slice(Pos, Hit);
    Out += (!WholePaths || Whole) ? To : From;
    Pos = End;
  }
  Out += Text.substr(Pos);
  return Out;
}
constexpr uint64_t DefaultMaxSize = uint64_t(1) << 30;

std::string hashHex(llvm::StringRef Data) {
  auto Hash = llvm::BLAKE3::hash<16>(llvm::arrayRefFromStringRef(Data));
  return llvm::toHex(Hash, /*LowerCase=*/true);
}

/// Size and modification time: a rebuilt program or plugin is another tool,
/// even when the version string did not change.
std::string fileIdentity(llvm::StringRef Path) {
  llvm::sys::fs::file_status Status;
  if (llvm::sys::fs::status(Path, Status))
    return Path.str() + " (missing)";
  return (Path + " " + llvm::Twine(Status.getSize()) + " " +
          llvm::Twine(llvm::sys::toTimeT(Status.getLastModificationTime())))
      .str();
}

/// Compile flags that cannot change a finding: where the object file and
/// the dependency file go.
bool isOutputFlag(llvm::StringRef Arg, bool &SkipNext) {
  SkipNext = Arg == "-o" || Arg == "-MF" || Arg == "-MT" || Arg == "-MQ";
  if (SkipNext)
    return true;
  return Arg.starts_with("-o") || Arg == "-MD" || Arg == "-MMD" ||
         Arg == "-MP" || Arg.starts_with("-MF") || Arg.starts_with("-MT") ||
         Arg.starts_with("-MQ");
}

/// Appends one length-prefixed field, so that fields cannot run together.
void addField(std::string &Text, llvm::StringRef Field) {
  Text += std::to_string(Field.size());
  Text += ':';
  Text += Field;
  Text += '\n';
}

} // namespace

std::optional<uint64_t> parseSize(llvm::StringRef Text) {
  uint64_t Scale = 1;
  if (Text.consume_back("K") || Text.consume_back("k"))
    Scale = uint64_t(1) << 10;
  else if (Text.consume_back("M") || Text.consume_back("m"))
    Scale = uint64_t(1) << 20;
  else if (Text.consume_back("G") || Text.consume_back("g"))
    Scale = uint64_t(1) << 30;
  uint64_t Value;
  if (Text.empty() || Text.getAsInteger(10, Value))
    return std::nullopt;
  return Value * Scale;
}

std::optional<UsageError> ResultCache::open(const ProjectOptions &O,
                                            llvm::StringRef Self,
                                            llvm::StringRef RepoRoot,
                                            std::unique_ptr<ResultCache> &C) {
  if (O.NoCache)
    return std::nullopt;
  std::string Dir = O.CacheDir;
  if (Dir.empty())
    if (std::optional<std::string> Env =
            llvm::sys::Process::GetEnv("ASYNC_TIDY_CACHE_DIR"))
      Dir = *Env;
  if (Dir.empty())
    return std::nullopt;
  if (std::error_code EC = llvm::sys::fs::create_directories(Dir))
    return UsageError{"cannot create the cache directory '" + Dir +
                      "': " + EC.message()};
  std::string ToolId =
      (llvm::Twine(EntryFormat) + " async-tidy " + ASYNC_TIDY_VERSION +
       " clang " + ASYNC_TIDY_CLANG_VERSION + " " + fileIdentity(Self))
          .str();
  // Plugins loaded into every child are part of the tool.
  for (llvm::StringRef Arg : O.ChildArgs)
    if (Arg.consume_front("--load="))
      ToolId += " " + fileIdentity(Arg);
  C.reset(new ResultCache(std::move(Dir),
                          O.CacheMaxSize.value_or(DefaultMaxSize),
                          std::move(ToolId), O.ChildArgs));
  if (isPlainRoot(RepoRoot))
    C->Root = RepoRoot.str();
  // A tool built inside the checkout moves with it.
  C->ToolId = C->keyText(C->ToolId);
  return std::nullopt;
}

std::string ResultCache::keyText(llvm::StringRef Text) const {
  // Every occurrence, even inside a longer path: a key is only compared, and
  // '-I<root>/include' must match too.
  if (Root.empty())
    return Text.str();
  return replacePrefix(Text, Root, RootToken, /*WholePaths=*/false);
}

std::string ResultCache::portable(llvm::StringRef Text) const {
  if (Root.empty())
    return Text.str();
  return replacePrefix(Text, Root, RootToken, /*WholePaths=*/true);
}

std::string ResultCache::local(llvm::StringRef Text) const {
  if (Root.empty())
    return Text.str();
  return replacePrefix(Text, RootToken, Root, /*WholePaths=*/false);
}

std::string ResultCache::pathOf(llvm::StringRef Key) const {
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, Key + ".json");
  return std::string(Path);
}

std::string
ResultCache::keyFor(llvm::StringRef File,
                    llvm::ArrayRef<clang::tooling::CompileCommand> Commands,
                    llvm::StringRef Config) {
  std::string Text;
  addField(Text, EntryFormat);
  addField(Text, keyText(File));
  for (const std::string &Arg : ChildArgs)
    addField(Text, keyText(Arg));
  addField(Text, "commands");
  for (const clang::tooling::CompileCommand &Cmd : Commands) {
    addField(Text, keyText(Cmd.Directory));
    for (size_t I = 0; I < Cmd.CommandLine.size(); ++I) {
      bool SkipNext = false;
      if (isOutputFlag(Cmd.CommandLine[I], SkipNext)) {
        I += SkipNext;
        continue;
      }
      addField(Text, keyText(Cmd.CommandLine[I]));
    }
  }
  addField(Text, "config");
  addField(Text, keyText(Config));
  return hashHex(Text);
}

std::string ResultCache::contentHash(llvm::StringRef Path) {
  auto It = Hashes.find(Path);
  if (It != Hashes.end())
    return It->second;
  std::string Hash;
  if (auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                                /*RequiresNullTerminator=*/
                                                false))
    Hash = hashHex((*Buffer)->getBuffer());
  Hashes[Path] = Hash;
  return Hash;
}

std::optional<ChildResult> ResultCache::lookUp(llvm::StringRef Key) {
  std::string Path = pathOf(Key);
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  std::optional<ChildResult> Hit;
  if (Buffer) {
    llvm::Expected<llvm::json::Value> Parsed =
        llvm::json::parse((*Buffer)->getBuffer());
    const llvm::json::Object *Entry = nullptr;
    if (Parsed)
      Entry = Parsed->getAsObject();
    else
      llvm::consumeError(Parsed.takeError());
    bool Valid = Entry && Entry->getString("tool") == ToolId;
    if (Valid) {
      const llvm::json::Array *Inputs = Entry->getArray("inputs");
      Valid = Inputs != nullptr;
      for (size_t I = 0; Valid && I < Inputs->size(); ++I) {
        const llvm::json::Object *Input = (*Inputs)[I].getAsObject();
        std::optional<std::string> File =
            Input ? getString(*Input, "path") : std::nullopt;
        if (File)
          File = local(*File);
        std::optional<llvm::StringRef> Hash =
            Input ? Input->getString("hash") : std::nullopt;
        Valid = File && Hash && !Hash->empty() && contentHash(*File) == *Hash;
      }
    }
    if (Valid) {
      ChildResult C;
      C.File = local(getString(*Entry, "file").value_or(""));
      C.Started = true;
      C.ReturnCode = Entry->getInteger("returnCode").value_or(0);
      C.HaveExport = Entry->getBoolean("haveExport").value_or(false);
      C.Export = local(getString(*Entry, "export").value_or(""));
      C.Stderr = local(getString(*Entry, "stderr").value_or(""));
      C.Stdout = local(getString(*Entry, "stdout").value_or(""));
      C.Summary = getString(*Entry, "summary").value_or("");
      Hit = std::move(C);
    }
  }
  if (!Hit) {
    ++Misses;
    return std::nullopt;
  }
  ++Hits;
  // Mark it used, for least-recently-used eviction.
  int FD;
  if (!llvm::sys::fs::openFileForWrite(Path, FD, llvm::sys::fs::CD_OpenExisting,
                                       llvm::sys::fs::OF_Append)) {
    llvm::sys::fs::setLastAccessAndModificationTime(
        FD, std::chrono::system_clock::now());
    llvm::sys::Process::SafelyCloseFileDescriptor(FD);
  }
  return Hit;
}

void ResultCache::store(llvm::StringRef Key, const ChildResult &C,
                        llvm::StringRef Directory) {
  // A crash or a program that did not start may not happen again.
  if (!C.Started || !C.ErrMsg.empty() || C.ReturnCode < 0)
    return;
  std::set<std::string> Files = {C.File};
  for (const std::string &Include : C.Includes) {
    llvm::SmallString<256> Abs(Include);
    if (!llvm::sys::path::is_absolute(Abs)) {
      Abs = Directory;
      llvm::sys::path::append(Abs, Include);
    }
    // Not a lexical clean-up: '..' after a symlink (/lib -> usr/lib, as
    // the driver names GCC's headers) must follow the link.
    llvm::SmallString<256> Real;
    Files.insert(llvm::sys::fs::real_path(Abs, Real) ? std::string(Abs)
                                                     : std::string(Real));
  }
  llvm::json::Array Inputs;
  for (const std::string &File : Files) {
    std::string Hash = contentHash(File);
    if (Hash.empty())
      return; // Gone already: nothing to check a later run against.
    llvm::json::Object Input{{"hash", Hash}};
    setString(Input, "path", portable(File));
    Inputs.push_back(std::move(Input));
  }
  // Paths and the child's output are bytes: setString keeps them exact.
  llvm::json::Object Entry{{"tool", ToolId},
                           {"inputs", std::move(Inputs)},
                           {"returnCode", C.ReturnCode},
                           {"haveExport", C.HaveExport}};
  setString(Entry, "file", portable(C.File));
  setString(Entry, "export", portable(C.Export));
  setString(Entry, "stderr", portable(C.Stderr));
  if (!C.Stdout.empty())
    setString(Entry, "stdout", portable(C.Stdout));
  setString(Entry, "summary", C.Summary);
  // Written next to its final name and renamed: a concurrent reader sees
  // the old entry or the new one, never a part.
  llvm::SmallString<256> Temp;
  int FD;
  if (llvm::sys::fs::createUniqueFile(Dir + "/" + Key + "-%%%%%%.tmp", FD,
                                      Temp))
    return;
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << llvm::json::Value(std::move(Entry));
    OS.flush();
    if (OS.has_error()) {
      OS.clear_error();
      llvm::sys::fs::remove(Temp);
      return;
    }
  }
  if (llvm::sys::fs::rename(Temp, pathOf(Key)))
    llvm::sys::fs::remove(Temp);
}

void ResultCache::evict() {
  struct Entry {
    llvm::sys::TimePoint<> Used;
    uint64_t Size;
    std::string Path;
  };
  std::vector<Entry> Entries;
  uint64_t Total = 0;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC)) {
    if (llvm::sys::path::extension(It->path()) != ".json")
      continue;
    llvm::sys::fs::file_status Status;
    if (llvm::sys::fs::status(It->path(), Status))
      continue;
    Entries.push_back(
        {Status.getLastModificationTime(), Status.getSize(), It->path()});
    Total += Status.getSize();
  }
  if (Total <= MaxSize)
    return;
  llvm::sort(Entries, [](const Entry &A, const Entry &B) {
    return std::tie(A.Used, A.Path) < std::tie(B.Used, B.Path);
  });
  for (const Entry &E : Entries) {
    if (Total <= MaxSize)
      break;
    if (!llvm::sys::fs::remove(E.Path))
      Total -= E.Size;
  }
}

} // namespace asynctidy
