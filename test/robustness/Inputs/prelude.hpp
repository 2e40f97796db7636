// Every header the mutated sources (test/checks, examples) include, compiled
// once into a precompiled header so that each mutant costs its own code only.
#include <aio/aio.hpp>

#include "asio_like.hpp"
#include "awaiter.hpp"
#include "blocking_apis.hpp"
#include "eager_task.hpp"
#include "fire_and_forget.hpp"
#include "lazy_task.hpp"

#include <barrier>
#include <chrono>
#include <condition_variable>
#include <coroutine>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <future>
#include <iostream>
#include <latch>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <poll.h>
#include <semaphore>
#include <shared_mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <typeinfo>
#include <unistd.h>
#include <utility>
#include <vector>
