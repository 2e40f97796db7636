//===- aio/loop.hpp - The event loop ----------------------------*- C++ -*-===//
//
/// \file
/// The event loop behind aio::run: a ready queue of coroutines, timers, epoll
/// readiness for file descriptors, a thread-safe queue (woken through an
/// eventfd) for completions from worker threads, and the worker pool used by
/// aio::to_thread. Everything here is an implementation detail; users reach
/// it through aio::run and the awaitables.
///
/// Cancellation follows asyncio. Every concurrently running task has a
/// task_context. While a task is suspended, its context points at the one
/// suspension it waits on (a sleep, an I/O wait, a worker job, another
/// task). Cancelling the task asks that suspension to end early; it resumes
/// the task, and aio::cancelled_error is thrown at the suspension point. A
/// task that is not suspended when cancelled gets the exception at its next
/// suspension point.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "aio/debug.hpp"
#include "aio/errors.hpp"
#include "aio/transfer.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <coroutine>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

namespace aio::detail {

class event_loop;
class task_state_base; // aio/task_handle.hpp

/// The tasks spawned on a loop; the loop keeps them alive until they finish.
using task_list = std::list<std::shared_ptr<task_state_base>>;

using clock = std::chrono::steady_clock;

/// A suspension that can be ended early by cancellation.
class cancel_hook {
public:
  /// Called on the loop thread when the waiting task is cancelled. Returns
  /// true when the hook took care of the request (it will resume the task or
  /// passed the cancellation on to what it waits for), false when the task
  /// should instead get cancelled_error at its next suspension point.
  virtual bool on_cancel() noexcept = 0;

protected:
  ~cancel_hook() = default;
};

/// The state the loop keeps for one concurrently running task.
struct task_context {
  event_loop *loop = nullptr;
  std::string name;
  /// The suspension the task currently waits on, if any.
  cancel_hook *waiting_on = nullptr;
  /// A cancellation to deliver at the task's next suspension point.
  bool cancel_pending = false;
  bool cancelling = false; // re-entrancy guard for cycles of awaits

  /// asyncio's Task.cancel().
  void request_cancel() noexcept {
    if (cancelling)
      return;
    cancelling = true;
    if (waiting_on == nullptr || !waiting_on->on_cancel())
      cancel_pending = true;
    cancelling = false;
  }

  bool consume_cancel() noexcept { return std::exchange(cancel_pending, false); }
};

/// A timer registered with the loop.
class timer_node {
public:
  virtual void on_timer() noexcept = 0;

protected:
  virtual ~timer_node() = default;

private:
  friend class event_loop;
  std::multimap<clock::time_point, timer_node *>::iterator position_;
  bool armed_ = false;
};

/// A wait for readiness of a file descriptor.
class io_node {
public:
  virtual void on_ready() noexcept = 0;

protected:
  ~io_node() = default;
};

/// A fixed-size pool of worker threads, started lazily.
class thread_pool {
public:
  explicit thread_pool(std::size_t max_threads) : max_threads_(max_threads) {}
  thread_pool(const thread_pool &) = delete;
  thread_pool &operator=(const thread_pool &) = delete;
  ~thread_pool() { shutdown(); }

  void submit(std::function<void()> job) {
    std::unique_lock lock(mutex_);
    queue_.push_back(std::move(job));
    if (queue_.size() > idle_ && threads_.size() < max_threads_)
      threads_.emplace_back([this] { work(); });
    else
      wakeup_.notify_one();
  }

  /// Waits for queued and running jobs to finish, then joins the threads.
  void shutdown() noexcept {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wakeup_.notify_all();
    for (auto &t : threads_)
      t.join();
    threads_.clear();
  }

private:
  void work() {
    std::unique_lock lock(mutex_);
    for (;;) {
      while (queue_.empty() && !stopping_) {
        ++idle_;
        wakeup_.wait(lock);
        --idle_;
      }
      if (queue_.empty())
        return;
      auto job = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      job();
      lock.lock();
    }
  }

