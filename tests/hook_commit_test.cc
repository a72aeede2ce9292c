// The pre-commit hook end to end, with real `git commit` runs: a commit with a high-severity
// finding is blocked (exit 1) with the report shown, a clean one passes, and the staged
// content (`git ls-files -s`), the stash and every working-tree file are identical before
// and after — including with unstaged changes in the same files. Git refreshes the index
// file's stat cache during a commit, so the index is compared by content, not bytes.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/test_support.h"

namespace review {
namespace {

using testing::RunResult;
using testing::TempRepo;
using testing::k_clean_py;
using testing::k_vulnerable_py;

RunResult git_commit(const TempRepo& repo, std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  std::vector<std::string> argv{"git", "commit"};
  argv.insert(argv.end(), args.begin(), args.end());
  env.insert({"GIT_CONFIG_GLOBAL", "/dev/null"});
  env.insert({"GIT_CONFIG_NOSYSTEM", "1"});
  env.insert({"NO_COLOR", "1"});
  return testing::run_process(argv, repo.path(), "", env);
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Everything the hook must leave alone: staged content, stash, HEAD-independent working tree.
struct RepoState {
  std::string staged;  ///< `git ls-files -s --debug`-free listing: mode, blob id, stage, path
  std::string stash;   ///< `git stash list` plus the stash ref
  std::map<std::string, std::pair<std::string, unsigned>> files;  ///< work tree: bytes and mode
  bool operator==(const RepoState&) const = default;
};

RepoState capture(const TempRepo& repo) {
  RepoState s;
  s.staged = repo.git({"ls-files", "-s"});
  s.stash = repo.git({"stash", "list"}) + repo.git({"rev-parse", "-q", "--verify", "refs/stash"}, false);
  for (auto it = std::filesystem::recursive_directory_iterator(repo.path());
       it != std::filesystem::recursive_directory_iterator(); ++it) {
    if (it->path().filename() == ".git") {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file()) continue;
    struct stat st {};
    ::stat(it->path().c_str(), &st);
    s.files[std::filesystem::relative(it->path(), repo.path()).string()] = {slurp(it->path()), st.st_mode & 07777};
  }
  return s;
}

std::string head(const TempRepo& repo) { return repo.git({"rev-parse", "HEAD"}); }

struct HookedRepo {
  TempRepo repo;
  HookedRepo() {
    repo.write("app.py", k_clean_py);
    repo.write("notes.txt", "notes\n");
    repo.commit_all("init");
    // A stash entry that must survive untouched.
    repo.write("notes.txt", "stashed edit\n");
    repo.git({"stash", "-q"});
    auto r = testing::run_review({"install-hook"}, repo.path());
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
};

TEST(HookCommit, HighSeverityFindingBlocksTheCommitAndTouchesNothing) {
  HookedRepo h;
  TempRepo& repo = h.repo;
  repo.write("app.py", k_vulnerable_py);
  repo.git({"add", "app.py"});
  // Unstaged changes in the same file and another, plus an untracked file.
  repo.write("app.py", std::string(k_vulnerable_py) + "\n# unstaged tail\n");
  repo.write("notes.txt", "unstaged notes\n");
  repo.write("untracked.py", "print('x')\n");
  RepoState before = capture(repo);
  std::string head_before = head(repo);

  RunResult r = git_commit(repo, {"-m", "add run()"});
  EXPECT_NE(r.exit_code, 0) << "the commit must be blocked\n" << r.out << r.err;
  std::string shown = r.out + r.err;
  EXPECT_NE(shown.find("app.py"), std::string::npos) << shown;
  EXPECT_NE(shown.find("high"), std::string::npos) << shown;
  EXPECT_EQ(head(repo), head_before);
  EXPECT_EQ(capture(repo), before);

  // The review itself exits 1 (findings), not 2 or 3.
  RunResult direct = testing::run_review({"--staged", "--format", "text"}, repo.path());
  EXPECT_EQ(direct.exit_code, 1) << direct.out << direct.err;
  EXPECT_EQ(capture(repo), before);

  // REVIEW_SKIP lets it through (and still touches nothing but the commit).
  RunResult skipped = git_commit(repo, {"-q", "-m", "skip"}, {{"REVIEW_SKIP", "1"}});
  EXPECT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_NE(head(repo), head_before);
  RepoState after_skip = capture(repo);
  EXPECT_EQ(after_skip.files, before.files);
  EXPECT_EQ(after_skip.stash, before.stash);
}

TEST(HookCommit, CleanCommitPassesWithUnstagedProblemsLeftAlone) {
  HookedRepo h;
  TempRepo& repo = h.repo;
  // Staged: a clean change. Unstaged, in the same file: vulnerable code the hook must not see.
  repo.write("app.py", std::string(k_clean_py) + "\n\ndef sub(a, b):\n    return a - b\n");
  repo.git({"add", "app.py"});
  repo.write("app.py", k_vulnerable_py);
  RepoState before = capture(repo);
  std::string head_before = head(repo);

  RunResult r = git_commit(repo, {"-q", "-m", "add sub()"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(head(repo), head_before);
  RepoState after = capture(repo);
  EXPECT_EQ(after.files, before.files);  // the unstaged vulnerable version is still there
  EXPECT_EQ(after.stash, before.stash);
  EXPECT_EQ(after.staged, before.staged);  // index content = what was committed
  EXPECT_EQ(repo.git({"show", "HEAD:app.py"}), std::string(k_clean_py) + "\n\ndef sub(a, b):\n    return a - b\n");
}

TEST(HookCommit, CommitAllReviewsWhatGitIsAboutToCommit) {
  HookedRepo h;
  TempRepo& repo = h.repo;
  repo.write("app.py", k_vulnerable_py);  // not staged: `git commit -a` stages it in its own index
  std::string head_before = head(repo);
  RunResult r = git_commit(repo, {"-a", "-m", "all"});
  EXPECT_NE(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(head(repo), head_before);
  EXPECT_EQ(slurp(repo.path() / "app.py"), k_vulnerable_py);
  EXPECT_EQ(repo.git({"diff", "--cached", "--name-only"}), "");  // git rolled its index back
}

}  // namespace
}  // namespace review
