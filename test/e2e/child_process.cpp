#include "e2e/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace otpnet::e2e {

namespace {

void close_fd(int& fd) {
  if (fd >= 0)
    ::close(fd);
  fd = -1;
}

int decode_status(int status) {
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  if (WIFSIGNALED(status))
    return 128 + WTERMSIG(status);
  return -1;
}

} // namespace

child_process::child_process(const std::string& path,
                             const std::vector<std::string>& args,
                             bool capture_stderr) {
  int out[2] = {-1, -1};
  int err[2] = {-1, -1};
  // O_CLOEXEC: the child keeps only the ends dup2'ed onto 1 and 2.
  if (::pipe2(out, O_CLOEXEC) != 0
      || (capture_stderr && ::pipe2(err, O_CLOEXEC) != 0))
    throw std::runtime_error("pipe2 failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  if (capture_stderr)
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  // The child starts with a clean signal state whatever the test runner
  // (Boost.Test installs handlers) did to ours.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(path.c_str()));
  for (auto& arg : args)
    argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  int rc = posix_spawn(&pid_, path.c_str(), &actions, &attr, argv.data(),
                       environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close_fd(out[1]);
  close_fd(err[1]);
  out_fd_ = out[0];
  err_fd_ = err[0];
  if (rc != 0) {
    pid_ = -1;
    close_fd(out_fd_);
    close_fd(err_fd_);
    throw std::runtime_error("posix_spawn " + path + ": "
                             + std::strerror(rc));
  }
  // A pidfd makes wait_exit a plain poll; without one (old kernels) it
  // falls back to polling waitpid.
  pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
}

child_process::~child_process() {
  if (pid_ > 0 && !reaped_) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      // SIGKILL cannot be caught: this returns promptly.
    }
  }
  close_fd(pidfd_);
  close_fd(out_fd_);
  close_fd(err_fd_);
}

std::optional<std::string>
child_process::read_line(int& fd, std::string& buf,
                         clock::time_point deadline) {
  for (;;) {
    if (auto nl = buf.find('\n'); nl != std::string::npos) {
      auto line = buf.substr(0, nl);
      buf.erase(0, nl + 1);
      return line;
    }
    if (fd < 0)
      return std::nullopt;
    pollfd pfd{fd, POLLIN, 0};
    int n = ::poll(&pfd, 1, ms_left(deadline));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return std::nullopt;
    char chunk[4096];
    auto k = ::read(fd, chunk, sizeof(chunk));
    if (k < 0 && errno == EINTR)
      continue;
    if (k <= 0) {
      close_fd(fd);
      continue; // a last unterminated line is not a line
    }
    buf.append(chunk, static_cast<size_t>(k));
  }
}

std::optional<std::string>
child_process::read_stdout_line(clock::time_point deadline) {
  return read_line(out_fd_, out_buf_, deadline);
}

std::optional<std::string>
child_process::read_stderr_line(clock::time_point deadline) {
  return read_line(err_fd_, err_buf_, deadline);
}

std::optional<uint16_t>
child_process::wait_listening(clock::time_point deadline) {
  auto line = read_stdout_line(deadline);
  constexpr std::string_view prefix = "listening ";
  if (!line || line->rfind(prefix, 0) != 0)
    return std::nullopt;
  unsigned port = 0;
  auto* first = line->data() + prefix.size();
  auto* last = line->data() + line->size();
  auto [ptr, ec] = std::from_chars(first, last, port);
  if (ec != std::errc{} || ptr != last || port == 0 || port > 65535)
    return std::nullopt;
  return static_cast<uint16_t>(port);
}

std::optional<std::string>
child_process::read_all(int& fd, std::string& buf,
                        clock::time_point deadline) {
  while (fd >= 0) {
    pollfd pfd{fd, POLLIN, 0};
    int n = ::poll(&pfd, 1, ms_left(deadline));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return std::nullopt;
    char chunk[4096];
    auto k = ::read(fd, chunk, sizeof(chunk));
    if (k < 0 && errno == EINTR)
      continue;
    if (k <= 0)
      close_fd(fd);
    else
      buf.append(chunk, static_cast<size_t>(k));
  }
  return std::move(buf);
}

std::optional<std::string>
child_process::read_stdout_all(clock::time_point deadline) {
  return read_all(out_fd_, out_buf_, deadline);
}

std::optional<std::string>
child_process::read_stderr_all(clock::time_point deadline) {
  return read_all(err_fd_, err_buf_, deadline);
}

void child_process::signal(int sig) {
  if (pid_ > 0 && !reaped_)
    ::kill(pid_, sig);
}

std::optional<int> child_process::wait_exit(clock::time_point deadline) {
  if (pid_ <= 0)
    return std::nullopt;
  for (;;) {
    int status = 0;
    auto rc = ::waitpid(pid_, &status, WNOHANG);
    if (rc == pid_) {
      reaped_ = true;
      return decode_status(status);
    }
    if (rc < 0 && errno != EINTR)
      return std::nullopt;
    int left = ms_left(deadline);
    if (left == 0)
      return std::nullopt;
    if (pidfd_ >= 0) {
      pollfd pfd{pidfd_, POLLIN, 0};
      ::poll(&pfd, 1, left); // readable once the child has exited
    } else {
      ::poll(nullptr, 0, std::min(left, 5)); // no pidfd: bounded re-check
    }
  }
}

std::optional<run_result> run_to_end(const std::string& path,
                                     const std::vector<std::string>& args,
                                     clock::time_point deadline) {
  child_process proc{path, args, true};
  auto out = proc.read_stdout_all(deadline);
  auto err = proc.read_stderr_all(deadline);
  auto status = proc.wait_exit(deadline);
  if (!out || !err || !status)
    return std::nullopt;
  return run_result{*status, std::move(*out), std::move(*err)};
}

} // namespace otpnet::e2e
