# AsyncTidy.cmake: run the async-* checks inside the compile, with the
# AsyncTidyPlugin.so compiler plugin (docs/compiler-plugin.md).
#
#   include(/usr/share/async-tidy/cmake/AsyncTidy.cmake)
#   async_tidy_enable(TARGETS app core            # or ALL: every target of
#                     [CHECKS "-*,async-*"]        # this directory and below
#                     [WARNINGS_AS_ERRORS "async-*"])
#
# Needs clang++-22 as the C++ compiler (the plugin is built for Clang 22; any
# other compiler gets a warning here and no plugin). The plugin is looked up
# next to this file's install location; set ASYNC_TIDY_PLUGIN to override.
#
# Compile caches (ccache, sccache) key on the command line, not on the
# .clang-tidy files the plugin reads. So the command line carries a digest of
# every .clang-tidy of the source tree (and above it): editing, adding or
# removing one re-runs CMake, changes the digest, and the compiles miss the
# cache instead of replaying warnings of the old configuration.

include_guard(GLOBAL)

set(ASYNC_TIDY_PLUGIN "" CACHE FILEPATH "Path to AsyncTidyPlugin.so")
if(NOT ASYNC_TIDY_PLUGIN)
  find_file(_async_tidy_found_plugin AsyncTidyPlugin.so
    HINTS "${CMAKE_CURRENT_LIST_DIR}/../../../lib/async-tidy"
          "${CMAKE_CURRENT_LIST_DIR}/../build/lib"
    NO_DEFAULT_PATH)
  if(_async_tidy_found_plugin)
    set(ASYNC_TIDY_PLUGIN "${_async_tidy_found_plugin}" CACHE FILEPATH
      "Path to AsyncTidyPlugin.so" FORCE)
  endif()
endif()

# A digest of the .clang-tidy files that can apply to this project's sources.
function(_async_tidy_config_digest out_var)
  file(GLOB_RECURSE _configs CONFIGURE_DEPENDS LIST_DIRECTORIES false
    "${CMAKE_SOURCE_DIR}/.clang-tidy")
  # clang-tidy also reads the ones above the source tree.
  get_filename_component(_dir "${CMAKE_SOURCE_DIR}" DIRECTORY)
  while(_dir AND NOT _dir STREQUAL _last)
    if(EXISTS "${_dir}/.clang-tidy")
      list(APPEND _configs "${_dir}/.clang-tidy")
    endif()
    set(_last "${_dir}")
    get_filename_component(_dir "${_dir}" DIRECTORY)
  endwhile()
  list(SORT _configs)
  set(_all "")
  foreach(_config IN LISTS _configs)
    file(SHA256 "${_config}" _hash)
    string(APPEND _all "${_config}=${_hash};")
    # Editing a file re-runs CMake (the glob only notices added/removed ones).
    set_property(DIRECTORY "${CMAKE_SOURCE_DIR}" APPEND PROPERTY
      CMAKE_CONFIGURE_DEPENDS "${_config}")
  endforeach()
  string(SHA256 _digest "${_all}")
  string(SUBSTRING "${_digest}" 0 16 _digest)
  set(${out_var} "${_digest}" PARENT_SCOPE)
endfunction()

function(async_tidy_enable)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "ALL" "CHECKS;WARNINGS_AS_ERRORS"
    "TARGETS")
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang" OR
     NOT CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 22 OR
     CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 23)
    message(WARNING "async-tidy plugin not enabled: it needs Clang 22 "
      "(CMAKE_CXX_COMPILER is ${CMAKE_CXX_COMPILER_ID} "
      "${CMAKE_CXX_COMPILER_VERSION})")
    return()
  endif()
  if(NOT EXISTS "${ASYNC_TIDY_PLUGIN}")
    message(FATAL_ERROR "async-tidy plugin not found; set ASYNC_TIDY_PLUGIN "
      "to the path of AsyncTidyPlugin.so")
  endif()
  _async_tidy_config_digest(_digest)
  set(_options "-fplugin=${ASYNC_TIDY_PLUGIN}"
    "-fplugin-arg-asynctidy-config-digest=${_digest}")
  if(DEFINED ARG_CHECKS)
    list(APPEND _options "-fplugin-arg-asynctidy-checks=${ARG_CHECKS}")
  endif()
  if(DEFINED ARG_WARNINGS_AS_ERRORS)
    list(APPEND _options
      "-fplugin-arg-asynctidy-warnings-as-errors=${ARG_WARNINGS_AS_ERRORS}")
  endif()
  # Only C++ compiles: the checks are about C++20 coroutines.
  list(TRANSFORM _options PREPEND "$<$<COMPILE_LANGUAGE:CXX>:")
  list(TRANSFORM _options APPEND ">")
  if(ARG_ALL)
    add_compile_options(${_options})
  endif()
  foreach(_target IN LISTS ARG_TARGETS)
    target_compile_options(${_target} PRIVATE ${_options})
  endforeach()
endfunction()
