// promise_type that is not a class, is incomplete, or is private.
#include <coroutine>
struct int_promise { using promise_type = int; };
struct incomplete_promise { struct promise_type; };
class private_promise {
  struct promise_type {
    private_promise get_return_object();
    std::suspend_never initial_suspend();
    std::suspend_never final_suspend() noexcept;
    void return_void();
    void unhandled_exception();
  };
};
int_promise a() { co_return; }
incomplete_promise b() { co_return; }
private_promise c() { co_return; }
int d() { co_return 1; }
void use() { a(); b(); c(); }
