# Generates async-tidy/CheckDocs.inc: the one-sentence summary of every
# docs/checks/<name>.md page, for rule metadata in SARIF and JSON reports.
# The summary is the first paragraph after the page title.
set(ASYNC_TIDY_DOCS_URL "" CACHE STRING
  "Base URL of docs/checks/ (helpUri in SARIF reports), e.g. https://github.com/<org>/async-tidy/blob/main/docs/checks/")

file(GLOB ASYNC_TIDY_CHECK_DOCS CONFIGURE_DEPENDS
  "${PROJECT_SOURCE_DIR}/docs/checks/*.md")
list(SORT ASYNC_TIDY_CHECK_DOCS)
set(ASYNC_TIDY_CHECK_DOC_ENTRIES "")
foreach(doc IN LISTS ASYNC_TIDY_CHECK_DOCS)
  get_filename_component(name "${doc}" NAME_WE)
  file(STRINGS "${doc}" lines)
  set(summary "")
  set(started FALSE)
  foreach(line IN LISTS lines)
    string(STRIP "${line}" line)
    if(line MATCHES "^#" OR line MATCHES "^=+$" OR line MATCHES "^-+$")
      if(started)
        break()
      endif()
      continue()
    endif()
    if(line STREQUAL "")
      if(started)
        break()
      endif()
      continue()
    endif()
    set(started TRUE)
    string(APPEND summary " ${line}")
  endforeach()
  string(STRIP "${summary}" summary)
  string(REPLACE "\\" "\\\\" summary "${summary}")
  string(REPLACE "\"" "\\\"" summary "${summary}")
  string(APPEND ASYNC_TIDY_CHECK_DOC_ENTRIES "    {\"${name}\", \"${summary}\"},\n")
endforeach()
file(CONFIGURE OUTPUT "${CMAKE_BINARY_DIR}/include/async-tidy/CheckDocs.inc"
  CONTENT "// Generated from docs/checks/*.md by tool/CheckDocs.cmake.
#define ASYNC_TIDY_DOCS_URL \"${ASYNC_TIDY_DOCS_URL}\"
static const struct {
  const char *Name;
  const char *Summary;
} AsyncTidyCheckDocs[] = {
${ASYNC_TIDY_CHECK_DOC_ENTRIES}    {nullptr, nullptr},
};
" @ONLY)
