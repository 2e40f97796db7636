//===- aio/transfer.hpp - Passing control between coroutines ----*- C++ -*-===//
//
/// \file
/// How one task hands control to another when it awaits it or finishes
/// (implementation detail).
///
/// Symmetric transfer -- await_suspend returning the next coroutine's
/// handle -- runs a chain of nested awaits in constant stack only if the
/// compiler turns the resumption into a tail call. Clang guarantees that at
/// every optimisation level. GCC (checked with 12) does it only with
/// sibling-call optimisation, i.e. at -O2 and above: at -O0 and -O1 every
/// await of a task costs a stack frame, and a 100,000-deep chain overflows
/// an 8 MiB stack.
///
/// So with GCC, aio uses a trampoline instead: while the event loop resumes
/// a task, an await or a final suspension parks the next coroutine in a
/// thread-local slot and returns to the loop, which resumes it. The stack
/// stays flat at every optimisation level, at the cost of one return and
/// one indirect call per transfer. Outside the loop's resume (a coroutine
/// of another library resuming an aio task by hand) it falls back to
/// symmetric transfer.
///
/// Define AIO_AWAIT_TRAMPOLINE to 1 or 0 before including aio to force
/// either way; the default is 1 for GCC and 0 for every other compiler.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <coroutine>
#include <utility>

#ifndef AIO_AWAIT_TRAMPOLINE
#if defined(__GNUC__) && !defined(__clang__)
#define AIO_AWAIT_TRAMPOLINE 1
#else
#define AIO_AWAIT_TRAMPOLINE 0
#endif
#endif

namespace aio::detail {

#if AIO_AWAIT_TRAMPOLINE
/// Whether the loop's resume_flat() is on the stack of this thread.
inline thread_local bool trampoline_active = false;
/// The coroutine to resume next, parked by transfer_to().
inline thread_local std::coroutine_handle<> trampoline_next = nullptr;
#endif

/// What an await_suspend returns to continue with h: h itself (symmetric
/// transfer), or, under the trampoline, a no-op after parking h.
inline std::coroutine_handle<> transfer_to(std::coroutine_handle<> h) noexcept {
#if AIO_AWAIT_TRAMPOLINE
  if (trampoline_active) {
    trampoline_next = h;
    return std::noop_coroutine();
  }
#endif
  return h;
}

/// Resumes h, and then whatever it transferred control to, until every one
/// of them has suspended for real. The loop resumes tasks only through it.
inline void resume_flat(std::coroutine_handle<> h) {
#if AIO_AWAIT_TRAMPOLINE
  trampoline_active = true;
  h.resume();
  while (std::coroutine_handle<> next = std::exchange(trampoline_next, nullptr))
    next.resume();
  trampoline_active = false;
#else
  h.resume();
#endif
}

} // namespace aio::detail
