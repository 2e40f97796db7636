// A task bound to an executor: its initial awaiter hands the new coroutine
// to the scheduler (await_suspend enqueues the handle), so the body starts
// on the executor's thread whether or not anyone awaits the task.
#pragma once
#include <coroutine>
#include <exception>
#include <utility>

namespace schedlib {

class scheduler {
public:
  void enqueue(std::coroutine_handle<> h);
};
scheduler &current_scheduler();

template <typename T = void> class task {
public:
  struct promise_type {
    struct schedule_awaiter {
      bool await_ready() const noexcept { return false; }
      void await_suspend(std::coroutine_handle<> h) noexcept {
        current_scheduler().enqueue(h);
      }
      void await_resume() const noexcept {}
    };
    task get_return_object() {
      return task{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    schedule_awaiter initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(T) {}
    void unhandled_exception() {}
  };
  explicit task(std::coroutine_handle<promise_type> h) : h(h) {}
  task(task &&o) noexcept : h(std::exchange(o.h, {})) {}
  ~task() {}
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume();

private:
  std::coroutine_handle<promise_type> h;
};

// A lazy task whose initial awaiter only remembers the handle: still lazy.
class deferred {
public:
  struct promise_type {
    std::coroutine_handle<> self;
    struct remember {
      promise_type &p;
      bool await_ready() const noexcept { return false; }
      void await_suspend(std::coroutine_handle<> h) noexcept { p.self = h; }
      void await_resume() const noexcept {}
    };
    deferred get_return_object() { return {}; }
    remember initial_suspend() noexcept { return {*this}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() const noexcept {}
};

} // namespace schedlib
