// Test helpers: fork/exec with captured pipes, temporary directories and repositories.
#include "tests/test_support.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <random>

extern char** environ;

namespace review::testing {

RunResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                      const std::string& input, const std::map<std::string, std::string>& env) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) || pipe2(out_pipe, O_CLOEXEC) || pipe2(err_pipe, O_CLOEXEC)) return {};
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    if (chdir(cwd.c_str()) != 0) _exit(126);
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  RunResult result;
  size_t written = 0;
  int in_fd = in_pipe[1];
  if (input.empty()) {
    close(in_fd);
    in_fd = -1;
  } else {
    fcntl(in_fd, F_SETFL, O_NONBLOCK);
  }
  bool out_open = true, err_open = true;
  char buf[65536];
  while (out_open || err_open || in_fd >= 0) {
    pollfd fds[3];
    int n = 0;
    int out_i = -1, err_i = -1, in_i = -1;
    if (out_open) { fds[n] = {out_pipe[0], POLLIN, 0}; out_i = n++; }
    if (err_open) { fds[n] = {err_pipe[0], POLLIN, 0}; err_i = n++; }
    if (in_fd >= 0) { fds[n] = {in_fd, POLLOUT, 0}; in_i = n++; }
    if (poll(fds, n, -1) < 0) break;
    if (out_i >= 0 && fds[out_i].revents) {
      ssize_t r = read(out_pipe[0], buf, sizeof buf);
      if (r <= 0) out_open = false; else result.out.append(buf, r);
    }
    if (err_i >= 0 && fds[err_i].revents) {
      ssize_t r = read(err_pipe[0], buf, sizeof buf);
      if (r <= 0) err_open = false; else result.err.append(buf, r);
    }
    if (in_i >= 0 && fds[in_i].revents) {
      ssize_t w = write(in_fd, input.data() + written, input.size() - written);
      if (w > 0) written += w;
      if (w < 0 || written == input.size()) { close(in_fd); in_fd = -1; }
    }
  }
  close(out_pipe[0]);
  close(err_pipe[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

RunResult run_review(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                     const std::string& input, const std::map<std::string, std::string>& env) {
  std::vector<std::string> argv{REVIEW_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  std::map<std::string, std::string> full_env{{"NO_COLOR", "1"}};
  for (const auto& [k, v] : env) full_env[k] = v;
  return run_process(argv, cwd, input, full_env);
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "review-test-XXXXXX").string();
  char* made = mkdtemp(tmpl.data());
  if (!made) throw std::runtime_error("mkdtemp failed");
  m_path = made;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(m_path, ec);
}

TempRepo::TempRepo() {
  git({"init", "-q", "-b", "main"});
  git({"config", "user.name", "Test User"});
  git({"config", "user.email", "test@example.com"});
  git({"config", "core.autocrlf", "false"});
  git({"config", "commit.gpgsign", "false"});
}

void TempRepo::write(const std::string& rel, const std::string& content) const {
  auto p = path() / rel;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << content;
}

std::string TempRepo::git(const std::vector<std::string>& args, bool check) const {
  std::vector<std::string> argv{"git"};
  argv.insert(argv.end(), args.begin(), args.end());
  RunResult r = run_process(argv, path(), "",
                            {{"GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z"},
                             {"GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z"},
                             {"GIT_CONFIG_GLOBAL", "/dev/null"},
                             {"GIT_CONFIG_NOSYSTEM", "1"}});
  if (check && r.exit_code != 0) {
    std::string cmd;
    for (const auto& a : args) cmd += " " + a;
    ADD_FAILURE() << "git" << cmd << " failed (" << r.exit_code << "): " << r.err;
  }
  return r.out;
}

std::string TempRepo::commit_all(const std::string& message) const {
  git({"add", "-A"});
  git({"commit", "-q", "--allow-empty", "-m", message});
  std::string id = git({"rev-parse", "HEAD"});
  while (!id.empty() && (id.back() == '\n' || id.back() == '\r')) id.pop_back();
  return id;
}

std::filesystem::path data_dir() { return std::filesystem::path(REVIEW_SOURCE_DIR) / "tests" / "data"; }

FileDiff file_with(std::string path, std::string language, std::string text, std::vector<int> added) {
  FileDiff f;
  f.path = std::move(path);
  f.language = std::move(language);
  f.post_image = std::move(text);
  f.has_post_image = true;
  std::ranges::sort(added);
  added.erase(std::unique(added.begin(), added.end()), added.end());
  f.added_lines = std::move(added);
  f.added_count = static_cast<int>(f.added_lines.size());
  Hunk h;
  for (int l : f.added_lines) h.lines.push_back({LineOrigin::addition, 0, l, ""});
  f.hunks.push_back(h);
  return f;
}

}  // namespace review::testing
