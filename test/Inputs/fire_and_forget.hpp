// A fire-and-forget coroutine type in the style of winrt::fire_and_forget and
// boost::cobalt::detached: it starts at once, never suspends at the end, and
// cannot be awaited. Dropping it is its purpose.
#pragma once
#include <coroutine>

namespace fflib {

struct fire_and_forget {
  struct promise_type {
    fire_and_forget get_return_object() const noexcept { return {}; }
    std::suspend_never initial_suspend() const noexcept { return {}; }
    std::suspend_never final_suspend() const noexcept { return {}; }
    void return_void() const noexcept {}
    void unhandled_exception() const noexcept {}
  };
};

} // namespace fflib
