//===--- PluginHostCheck.cpp - is this compiler the Clang we were built for? =//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Only in AsyncTidyPlugin.so. The plugin is linked against the shared
/// libclang-cpp of the Clang it was built for, and must share it with the
/// compiler that loads it: Clang keeps its plugin registry there. Loaded into
/// another Clang (another major version, or a Clang linked statically), the
/// dynamic loader brings in a second, private libclang-cpp; the plugin would
/// register into it, never run, and the build would look clean.
///
/// The loader places a library in the process's link map when it first maps
/// it. If the compiler uses our libclang-cpp, it is mapped before the plugin;
/// if it was mapped as the plugin's own dependency, it comes after. So at load
/// time (before the compiler looks at its registry), the order says whether
/// the host is the right Clang. If not, we say so on one line and end the
/// compile with status 1: lint that silently did not run is worse than a
/// failed build, and touching the foreign Clang's state could crash it.
///
//===----------------------------------------------------------------------===//

#include "async-tidy/Version.h"
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <link.h>
#include <string>
#include <unistd.h>

namespace {

constexpr const char ClangCppPrefix[] = "libclang-cpp.so.";

struct LinkMapScan {
  const void *OwnBase = nullptr;
  bool SeenSelf = false;
  std::string HostClangCpp; // basename of a libclang-cpp mapped before us
  std::string LaterClangCpp;
};

const char *baseName(const char *Path) {
  const char *Slash = std::strrchr(Path, '/');
  return Slash ? Slash + 1 : Path;
}

int visitObject(dl_phdr_info *Info, size_t, void *Data) {
  auto *Scan = static_cast<LinkMapScan *>(Data);
  if (reinterpret_cast<const void *>(Info->dlpi_addr) == Scan->OwnBase) {
    Scan->SeenSelf = true;
    return 0;
  }
  const char *Name = baseName(Info->dlpi_name ? Info->dlpi_name : "");
  if (std::strncmp(Name, ClangCppPrefix, sizeof(ClangCppPrefix) - 1) != 0)
    return 0;
  std::string &Slot = Scan->SeenSelf ? Scan->LaterClangCpp : Scan->HostClangCpp;
  if (Slot.empty())
    Slot = Name;
  return 0;
}

void refuseForeignHost(const std::string &Host, const std::string &Ours) {
  std::string Message = "error: AsyncTidyPlugin.so was built for Clang " +
                        std::string(ASYNC_TIDY_CLANG_VERSION) + " (" + Ours +
                        ") but this compiler ";
  if (!Host.empty()) {
    std::string Version = Host.substr(sizeof(ClangCppPrefix) - 1);
    Message +=
        "is Clang " + Version.substr(0, Version.find('.')) + " (" + Host + ")";
  } else {
    Message += "does not use " + Ours +
               " (another version, or linked "
               "statically)";
  }
  Message += "; compile with clang++-" +
             std::string(ASYNC_TIDY_CLANG_VERSION)
                 .substr(0, std::string(ASYNC_TIDY_CLANG_VERSION).find('.')) +
             " or build the plugin against this compiler\n";
  ssize_t Ignored = ::write(2, Message.data(), Message.size());
  (void)Ignored;
  // _exit, not exit: the foreign compiler's atexit handlers and static
  // destructors must not run with our half of the process loaded.
  ::_exit(1);
}

/// The load base of the object that contains this code.
int findOwnBase(dl_phdr_info *Info, size_t, void *Data) {
  auto *Base = static_cast<const void **>(Data);
  auto Addr = reinterpret_cast<ElfW(Addr)>(&findOwnBase);
  for (int I = 0; I < Info->dlpi_phnum; ++I) {
    const ElfW(Phdr) &P = Info->dlpi_phdr[I];
    ElfW(Addr) Begin = Info->dlpi_addr + P.p_vaddr;
    if (P.p_type == PT_LOAD && Addr >= Begin && Addr < Begin + P.p_memsz) {
      *Base = reinterpret_cast<const void *>(Info->dlpi_addr);
      return 1;
    }
  }
  return 0;
}

struct HostCheck {
  HostCheck() {
    LinkMapScan Scan;
    ::dl_iterate_phdr(&findOwnBase, &Scan.OwnBase);
    if (!Scan.OwnBase)
      return;
    ::dl_iterate_phdr(&visitObject, &Scan);
    // The host's libclang-cpp satisfied our dependency: the same library.
    if (!Scan.HostClangCpp.empty() && Scan.LaterClangCpp.empty())
      return;
    refuseForeignHost(Scan.HostClangCpp, Scan.LaterClangCpp.empty()
                                             ? std::string(ClangCppPrefix)
                                             : Scan.LaterClangCpp);
  }
} Check;

} // namespace
