// `review install-hook` / `uninstall-hook` in real repositories: hooks folder (default,
// core.hooksPath, linked worktrees), idempotence, chaining and restoring an existing hook,
// REVIEW_SKIP and --no-verify with real `git commit` runs.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "plugin/hook.h"
#include "tests/test_support.h"

namespace review {
namespace {

using testing::RunResult;
using testing::TempRepo;

/// Runs git in `repo` like TempRepo::git, with extra environment, returning everything.
RunResult git_with_env(const TempRepo& repo, const std::vector<std::string>& args,
                       std::map<std::string, std::string> env = {}) {
  std::vector<std::string> argv{"git"};
  argv.insert(argv.end(), args.begin(), args.end());
  env.insert({"GIT_CONFIG_GLOBAL", "/dev/null"});
  env.insert({"GIT_CONFIG_NOSYSTEM", "1"});
  return testing::run_process(argv, repo.path(), "", env);
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct FileState {
  std::string bytes;
  unsigned mode = 0;
  long long mtime_ns = 0;
  ino_t inode = 0;
  bool operator==(const FileState&) const = default;
};

FileState state_of(const std::filesystem::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return {};
  return {slurp(p), static_cast<unsigned>(st.st_mode & 07777),
          static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec, st.st_ino};
}

void write_hook(const std::filesystem::path& p, const std::string& text, unsigned mode) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
  ::chmod(p.c_str(), mode);
}

TEST(HookInstall, WritesAnExecutableHookAndIsIdempotent) {
  TempRepo repo;
  auto r = testing::run_review({"install-hook"}, repo.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto hook = repo.path() / ".git" / "hooks" / "pre-commit";
  FileState first = state_of(hook);
  EXPECT_EQ(first.mode, 0755u);
  EXPECT_TRUE(is_review_hook(first.bytes));
  EXPECT_NE(first.bytes.find(std::string("review_bin='") + REVIEW_BINARY + "'"), std::string::npos);
  EXPECT_NE(first.bytes.find("--staged"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(repo.path() / ".git" / "hooks" / "pre-commit.review-chained"));

  auto again = testing::run_review({"install-hook"}, repo.path());
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("already installed"), std::string::npos);
  EXPECT_EQ(state_of(hook), first);  // same bytes, mode, mtime and inode: nothing was written

  auto removed = testing::run_review({"uninstall-hook"}, repo.path());
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  EXPECT_FALSE(std::filesystem::exists(hook));
  auto nothing = testing::run_review({"uninstall-hook"}, repo.path());
  EXPECT_EQ(nothing.exit_code, 0);
  EXPECT_NE(nothing.out.find("no pre-commit hook"), std::string::npos);
}

TEST(HookInstall, ChainsAnExistingHookAndRestoresItExactly) {
  TempRepo repo;
  auto hooks = repo.path() / ".git" / "hooks";
  const std::string original = "#!/bin/sh\necho \"chained ran with $# args\" >&2\nexit 0\n";
  write_hook(hooks / "pre-commit", original, 0750);
  FileState before = state_of(hooks / "pre-commit");

  auto r = testing::run_review({"install-hook"}, repo.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("pre-commit.review-chained"), std::string::npos) << r.out;
  FileState chained = state_of(hooks / "pre-commit.review-chained");
  EXPECT_EQ(chained.bytes, original);
  EXPECT_EQ(chained.mode, 0750u);
  EXPECT_TRUE(is_review_hook(slurp(hooks / "pre-commit")));

  // Installing twice does not chain our own hook.
  ASSERT_EQ(testing::run_review({"install-hook"}, repo.path()).exit_code, 0);
  EXPECT_EQ(state_of(hooks / "pre-commit.review-chained"), chained);

  // The chained hook runs first, on a real commit (the review itself skipped here).
  repo.write("a.txt", "hello\n");
  repo.git({"add", "a.txt"});
  auto commit = git_with_env(repo, {"commit", "-q", "-m", "one"}, {{"REVIEW_SKIP", "1"}});
  EXPECT_EQ(commit.exit_code, 0) << commit.err;
  EXPECT_NE(commit.err.find("chained ran with 0 args"), std::string::npos) << commit.err;

  auto u = testing::run_review({"uninstall-hook"}, repo.path());
  ASSERT_EQ(u.exit_code, 0) << u.err;
  FileState after = state_of(hooks / "pre-commit");
  EXPECT_EQ(after.bytes, before.bytes);
  EXPECT_EQ(after.mode, before.mode);
  EXPECT_EQ(after.mtime_ns, before.mtime_ns);  // moved back, not rewritten
  EXPECT_FALSE(std::filesystem::exists(hooks / "pre-commit.review-chained"));
}

TEST(HookInstall, AFailingChainedHookBlocksTheCommitAndNoVerifySkipsIt) {
  TempRepo repo;
  auto hooks = repo.path() / ".git" / "hooks";
  write_hook(hooks / "pre-commit", "#!/bin/sh\necho 'lint failed' >&2\nexit 7\n", 0755);
  ASSERT_EQ(testing::run_review({"install-hook"}, repo.path()).exit_code, 0);
  repo.write("a.txt", "x\n");
  repo.git({"add", "a.txt"});
  auto blocked = git_with_env(repo, {"commit", "-q", "-m", "x"}, {{"REVIEW_SKIP", "1"}});
  EXPECT_NE(blocked.exit_code, 0);
  EXPECT_NE(blocked.err.find("lint failed"), std::string::npos);
  EXPECT_EQ(repo.git({"rev-list", "--all", "--count"}), "0\n");  // nothing committed
  auto skipped = git_with_env(repo, {"commit", "-q", "--no-verify", "-m", "x"});
  EXPECT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_EQ(skipped.err.find("lint failed"), std::string::npos);
}

TEST(HookInstall, ReviewSkipSkipsTheReview) {
  TempRepo repo;
  ASSERT_EQ(testing::run_review({"install-hook"}, repo.path()).exit_code, 0);
  // Point the hook at a review that always fails, so only REVIEW_SKIP lets the commit through.
  auto hook = repo.path() / ".git" / "hooks" / "pre-commit";
  write_hook(hook, pre_commit_hook_script("/bin/false"), 0755);
  repo.write("a.txt", "x\n");
  repo.git({"add", "a.txt"});
  auto blocked = git_with_env(repo, {"commit", "-q", "-m", "x"});
  EXPECT_NE(blocked.exit_code, 0);
  auto passed = git_with_env(repo, {"commit", "-q", "-m", "x"}, {{"REVIEW_SKIP", "1"}});
  EXPECT_EQ(passed.exit_code, 0) << passed.err;
}

TEST(HookInstall, FindsReviewOnPathWhenTheInstalledPathIsGone) {
  testing::TempDir dir;
  auto hook = dir.path() / "pre-commit";
  write_hook(hook, pre_commit_hook_script(dir.path() / "no-such-review"), 0755);
  // Not on PATH either: a warning, and the commit is not blocked.
  auto missing = testing::run_process({hook.string()}, dir.path(), "", {{"PATH", "/usr/bin:/bin"}});
  EXPECT_EQ(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("cannot find review"), std::string::npos) << missing.err;
  // On PATH: that one runs (a stand-in that records its arguments).
  std::filesystem::create_directories(dir.path() / "bin");
  write_hook(dir.path() / "bin" / "review", "#!/bin/sh\necho \"review $*\"\nexit 1\n", 0755);
  auto found = testing::run_process({hook.string()}, dir.path(), "",
                                    {{"PATH", (dir.path() / "bin").string() + ":/usr/bin:/bin"}});
  EXPECT_EQ(found.exit_code, 1);
  EXPECT_EQ(found.out, "review --staged --format text --policy fail-open\n");
  auto policy = testing::run_process({hook.string()}, dir.path(), "",
                                     {{"PATH", (dir.path() / "bin").string() + ":/usr/bin:/bin"},
                                      {"REVIEW_POLICY", "fail-closed"}});
  EXPECT_EQ(policy.out, "review --staged --format text\n");
}

TEST(HookInstall, RespectsCoreHooksPath) {
  TempRepo repo;
  repo.git({"config", "core.hooksPath", ".githooks"});
  auto r = testing::run_review({"install-hook"}, repo.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(is_review_hook(slurp(repo.path() / ".githooks" / "pre-commit")));
  EXPECT_FALSE(std::filesystem::exists(repo.path() / ".git" / "hooks" / "pre-commit"));

  // From a subfolder too: relative to the work tree, not the current folder.
  std::filesystem::create_directories(repo.path() / "sub");
  auto again = testing::run_review({"install-hook"}, repo.path() / "sub");
  EXPECT_NE(again.out.find("already installed"), std::string::npos) << again.out << again.err;

  testing::TempDir shared;
  repo.git({"config", "core.hooksPath", shared.path().string()});
  ASSERT_EQ(testing::run_review({"install-hook"}, repo.path()).exit_code, 0);
  EXPECT_TRUE(is_review_hook(slurp(shared.path() / "pre-commit")));
  ASSERT_EQ(testing::run_review({"uninstall-hook"}, repo.path()).exit_code, 0);
  EXPECT_FALSE(std::filesystem::exists(shared.path() / "pre-commit"));
}

TEST(HookInstall, LinkedWorktreesShareTheCommonHooksFolder) {
  TempRepo repo;
  repo.write("a.txt", "a\n");
  repo.commit_all("init");
  testing::TempDir parent;
  auto wt = parent.path() / "wt";
  repo.git({"worktree", "add", "-q", "-b", "side", wt.string()});
  auto r = testing::run_review({"install-hook"}, wt);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(is_review_hook(slurp(repo.path() / ".git" / "hooks" / "pre-commit")));
}

TEST(HookInstall, RefusesWhenBothAForeignHookAndAChainedOneExist) {
  TempRepo repo;
  auto hooks = repo.path() / ".git" / "hooks";
  write_hook(hooks / "pre-commit", "#!/bin/sh\nexit 0\n", 0755);
  write_hook(hooks / "pre-commit.review-chained", "#!/bin/sh\nexit 1\n", 0755);
  FileState a = state_of(hooks / "pre-commit"), b = state_of(hooks / "pre-commit.review-chained");
  auto r = testing::run_review({"install-hook"}, repo.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("move one of them away"), std::string::npos) << r.err;
  EXPECT_EQ(state_of(hooks / "pre-commit"), a);
  EXPECT_EQ(state_of(hooks / "pre-commit.review-chained"), b);
  // And uninstall leaves a foreign hook alone.
  auto u = testing::run_review({"uninstall-hook"}, repo.path());
  EXPECT_EQ(u.exit_code, 0);
  EXPECT_NE(u.out.find("not review's hook"), std::string::npos);
  EXPECT_EQ(state_of(hooks / "pre-commit"), a);
}

TEST(HookInstall, ErrorsOutsideARepositoryAndInBareOnes) {
  testing::TempDir dir;
  auto r = testing::run_review({"install-hook"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not a git repository"), std::string::npos) << r.err;
  testing::run_process({"git", "init", "-q", "--bare", "bare.git"}, dir.path());
  auto bare = testing::run_review({"install-hook"}, dir.path() / "bare.git");
  EXPECT_EQ(bare.exit_code, 2);
  EXPECT_NE(bare.err.find("bare"), std::string::npos) << bare.err;
}

}  // namespace
}  // namespace review
