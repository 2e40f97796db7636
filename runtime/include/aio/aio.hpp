//===- aio/aio.hpp - Umbrella header of the aio runtime ---------*- C++ -*-===//
//
/// \file
/// Everything of aio, the small reference coroutine runtime modelled on
/// Python's asyncio. See docs/runtime.md.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "aio/as_completed.hpp"
#include "aio/condition.hpp"
#include "aio/debug.hpp"
#include "aio/errors.hpp"
#include "aio/event.hpp"
#include "aio/gather.hpp"
#include "aio/mutex.hpp"
#include "aio/net.hpp"
#include "aio/queue.hpp"
#include "aio/run.hpp"
#include "aio/semaphore.hpp"
#include "aio/sleep.hpp"
#include "aio/task.hpp"
#include "aio/task_group.hpp"
#include "aio/task_handle.hpp"
#include "aio/timeout.hpp"
#include "aio/to_thread.hpp"
#include "aio/wait_for.hpp"