  std::mutex mutex_;
  std::condition_variable wakeup_;
  std::deque<std::function<void()>> queue_;
  std::vector<std::thread> threads_;
  std::size_t idle_ = 0;
  std::size_t max_threads_;
  bool stopping_ = false;
};

inline thread_local event_loop *current_loop_ptr = nullptr;
inline thread_local task_context *current_context_ptr = nullptr;

/// The context of the task running on this thread; throws when no aio loop
/// runs here.
inline task_context &current_context() {
  if (current_context_ptr == nullptr)
    throw std::logic_error(
        "aio: awaited outside a running event loop; start the program's "
        "top-level task with aio::run");
  return *current_context_ptr;
}

class event_loop {
public:
  event_loop() {
    epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
    if (epoll_fd_ < 0)
      throw std::system_error(errno, std::generic_category(), "epoll_create1");
    wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (wake_fd_ < 0) {
      int err = errno;
      ::close(epoll_fd_);
      throw std::system_error(err, std::generic_category(), "eventfd");
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = wake_fd_;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev) < 0) {
      int err = errno;
      ::close(wake_fd_);
      ::close(epoll_fd_);
      throw std::system_error(err, std::generic_category(), "epoll_ctl");
    }
  }
  event_loop(const event_loop &) = delete;
  event_loop &operator=(const event_loop &) = delete;
  ~event_loop() {
    pool_.shutdown(); // no worker may post to a dead loop
    ::close(wake_fd_);
    ::close(epoll_fd_);
  }

  /// Makes this loop the current one of the calling thread for its lifetime.
  class scope {
  public:
    explicit scope(event_loop &loop) {
      if (current_loop_ptr != nullptr)
        throw std::logic_error(
            "aio::run() cannot be called from a running event loop; "
            "co_await the task instead");
      current_loop_ptr = &loop;
    }
    scope(const scope &) = delete;
    scope &operator=(const scope &) = delete;
    ~scope() { current_loop_ptr = nullptr; }
  };

  // --- ready queue -------------------------------------------------------

  /// Resumes h (a coroutine of the task ctx) on a later loop step.
  void schedule(std::coroutine_handle<> h, task_context *ctx) {
    ready_.push_back({h, ctx});
  }

  // --- spawned tasks -----------------------------------------------------

  task_list::iterator register_task(std::shared_ptr<task_state_base> state) {
    return tasks_.insert(tasks_.end(), std::move(state));
  }
  void unregister_task(task_list::iterator position) noexcept {
    tasks_.erase(position);
  }
  task_list &tasks() noexcept { return tasks_; }

  // --- timers ------------------------------------------------------------

  void add_timer(timer_node &node, clock::time_point deadline) {
    node.position_ = timers_.emplace(deadline, &node);
    node.armed_ = true;
  }
  void cancel_timer(timer_node &node) noexcept {
    if (!node.armed_)
      return;
    timers_.erase(node.position_);
    node.armed_ = false;
  }

  // --- file descriptors --------------------------------------------------

