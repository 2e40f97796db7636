# Install rules and the Debian package.
#
#   cmake --install build --prefix /usr/local
#   cd build && cpack -G DEB
#
# Layout under the prefix:
#   bin/async-tidy, bin/async-clangd
#   lib/async-tidy/AsyncTidyModule.so      (clang-tidy-22 --load=...)
#   lib/async-tidy/AsyncTidyPlugin.so      (clang++-22 -fplugin=...)
#   share/async-tidy/cmake/AsyncTidy.cmake (async_tidy_enable() for users)
#   lib/clang/<major>                      (Clang's builtin headers, see below)
#   include/aio/*.hpp                      (the header-only reference runtime)
#   share/doc/async-tidy/                  (check pages)
#
# The tools are built against Debian's shared libclang-cpp/libLLVM, and find
# Clang's builtin headers (<stddef.h>, <coroutine>'s compiler support, ...) at
# <exe dir>/../lib/clang/<major>, like clang itself. Nothing of Clang is
# copied: the install points at the Debian packages' files.

include(GNUInstallDirs)

set(ASYNC_TIDY_PLUGIN_INSTALL_DIR "lib/async-tidy")
# Not CMAKE_INSTALL_LIBDIR: the tools look exactly at bin/../lib/clang/<major>.
set(ASYNC_TIDY_RESOURCE_LINK "lib/clang/${ASYNC_TIDY_LLVM_MAJOR}")

# The build tree's binaries carry RUNPATH=${LLVM_LIBRARY_DIR} from the
# imported LLVM targets; CMake drops it on install. Debian's libclang-cpp22
# and libllvm22 put the libraries on the default search path
# (/usr/lib/<multiarch>), so the installed tools need no RUNPATH (Debian
# policy wants none, and dpkg-shlibdeps then attributes the libraries to the
# runtime packages rather than to the llvm-22-dev symlinks under
# /usr/lib/llvm-22/lib). Only an LLVM elsewhere gets a RUNPATH.
set(_clang_cpp_soname
  "libclang-cpp.so.${LLVM_VERSION_MAJOR}.${LLVM_VERSION_MINOR}")
if(NOT EXISTS "/usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/${_clang_cpp_soname}")
  set_target_properties(async-tidy async-clangd AsyncTidyModule AsyncTidyPlugin PROPERTIES
    INSTALL_RPATH "${LLVM_LIBRARY_DIR}")
endif()

install(TARGETS async-tidy async-clangd
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT tools)
install(TARGETS AsyncTidyModule
  LIBRARY DESTINATION "${ASYNC_TIDY_PLUGIN_INSTALL_DIR}" COMPONENT tools)
install(TARGETS AsyncTidyPlugin
  LIBRARY DESTINATION "${ASYNC_TIDY_PLUGIN_INSTALL_DIR}" COMPONENT tools)
# AsyncTidy.cmake finds the plugin at ../../../lib/async-tidy from here.
install(FILES "${CMAKE_SOURCE_DIR}/cmake/AsyncTidy.cmake"
  DESTINATION "${CMAKE_INSTALL_DATADIR}/async-tidy/cmake" COMPONENT tools)

install(DIRECTORY "${CMAKE_SOURCE_DIR}/runtime/include/aio"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}" COMPONENT tools
  FILES_MATCHING PATTERN "*.hpp" PATTERN "*.h")

install(DIRECTORY "${CMAKE_SOURCE_DIR}/docs/"
  DESTINATION "${CMAKE_INSTALL_DOCDIR}" COMPONENT tools
  FILES_MATCHING PATTERN "*.md")
foreach(Doc README.md DEVELOPERS.md LICENSE LICENSE.txt)
  if(EXISTS "${CMAKE_SOURCE_DIR}/${Doc}")
    install(FILES "${CMAKE_SOURCE_DIR}/${Doc}"
      DESTINATION "${CMAKE_INSTALL_DOCDIR}" COMPONENT tools)
  endif()
endforeach()

# <prefix>/lib/clang/<major>: a link to the Debian Clang resource directory,
# made at install time (DESTDIR-aware). Under /usr the Debian package
# libclang-common-<major>-dev already provides /usr/lib/clang/<major> as a
# real directory, so nothing is made there (and the .deb ships no file that
# another package owns); a link from an earlier install is refreshed.
install(CODE "
  set(_link \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${ASYNC_TIDY_RESOURCE_LINK}\")
  if(IS_SYMLINK \"\${_link}\")
    file(REMOVE \"\${_link}\")
  endif()
  if(EXISTS \"\${_link}\")
    message(STATUS \"Up-to-date: \${_link} (provided by the system)\")
  elseif(\"\${CMAKE_INSTALL_PREFIX}\" STREQUAL \"/usr\")
    message(STATUS \"Skipping: \${_link} (provided by libclang-common-${ASYNC_TIDY_LLVM_MAJOR}-dev)\")
  else()
    get_filename_component(_dir \"\${_link}\" DIRECTORY)
    file(MAKE_DIRECTORY \"\${_dir}\")
    message(STATUS \"Installing: \${_link} -> ${ASYNC_TIDY_RESOURCE_DIR}\")
    file(CREATE_LINK \"${ASYNC_TIDY_RESOURCE_DIR}\" \"\${_link}\" SYMBOLIC)
  endif()
" COMPONENT tools)

# --- CPack: a .deb for Debian 12 with the LLVM 22 packages ------------------
set(CPACK_PACKAGE_NAME "async-tidy")
set(CPACK_PACKAGE_VENDOR "async-tidy developers")
set(CPACK_PACKAGE_CONTACT "async-tidy developers <async-tidy@invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "linter for C++20 coroutine misuse (clang-tidy module, tool and clangd)")
set(CPACK_PACKAGE_DESCRIPTION
  "async-tidy finds misuse of C++20 coroutines: discarded tasks, blocking calls
in coroutines, tasks never awaited and similar. It ships as a clang-tidy-style
command line tool (async-tidy), a clangd with the checks built in
(async-clangd), a module for clang-tidy-${ASYNC_TIDY_LLVM_MAJOR} --load, and
the header-only reference runtime aio.")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR "DEB")

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "devel")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# The LLVM packages are always named; the other runtime libraries come from
# dpkg-shlibdeps when it is there (it reads the binaries' NEEDED entries: the
# gRPC/protobuf/absl libraries of async-clangd, libstdc++, ...), otherwise
# from this fixed list, which is what dpkg-shlibdeps finds on Debian 12.
find_program(ASYNC_TIDY_DPKG_SHLIBDEPS dpkg-shlibdeps)
set(_m ${ASYNC_TIDY_LLVM_MAJOR})
set(_deps
  "libclang-common-${_m}-dev (>= 1:${_m})"  # builtin headers, not a shared lib
  # The Clang ABI is per minor release: the libraries we linked.
  "libclang-cpp${_m} (>= 1:${LLVM_VERSION_MAJOR}.${LLVM_VERSION_MINOR})"
  "libllvm${_m} (>= 1:${LLVM_VERSION_MAJOR}.${LLVM_VERSION_MINOR})"
  )
if(ASYNC_TIDY_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  list(APPEND _deps
    "libgrpc++1.51" "libgrpc29" "libprotobuf32" "libabsl20220623" "libre2-9"
    "libc-ares2" "libssl3" "zlib1g" "libstdc++6" "libgcc-s1" "libc6")
endif()
list(JOIN _deps ", " CPACK_DEBIAN_PACKAGE_DEPENDS)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "clang-tidy-${_m}, clang-${_m}")

include(CPack)
