//===- aio/errors.hpp - Exceptions thrown by the runtime --------*- C++ -*-===//
//
/// \file
/// The exceptions the runtime itself throws into coroutines.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <exception>
#include <stdexcept>

namespace aio {

/// Thrown at a suspension point of a task that was cancelled
/// (asyncio.CancelledError). A task may catch it to clean up, but should
/// rethrow it: swallowing it makes the task ignore its cancellation.
class cancelled_error : public std::exception {
public:
  const char *what() const noexcept override { return "aio: task was cancelled"; }
};

/// Thrown by aio::wait_for when the timeout passes before the awaited
/// operation finishes (asyncio.TimeoutError).
class timeout_error : public std::runtime_error {
public:
  timeout_error() : std::runtime_error("aio: operation timed out") {}
};

} // namespace aio