  /// Waits for fd to be readable (for_write false) or writable.
  void add_io(int fd, bool for_write, io_node &node) {
    auto [it, inserted] = fds_.try_emplace(fd);
    io_node *&slot = for_write ? it->second.writer : it->second.reader;
    if (slot != nullptr)
      throw std::logic_error("aio: two tasks wait for the same readiness of "
                             "one file descriptor");
    slot = &node;
    if (update_fd(fd, it->second, inserted ? EPOLL_CTL_ADD : EPOLL_CTL_MOD))
      return;
    int err = errno;
    slot = nullptr;
    if (inserted)
      fds_.erase(it);
    throw std::system_error(err, std::generic_category(),
                            "aio: cannot wait for this file descriptor");
  }
  void remove_io(int fd, bool for_write) noexcept {
    auto it = fds_.find(fd);
    if (it == fds_.end())
      return;
    (for_write ? it->second.writer : it->second.reader) = nullptr;
    if (it->second.reader == nullptr && it->second.writer == nullptr) {
      // The descriptor may already be closed, which removed it from epoll.
      epoll_event ev{};
      (void)::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, &ev);
      fds_.erase(it);
      return;
    }
    (void)update_fd(fd, it->second, EPOLL_CTL_MOD);
  }

  // --- worker threads ----------------------------------------------------

  /// Runs job on a worker thread. The loop counts it as pending work until
  /// job_finished() is called on the loop thread.
  void submit_job(std::function<void()> job) {
    pool_.submit(std::move(job));
    ++pending_jobs_;
  }
  void job_finished() noexcept { --pending_jobs_; }

  /// Thread-safe: runs fn on the loop thread during a later step.
  void call_soon_threadsafe(std::function<void()> fn) {
    {
      std::lock_guard lock(remote_mutex_);
      remote_.push_back(std::move(fn));
    }
    std::uint64_t one = 1;
    // EAGAIN only when the counter is saturated: the loop is awake anyway.
    (void)!::write(wake_fd_, &one, sizeof one);
  }

  // --- running -------------------------------------------------------------

  /// Runs one iteration: waits for the first timer, I/O or remote wake-up
  /// when nothing is ready, then resumes everything that became ready.
  /// Returns false, doing nothing, when no progress is possible any more
  /// (nothing ready, no timer, no I/O wait, no work on a worker thread).
  bool run_once() {
    int timeout_ms = -1;
    if (!ready_.empty()) {
      timeout_ms = 0;
    } else if (!timers_.empty()) {
      auto wait = timers_.begin()->first - clock::now();
      auto ms = std::chrono::ceil<std::chrono::milliseconds>(wait).count();
      timeout_ms = ms <= 0 ? 0 : static_cast<int>(std::min<long long>(ms, 1 << 30));
    } else if (fds_.empty() && pending_jobs_ == 0) {
      return false;
    }
    poll(timeout_ms);
    fire_timers();
    run_ready();
    return true;
  }

  /// Number of tasks created so far, for default task names.
  std::uint64_t next_task_number() noexcept { return ++task_counter_; }
  /// A sequence number per finished task, so "first" failure is well defined.
  std::uint64_t next_finish_number() noexcept { return ++finish_counter_; }

