// RUN: %check_async_tidy %s async-blocking-call %t

// Opening and reading files, and reading the console, block the thread: on
// aio, lazy (cppcoro/libcoro-style) and eager tasks alike.

#include <aio/aio.hpp>
#include "eager_task.hpp"
#include "lazy_task.hpp"

#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

// ---- aio ----

aio::task<std::string> open_files(const char *path) {
  std::FILE *f = std::fopen(path, "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'fopen' in coroutine 'open_files' blocks the thread and stalls its event loop (io); await an asynchronous equivalent, or move it to a worker thread (for example 'co_await aio::to_thread(...)') [async-blocking-call]
  int fd = ::open(path, O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'open' in coroutine 'open_files' blocks the thread and stalls its event loop (io); {{.*}}
  std::ifstream in(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: constructing 'std::basic_ifstream' in coroutine 'open_files' blocks the thread and stalls its event loop (io); {{.*}}
  std::fstream io{path};
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: constructing 'std::basic_fstream' in coroutine 'open_files' blocks {{.*}} (io); {{.*}}
  std::ifstream later;
  later.open(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'std::basic_ifstream::open' in coroutine 'open_files' blocks {{.*}} (io); {{.*}}
  std::fclose(f);
  co_return std::to_string(fd);
}

aio::task<int> read_file(std::ifstream &in, std::fstream &io) {
  char buf[16];
  in.read(buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'std::basic_istream::read' on a file stream in coroutine 'read_file' blocks the thread and stalls its event loop (io); {{.*}}
  in.getline(buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'std::basic_istream::getline' on a file stream in coroutine 'read_file' blocks {{.*}}
  int c = io.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'std::basic_istream::get' on a file stream in coroutine 'read_file' blocks {{.*}}
  io.ignore(4);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'std::basic_istream::ignore' on a file stream in coroutine 'read_file' blocks {{.*}}
  int a = 0, b = 0;
  std::string word;
  // One read per chain: the further '>>' read through the same stream.
  in >> a >> b;
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'operator>>' on a file stream in coroutine 'read_file' blocks {{.*}} (io); {{.*}}
  io >> word;
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'operator>>' on a file stream in coroutine 'read_file' blocks {{.*}} (io); {{.*}}
  co_return a + b + c;
}

aio::task<std::string> read_console() {
  char buf[16];
  std::cin.getline(buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'std::basic_istream::getline' on 'std::cin' in coroutine 'read_console' blocks the thread and stalls its event loop (io); {{.*}}
  int c = std::cin.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'std::basic_istream::get' on 'std::cin' in coroutine 'read_console' blocks {{.*}}
  std::cin.read(buf, 4);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'std::basic_istream::read' on 'std::cin' in coroutine 'read_console' blocks {{.*}}
  co_return std::string(buf, c);
}

// ---- lazy and eager tasks ----

lazylib::task<int> lazy_reader(const std::string &path) {
  std::ifstream in(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: constructing 'std::basic_ifstream' in coroutine 'lazy_reader' blocks the thread and stalls its event loop (io); await an asynchronous equivalent, or move it to a worker thread [async-blocking-call]
  int v = 0;
  in >> v;
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'operator>>' on a file stream in coroutine 'lazy_reader' blocks {{.*}}
  co_return v;
}

eagerlib::result<int> eager_reader(const char *path) {
  std::FILE *f = fopen(path, "rb");
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'fopen' in coroutine 'eager_reader' blocks {{.*}} (io); {{.*}}
  std::fclose(f);
  co_return 0;
}

// ---- stays quiet ----

// Streams in memory do not block, and neither does a stream that opens
// nothing, nor moving one.
aio::task<int> in_memory(std::ifstream &moved_from) {
  std::istringstream text("1 2");
  int a = 0;
  text >> a;
  char buf[4];
  text.read(buf, 1);
  text.getline(buf, sizeof buf);
  std::stringstream more;
  more.get();
  std::ifstream closed;
  std::ifstream taken(std::move(moved_from));
  co_return a;
}

// Kernel pseudo-files are answered from memory: opening and reading one
// does not wait for a device. Any other literal path does.
aio::task<bool> traced() {
  std::ifstream in("/proc/self/status");
  std::string line;
  std::getline(in, line);
  std::ifstream power("/sys/class/power_supply/AC/online");
  int online = 0;
  power >> online;
  std::ifstream real("/etc/hosts");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: constructing 'std::basic_ifstream' in coroutine 'traced' blocks {{.*}} (io); {{.*}}
  std::getline(real, line);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::getline' in coroutine 'traced' blocks {{.*}} (io); {{.*}}
  co_return line.size() > 11 && online;
}

lazylib::task<int> lazy_pseudo_file() {
  std::ifstream in("/proc/self/stat");
  int pid = 0;
  in >> pid;
  co_return pid;
}

// A stream of unknown kind: when unsure, say nothing.
aio::task<int> any_stream(std::istream &in) {
  int v = 0;
  in >> v;
  char buf[4];
  in.read(buf, 4);
  co_return v;
}

// File work handed to a worker thread, and plain functions.
aio::task<std::string> offloaded(std::string path) {
  co_return co_await aio::to_thread([path] {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
  });
}

int main() {
  std::ifstream in("config.txt");
  int v = 0;
  in >> v;
  std::FILE *f = std::fopen("x", "r");
  std::fclose(f);
  return v;
}
