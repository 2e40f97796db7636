// Templates whose errors only show when instantiated, and broken
// instantiations.
#include <aio/aio.hpp>
template <typename T> aio::task<T> produce();
template <typename T> aio::task<void> consume() {
  produce<T>();
  auto t = produce<T>();
  typename T::missing m;
  co_await t.nonexistent();
  co_return;
}
template <typename T> struct task_of { using type = typename T::task; };
template <typename T> typename task_of<T>::type wrapped() { co_return; }
void use() {
  consume<int>();
  consume<void>();
  wrapped<int>();
}
template <typename T> aio::task<void> never_instantiated() { T::x(); produce<T>(); co_return; }
