// --staged in a hook reads the index git is about to commit: `git commit -a` and
// `git commit PATHS` run hooks with GIT_INDEX_FILE pointing at index.lock or a temporary
// index, not at .git/index.
#include <gtest/gtest.h>

#include "tests/test_support.h"

namespace review {
namespace {

TEST(HookIndex, StagedReadsTheIndexNamedByGitIndexFile) {
  testing::TempRepo repo;
  repo.write("a.py", "x = 1\n");
  repo.commit_all("init");
  repo.write("a.py", "x = 2\n");
  // Stage into another index file only; .git/index stays as committed.
  auto alt = repo.path() / ".git" / "alt-index";
  testing::run_process({"cp", (repo.path() / ".git" / "index").string(), alt.string()}, repo.path());
  auto add = testing::run_process({"git", "add", "a.py"}, repo.path(), "",
                                  {{"GIT_INDEX_FILE", alt.string()}, {"GIT_CONFIG_GLOBAL", "/dev/null"}});
  ASSERT_EQ(add.exit_code, 0) << add.err;

  auto plain = testing::run_review({"diff", "--staged"}, repo.path());
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_NE(plain.out.find("0 files changed"), std::string::npos) << plain.out;

  auto hooked = testing::run_review({"diff", "--staged"}, repo.path(), "", {{"GIT_INDEX_FILE", ".git/alt-index"}});
  ASSERT_EQ(hooked.exit_code, 0) << hooked.err;
  EXPECT_NE(hooked.out.find("a.py"), std::string::npos) << hooked.out;
  EXPECT_NE(hooked.out.find("1 files changed, 1 insertions(+), 1 deletions(-)"), std::string::npos) << hooked.out;

  // --worktree is unaffected.
  auto worktree = testing::run_review({"diff", "--worktree"}, repo.path(), "", {{"GIT_INDEX_FILE", "/nonexistent"}});
  EXPECT_EQ(worktree.exit_code, 0) << worktree.err;
}

}  // namespace
}  // namespace review
