// Shared test helpers: real temporary git repositories (built with the git CLI, which
// tests may use as an oracle) and running the real `review` binary.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "git/diff_model.h"

namespace review::testing {

/// Result of running a process: exit code (or 128+signal), captured stdout and stderr.
struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs `argv` (argv[0] looked up in PATH) in `cwd` with `input` on stdin and extra
/// environment `env` (merged over the current one). Captures stdout/stderr.
RunResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                      const std::string& input = "", const std::map<std::string, std::string>& env = {});

/// Runs the `review` binary under test with `args` in `cwd`.
RunResult run_review(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                     const std::string& input = "", const std::map<std::string, std::string>& env = {});

/// A modified file with `text` as post-image and `added` (1-based; sorted and deduplicated
/// here) as its added lines, in one hunk of additions: chunker input without a repository.
FileDiff file_with(std::string path, std::string language, std::string text, std::vector<int> added);

/// A temporary directory, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

/// A real git repository in a temporary directory, driven with the git CLI.
/// user.name/user.email are set locally; commits use fixed dates so ids are reproducible.
class TempRepo {
 public:
  TempRepo();  ///< `git init -b main` in a fresh temporary directory
  const std::filesystem::path& path() const { return m_dir.path(); }
  /// Writes `content` to the repo-relative `rel` (creating folders).
  void write(const std::string& rel, const std::string& content) const;
  /// Runs `git ARGS…` in the repository; fails the test (ADD_FAILURE) on non-zero exit
  /// unless `check` is false. Returns stdout.
  std::string git(const std::vector<std::string>& args, bool check = true) const;
  /// `git add -A && git commit -m msg`; returns the new commit id.
  std::string commit_all(const std::string& message) const;

 private:
  TempDir m_dir;
};

/// A small clean Python change, and the same file with a shell command and an eval built
/// from request input (confirmed high-severity findings of the built-in security voters).
inline constexpr const char* k_clean_py =
    "def add(a, b):\n"
    "    return a + b\n";
inline constexpr const char* k_vulnerable_py =
    "import subprocess\n"
    "\n"
    "\n"
    "def add(a, b):\n"
    "    return a + b\n"
    "\n"
    "\n"
    "def run(request):\n"
    "    cmd = request.args.get(\"cmd\")\n"
    "    subprocess.call(cmd, shell=True)\n"
    "    return eval(request.args.get(\"expr\"))\n";

/// Directory of test data in the source tree (tests/data).
std::filesystem::path data_dir();

}  // namespace review::testing
