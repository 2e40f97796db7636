// Handles to results in the style of concurrencpp: a result<T> obtained
// from a result_promise, from make_ready_result or shared through a
// shared_result. Not a coroutine type and not an inert awaiter: the result
// exists or will exist, and dropping the handle loses the value or the
// exception.
#pragma once
#include <coroutine>

namespace reslib {

enum class result_status { idle, value, exception };

template <typename T> class result {
public:
  result(result &&) noexcept;
  ~result();
  result_status status() const;
  T get();
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
};

template <typename T> class result_promise {
public:
  result<T> get_result();
  void set_result(T);
};

template <typename T> result<T> make_ready_result(T value);

template <typename T> class shared_result {
public:
  explicit shared_result(result<T> r);
  shared_result(const shared_result &) = default;
  T get();
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
};

} // namespace reslib