private:
  struct fd_waiters {
    io_node *reader = nullptr;
    io_node *writer = nullptr;
  };
  struct ready_item {
    std::coroutine_handle<> handle;
    task_context *context;
  };

  bool update_fd(int fd, const fd_waiters &w, int op) noexcept {
    epoll_event ev{};
    ev.events = (w.reader ? EPOLLIN : 0u) | (w.writer ? EPOLLOUT : 0u);
    ev.data.fd = fd;
    return ::epoll_ctl(epoll_fd_, op, fd, &ev) == 0;
  }

  void poll(int timeout_ms) {
    epoll_event events[64];
    int n = ::epoll_wait(epoll_fd_, events, 64, timeout_ms);
    if (n < 0) {
      if (errno == EINTR)
        return;
      throw std::system_error(errno, std::generic_category(), "epoll_wait");
    }
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == wake_fd_) {
        drain_remote();
        continue;
      }
      auto it = fds_.find(fd);
      if (it == fds_.end())
        continue;
      std::uint32_t e = events[i].events;
      bool broken = e & (EPOLLERR | EPOLLHUP);
      // Waking removes the waiter (and may erase the map entry), so read
      // both pointers first.
      io_node *reader = (e & EPOLLIN) || broken ? it->second.reader : nullptr;
      io_node *writer = (e & EPOLLOUT) || broken ? it->second.writer : nullptr;
      if (reader) {
        remove_io(fd, false);
        reader->on_ready();
      }
      if (writer) {
        remove_io(fd, true);
        writer->on_ready();
      }
    }
  }

  void drain_remote() {
    std::uint64_t count;
    (void)!::read(wake_fd_, &count, sizeof count);
    std::vector<std::function<void()>> batch;
    {
      std::lock_guard lock(remote_mutex_);
      batch.swap(remote_);
    }
    for (auto &fn : batch)
      fn();
  }

  void fire_timers() {
    auto now = clock::now();
    while (!timers_.empty() && timers_.begin()->first <= now) {
      timer_node *node = timers_.begin()->second;
      timers_.erase(timers_.begin());
      node->armed_ = false;
      node->on_timer();
    }
  }

  void run_ready() {
    // Only what is ready now; what these steps schedule runs next iteration,
    // after I/O and timers had their chance.
    for (std::size_t n = ready_.size(); n > 0; --n) {
      ready_item item = ready_.front();
      ready_.pop_front();
      current_context_ptr = item.context;
      if (debug_enabled()) {
        auto start = clock::now();
        resume_flat(item.handle);
        report_if_slow(*item.context, clock::now() - start);
      } else {
        resume_flat(item.handle);
      }
      current_context_ptr = nullptr;
    }
  }

  static void report_if_slow(const task_context &ctx, clock::duration took) {
    if (took < slow_step_threshold())
      return;
    auto ms = std::chrono::duration<double, std::milli>(took).count();
    detail::report(
        debug_event::slow_step,
        "a step of task '" + ctx.name + "' took " +
            std::to_string(static_cast<long long>(ms)) +
            " ms and blocked the event loop; offload blocking work with "
            "co_await aio::to_thread(...) or wait with co_await aio::sleep(...)");
  }

  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  std::deque<ready_item> ready_;
  task_list tasks_;
  std::multimap<clock::time_point, timer_node *> timers_;
  std::unordered_map<int, fd_waiters> fds_;
  std::mutex remote_mutex_;
  std::vector<std::function<void()>> remote_;
  std::size_t pending_jobs_ = 0;
  std::uint64_t task_counter_ = 0;
  std::uint64_t finish_counter_ = 0;
  // asyncio's default executor size: min(32, cpu count + 4).
  thread_pool pool_{std::min<std::size_t>(32, std::thread::hardware_concurrency() + 4)};
};

/// The loop running on this thread; throws when there is none.
inline event_loop &current_loop(const char *who) {
  if (current_loop_ptr == nullptr)
    throw std::logic_error(std::string(who) +
                           ": no running event loop; call it from a task "
                           "started with aio::run");
  return *current_loop_ptr;
}

/// Base of the runtime's own awaiters: one suspension of one task, which
/// cancellation can end early. A derived awaiter calls park() when it
/// suspends, wake() when what it waited for happened, and check_resume() at
/// the start of await_resume().
class suspension : public cancel_hook {
public:
  suspension() = default;
  suspension(const suspension &) = delete;
  suspension &operator=(const suspension &) = delete;

protected:
  /// Only a suspension that has not been awaited yet may be moved (into a
  /// coroutine frame, as aio::wait_for does with its argument); the new one
  /// starts fresh.
  suspension(suspension &&) noexcept {}

  ~suspension() {
    if (context_ && context_->waiting_on == this)
      context_->waiting_on = nullptr;
  }

  /// Binds to the running task. Returns false when a cancellation is pending:
  /// the awaiter must then not suspend, and check_resume() throws.
  bool bind() {
    context_ = &current_context();
    loop_ = context_->loop;
    return !context_->cancel_pending;
  }

  /// Records that the task now waits on this suspension.
  void park(std::coroutine_handle<> h) noexcept {
    handle_ = h;
    context_->waiting_on = this;
  }

  /// Resumes the task on the next loop step.
  void wake() {
    if (context_->waiting_on == this)
      context_->waiting_on = nullptr;
    loop_->schedule(handle_, context_);
  }

  /// Throws cancelled_error if the suspension was cancelled or a
  /// cancellation arrived while the task was waiting to resume.
  void check_resume() {
    bool pending = context_ && context_->consume_cancel();
    if (cancelled_ || pending)
      throw cancelled_error();
  }

  event_loop *loop_ = nullptr;
  task_context *context_ = nullptr;
  std::coroutine_handle<> handle_;
  bool cancelled_ = false;
};

} // namespace aio::detail
