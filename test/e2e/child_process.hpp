#pragma once

// A sample started as a child process (posix_spawn) with its stdout, and
// optionally its stderr, on pipes. RAII: the destructor kills (SIGKILL) and
// reaps a child that is still running, so no failure path leaks a process.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

#include "e2e/deadline.hpp"

namespace otpnet::e2e {

class child_process {
public:
  /// Starts `path` with `args` (argv[1..]). stderr is inherited unless
  /// `capture_stderr`. Throws std::runtime_error when spawning fails.
  child_process(const std::string& path, const std::vector<std::string>& args,
                bool capture_stderr = false);

  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  ~child_process();

  pid_t pid() const noexcept {
    return pid_;
  }

  /// Reads stdout up to and including the next '\n'; nullopt on EOF or when
  /// the deadline passes first. The line is returned without '\n'.
  std::optional<std::string> read_stdout_line(clock::time_point deadline);
  /// The same for stderr (captured only).
  std::optional<std::string> read_stderr_line(clock::time_point deadline);

  /// Waits for "listening PORT" and returns PORT; nullopt otherwise.
  std::optional<uint16_t> wait_listening(clock::time_point deadline);

  /// Reads the stream until EOF; nullopt if the deadline passes first.
  std::optional<std::string> read_stdout_all(clock::time_point deadline);
  std::optional<std::string> read_stderr_all(clock::time_point deadline);

  /// Sends a signal (no-op once reaped).
  void signal(int sig);

  /// Waits for the child to exit: its exit status, 128 + N if signal N
  /// killed it, nullopt if still running at the deadline.
  std::optional<int> wait_exit(clock::time_point deadline);

private:
  std::optional<std::string> read_line(int& fd, std::string& buf,
                                       clock::time_point deadline);
  std::optional<std::string> read_all(int& fd, std::string& buf,
                                      clock::time_point deadline);

  pid_t pid_ = -1;
  bool reaped_ = false;
  int pidfd_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_buf_;
  std::string err_buf_;
};

/// A program run to its end: exit status and everything it printed.
struct run_result {
  int status = -1;
  std::string out;
  std::string err;
};

/// Runs `path` with `args` until it exits, stdout and stderr captured;
/// nullopt if it has not finished by `deadline` (it is then killed).
std::optional<run_result> run_to_end(const std::string& path,
                                     const std::vector<std::string>& args,
                                     clock::time_point deadline);

} // namespace otpnet::e2e
