#include "reviewers/suppression.h"

#include <gtest/gtest.h>

namespace review {
namespace {

VotedFinding voted(int line, std::string rule, std::string category) {
  VotedFinding v;
  v.finding.path = "app.py";
  v.finding.start_line = line;
  v.finding.end_line = line;
  v.finding.rule_id = std::move(rule);
  v.finding.category = std::move(category);
  return v;
}

FileDiff file_with(std::string text, std::vector<int> added) {
  FileDiff f;
  f.path = "app.py";
  f.post_image = std::move(text);
  f.has_post_image = true;
  f.added_lines = std::move(added);
  return f;
}

TEST(Suppression, SameLineAndLineBefore) {
  FileDiff f = file_with(
      "import os\n"
      "os.system(cmd)  # review-ignore: py.os-system\n"
      "# review-ignore\n"
      "eval(x)\n"
      "pickle.loads(b)  # review-ignore: CWE-502\n",
      {1, 2, 3, 4, 5});
  std::vector<VotedFinding> findings{voted(2, "py.os-system", "CWE-78"), voted(4, "py.eval", "CWE-94"),
                                     voted(5, "py.pickle", "CWE-502")};
  auto notes = apply_suppressions(std::span(&f, 1), findings);
  EXPECT_TRUE(findings[0].suppressed);
  EXPECT_TRUE(findings[1].suppressed);
  EXPECT_TRUE(findings[2].suppressed) << "a category suppresses too";
  EXPECT_TRUE(notes.empty());
}

TEST(Suppression, OtherRuleDoesNotSuppressAndUnusedIsReported) {
  FileDiff f = file_with(
      "os.system(cmd)  # review-ignore: py.eval\n"
      "x = 1  // review-ignore\n"
      "y = 2  # review-ignore\n",
      {1, 3});
  std::vector<VotedFinding> findings{voted(1, "py.os-system", "CWE-78")};
  auto notes = apply_suppressions(std::span(&f, 1), findings);
  EXPECT_FALSE(findings[0].suppressed);
  ASSERT_EQ(notes.size(), 2u) << "line 2 is not added: its unused suppression is not ours to report";
  EXPECT_EQ(notes[0].line, 1);
  EXPECT_EQ(notes[0].kind, "unused-suppression");
  EXPECT_EQ(notes[1].line, 3);
}

TEST(Suppression, NeedsACommentMarker) {
  FileDiff f = file_with("msg = 'review-ignore'\n", {1});
  EXPECT_TRUE(find_suppressions(f).empty());
  FileDiff g = file_with("/* review-ignore: a.b, CWE-79 */\nx\n", {1});
  auto s = find_suppressions(g);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].target_line, 2);
  EXPECT_EQ(s[0].rules, (std::vector<std::string>{"a.b", "CWE-79"}));
}

}  // namespace
}  // namespace review
