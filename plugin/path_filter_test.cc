// Gitignore-syntax matching: inline cases, plus git itself (`git check-ignore`) as the
// oracle for a table of patterns and paths in a real repository.
#include "plugin/path_filter.h"

#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "tests/test_support.h"

namespace review {
namespace {

bool match(std::vector<std::string> patterns, std::string_view path) { return PatternList(patterns).matches(path); }

TEST(PathFilter, StarDoesNotCrossSlashAndMatchesAtAnyDepthWhenUnanchored) {
  EXPECT_TRUE(match({"*.py"}, "a.py"));
  EXPECT_TRUE(match({"*.py"}, "src/deep/a.py"));
  EXPECT_FALSE(match({"*.py"}, "a.pyc"));
  EXPECT_FALSE(match({"src/*.py"}, "src/deep/a.py"));
  EXPECT_TRUE(match({"src/*.py"}, "src/a.py"));
  EXPECT_FALSE(match({"src/*.py"}, "lib/src/a.py"));  // a middle slash anchors
}

TEST(PathFilter, LeadingSlashAnchors) {
  EXPECT_TRUE(match({"/vendor"}, "vendor/x.c"));
  EXPECT_FALSE(match({"/vendor"}, "src/vendor/x.c"));
  EXPECT_TRUE(match({"vendor"}, "src/vendor/x.c"));
}

TEST(PathFilter, TrailingSlashMatchesDirectoriesOnly) {
  EXPECT_TRUE(match({"build/"}, "build/out.o"));
  EXPECT_TRUE(match({"build/"}, "a/build/b/out.o"));
  EXPECT_FALSE(match({"build/"}, "build"));  // a file named build
  EXPECT_FALSE(match({"build/"}, "src/build.c"));
}

TEST(PathFilter, Globstars) {
  EXPECT_TRUE(match({"**/test_*.py"}, "test_a.py"));
  EXPECT_TRUE(match({"**/test_*.py"}, "a/b/test_a.py"));
  EXPECT_TRUE(match({"docs/**"}, "docs/a/b.md"));
  EXPECT_FALSE(match({"docs/**"}, "docs"));
  EXPECT_TRUE(match({"a/**/b"}, "a/b"));
  EXPECT_TRUE(match({"a/**/b"}, "a/x/y/b"));
  EXPECT_FALSE(match({"a/**/b"}, "a/xb"));
  EXPECT_TRUE(match({"a**b"}, "axxb"));  // not a globstar: like '*'
  EXPECT_FALSE(match({"a**b"}, "ax/xb"));
}

TEST(PathFilter, QuestionMarkAndClasses) {
  EXPECT_TRUE(match({"file?.c"}, "file1.c"));
  EXPECT_FALSE(match({"file?.c"}, "file10.c"));
  EXPECT_TRUE(match({"[a-c]x"}, "bx"));
  EXPECT_FALSE(match({"[a-c]x"}, "dx"));
  EXPECT_TRUE(match({"[!a-c]x"}, "dx"));
  EXPECT_TRUE(match({"[^a-c]x"}, "dx"));
  EXPECT_TRUE(match({"[[:digit:]]*.log"}, "7days.log"));
  EXPECT_TRUE(match({"[]]x"}, "]x"));
  EXPECT_TRUE(match({"[abc"}, "[abc"));  // unterminated: literal
  EXPECT_FALSE(match({"a?b"}, "a/b"));
  EXPECT_FALSE(match({"a[/]b"}, "a/b"));
}

TEST(PathFilter, NegationAndOrder) {
  EXPECT_FALSE(match({"*.min.js", "!keep.min.js"}, "web/keep.min.js"));
  EXPECT_TRUE(match({"*.min.js", "!keep.min.js"}, "web/app.min.js"));
  EXPECT_TRUE(match({"!keep.min.js", "*.min.js"}, "web/keep.min.js"));  // last match wins
  // A file below an excluded directory cannot be re-included (as in git).
  EXPECT_TRUE(match({"gen/", "!gen/keep.c"}, "gen/keep.c"));
  // But re-including before excluding the contents works with "dir/*".
  EXPECT_FALSE(match({"gen/*", "!gen/keep.c"}, "gen/keep.c"));
}

TEST(PathFilter, EscapesCommentsAndBlanks) {
  EXPECT_FALSE(match({"# comment"}, "# comment"));
  EXPECT_TRUE(match({"\\#hash"}, "#hash"));
  EXPECT_TRUE(match({"\\!bang"}, "!bang"));
  EXPECT_TRUE(match({"a\\*b"}, "a*b"));
  EXPECT_FALSE(match({"a\\*b"}, "axb"));
  EXPECT_TRUE(match({"trail  "}, "trail"));
  EXPECT_TRUE(match({"sp\\ "}, "sp "));
  EXPECT_TRUE(PatternList({"", "   ", "# x"}).empty());
}

TEST(PathFilter, IncludeThenExclude) {
  PathFilter f({"src/", "*.md"}, {"src/generated/", "CHANGELOG.md"});
  EXPECT_TRUE(f.accepts("src/a.c"));
  EXPECT_TRUE(f.accepts("docs/x.md"));
  EXPECT_EQ(f.rejection("lib/a.c"), "not in paths.include");
  EXPECT_EQ(f.rejection("src/generated/a.c"), "excluded by paths.exclude");
  EXPECT_EQ(f.rejection("CHANGELOG.md"), "excluded by paths.exclude");
  EXPECT_TRUE(PathFilter().accepts("anything/at/all"));
}

TEST(PathFilter, HostileInputStaysLinear) {
  // Would take exponential time with a backtracking matcher.
  std::string path(5000, 'a');
  EXPECT_FALSE(match({"*a*a*a*a*a*a*a*a*a*a*a*a*b"}, path));
  EXPECT_FALSE(match({"**/**/**/**/**/**/**/**/b"}, path));
}

// Compares PatternList with `git check-ignore` on real files in a real repository.
TEST(PathFilter, AgreesWithGitCheckIgnore) {
  testing::TempRepo repo;
  const std::vector<std::vector<std::string>> pattern_sets = {
      {"*.py"}, {"/top.c"}, {"build/"}, {"doc/**"}, {"**/gen"}, {"a/**/z.c"},
      {"*.c", "!keep.c"}, {"src/", "!src/keep.c"}, {"src/*", "!src/keep.c"},
      {"[a-m]*.txt"}, {"?.c"}, {"deep/*/x.c"}, {"**"}, {"b*ld"}, {"sub/dir/"},
  };
  const std::vector<std::string> paths = {
      "top.c", "x/top.c", "a.py", "x/y/b.py", "build/o.c", "x/build/o.c", "build.c",
      "doc/a/b.md", "doc.md", "gen/a.c", "x/gen/a.c", "a/z.c", "a/b/c/z.c", "b/z.c",
      "keep.c", "x/keep.c", "src/keep.c", "src/a.c", "apple.txt", "zebra.txt", "q.c",
      "deep/1/x.c", "deep/1/2/x.c", "sub/dir/f.c", "other/sub/dir/f.c", "bld/f", "build2/f",
  };
  for (const auto& p : paths) repo.write(p, "x\n");
  for (const auto& patterns : pattern_sets) {
    std::string gitignore;
    for (const auto& p : patterns) gitignore += p + "\n";
    repo.write(".gitignore", gitignore);
    std::vector<std::string> args{"check-ignore", "--no-index"};
    args.insert(args.end(), paths.begin(), paths.end());
    std::istringstream out(repo.git(args, /*check=*/false));
    std::set<std::string> ignored;
    for (std::string line; std::getline(out, line);) ignored.insert(line);
    EXPECT_FALSE(ignored.empty()) << "git matched nothing for '" << patterns[0] << "'";
    PatternList list(patterns);
    for (const auto& p : paths)
      EXPECT_EQ(list.matches(p), ignored.count(p) > 0) << "pattern set starting '" << patterns[0] << "', path " << p;
  }
}

}  // namespace
}  // namespace review
