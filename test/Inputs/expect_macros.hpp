// Test-framework assertion macros in the style of GoogleTest's
// EXPECT_THROW/EXPECT_NO_THROW: the statement is wrapped in switch/if/else
// tricks whose other branches never run, and in a try block.
#pragma once

namespace expectlib {
struct true_with_message {
  explicit operator bool() const { return true; }
};
void fail(const char *what);
} // namespace expectlib

#define EXPECT_THROW(statement, expected_exception)                           \
  switch (0)                                                                  \
  case 0:                                                                     \
  default:                                                                    \
    if (::expectlib::true_with_message expect_msg_{}) {                       \
      bool expect_caught_ = false;                                            \
      try {                                                                   \
        statement;                                                            \
      } catch (expected_exception const &) {                                  \
        expect_caught_ = true;                                                \
      } catch (...) {                                                         \
      }                                                                       \
      if (!expect_caught_)                                                    \
        ::expectlib::fail("no exception");                                    \
    } else                                                                    \
      ::expectlib::fail(#statement)

#define EXPECT_NO_THROW(statement)                                            \
  if (::expectlib::true_with_message expect_msg_{}) {                         \
    try {                                                                     \
      statement;                                                              \
    } catch (...) {                                                           \
      ::expectlib::fail(#statement);                                          \
    }                                                                         \
  } else                                                                      \
    ::expectlib::fail(#statement)
