// Promise types missing members a coroutine needs.
#include <coroutine>
struct no_get_return_object {
  struct promise_type {
    std::suspend_never initial_suspend();
    std::suspend_never final_suspend() noexcept;
    void return_void();
    void unhandled_exception();
  };
};
struct no_return {
  struct promise_type {
    no_return get_return_object();
    std::suspend_always initial_suspend();
    std::suspend_always final_suspend() noexcept;
    void unhandled_exception();
  };
};
struct no_suspend {
  struct promise_type {
    no_suspend get_return_object();
    void return_value(int);
  };
};
struct both_returns {
  struct promise_type {
    both_returns get_return_object();
    std::suspend_always initial_suspend();
    std::suspend_always final_suspend() noexcept;
    void return_void();
    void return_value(int);
    void unhandled_exception();
  };
};
no_get_return_object a() { co_return; }
no_return b() { co_return; }
no_suspend c() { co_return 1; }
both_returns d() { co_return; }
void use() { a(); b(); c(); d(); auto t = b(); }
