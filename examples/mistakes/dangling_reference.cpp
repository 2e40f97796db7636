// Mistake 4 (C++ only): a coroutine keeps a reference past the life of what
// it refers to.
//
// Python: cannot happen; a coroutine holds references to live objects.
// C++:    a coroutine frame stores *references* to its reference parameters.
//         A lazy task started later reads a temporary that was destroyed at
//         the end of the statement that created the task.
// Fix:    take the parameter by value, or co_await in the same statement.
#include <aio/aio.hpp>

#include <cstdio>
#include <string>

aio::task<std::size_t> count_letters(const std::string &word) {
  co_await aio::sleep(std::chrono::milliseconds(1));
  co_return word.size();
}

aio::task<std::size_t> count_letters_fixed(std::string word) {
  co_await aio::sleep(std::chrono::milliseconds(1));
  co_return word.size();
}

int main() {
  std::size_t Total = aio::run([]() -> aio::task<std::size_t> {
    auto Later = count_letters(std::string("temporary")); // async-dangling-reference
    auto Safe = count_letters_fixed(std::string("copied"));
    std::size_t Now = co_await count_letters(std::string("same statement"));
    co_return co_await std::move(Later) + co_await std::move(Safe) + Now;
  }());
  std::printf("%zu letters\n", Total);
}
