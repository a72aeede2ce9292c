// Fingerprints survive line shifts and re-indentation, separate repeated snippets, and
// never depend on the line number alone.
#include "reviewers/fingerprint.h"

#include <gtest/gtest.h>

namespace review {
namespace {

FileDiff file_with(std::string path, std::string text) {
  FileDiff file;
  file.path = std::move(path);
  file.post_image = std::move(text);
  file.has_post_image = true;
  return file;
}

VotedFinding finding_at(std::string path, int start, int end, std::string rule = "py.eval") {
  VotedFinding voted;
  voted.finding.path = std::move(path);
  voted.finding.rule_id = std::move(rule);
  voted.finding.start_line = start;
  voted.finding.end_line = end;
  return voted;
}

std::string print_of(const FileDiff& file, int start, int end, std::string rule = "py.eval") {
  std::vector<VotedFinding> one{finding_at(file.path, start, end, std::move(rule))};
  std::vector<FileDiff> files{file};
  assign_fingerprints(one, files);
  return one[0].fingerprint;
}

TEST(Fingerprint, CollapsesWhitespace) {
  EXPECT_EQ(collapse_whitespace("  x =\t eval( y )\n\n  z  \n"), "x = eval( y ) z");
  EXPECT_EQ(collapse_whitespace(" \t\n"), "");
}

TEST(Fingerprint, NormalizedSnippetReadsThePostImageLines) {
  FileDiff file = file_with("a.py", "def f():\n    x = 1\n    return eval(x)\n");
  EXPECT_EQ(normalized_snippet(file, 2, 3), "x = 1 return eval(x)");
  EXPECT_EQ(normalized_snippet(file, 3, 9), "return eval(x)");
  EXPECT_EQ(normalized_snippet(file, 7, 9), "");
}

TEST(Fingerprint, FallsBackToHunkLinesWithoutAPostImage) {
  FileDiff file;
  file.path = "a.py";
  Hunk hunk;
  hunk.lines = {DiffLine{LineOrigin::context, 4, 4, "def f():"}, DiffLine{LineOrigin::deletion, 5, 0, "  old()"},
                DiffLine{LineOrigin::addition, 0, 5, "    return eval(x)"}};
  file.hunks.push_back(hunk);
  EXPECT_EQ(normalized_snippet(file, 5, 5), "return eval(x)");
  FileDiff with_image = file_with("a.py", "\n\n\n\n  return   eval(x)\n");
  EXPECT_EQ(print_of(file, 5, 5), print_of(with_image, 5, 5));
}

TEST(Fingerprint, SurvivesLineShiftsAndReindentation) {
  FileDiff before = file_with("a.py", "def f(x):\n    return eval(x)\n");
  FileDiff after = file_with("a.py", "import os\n\nclass C:\n    def f(x):\n        return   eval(x)\n");
  EXPECT_EQ(print_of(before, 2, 2), print_of(after, 5, 5));
  EXPECT_EQ(print_of(before, 2, 2).size(), 16u);
}

TEST(Fingerprint, DependsOnRulePathAndSnippet) {
  FileDiff file = file_with("a.py", "return eval(x)\nreturn exec(x)\n");
  FileDiff renamed = file_with("b.py", file.post_image);
  EXPECT_NE(print_of(file, 1, 1), print_of(file, 2, 2));
  EXPECT_NE(print_of(file, 1, 1), print_of(file, 1, 1, "py.other"));
  EXPECT_NE(print_of(file, 1, 1), print_of(renamed, 1, 1));
}

TEST(Fingerprint, RepeatedSnippetsGetOccurrenceIndexes) {
  FileDiff file = file_with("a.py", "eval(x)\nok()\neval(x)\n");
  std::vector<VotedFinding> two{finding_at("a.py", 1, 1), finding_at("a.py", 3, 3)};
  std::vector<FileDiff> files{file};
  assign_fingerprints(two, files);
  EXPECT_NE(two[0].fingerprint, two[1].fingerprint);
  EXPECT_EQ(two[0].fingerprint, fingerprint("py.eval", "a.py", "eval(x)", 0));
  EXPECT_EQ(two[1].fingerprint, fingerprint("py.eval", "a.py", "eval(x)", 1));

  // Inserting lines above both keeps both fingerprints.
  FileDiff shifted = file_with("a.py", "import os\n\neval(x)\nok()\n  eval(x)\n");
  std::vector<VotedFinding> moved{finding_at("a.py", 3, 3), finding_at("a.py", 5, 5)};
  std::vector<FileDiff> shifted_files{shifted};
  assign_fingerprints(moved, shifted_files);
  EXPECT_EQ(moved[0].fingerprint, two[0].fingerprint);
  EXPECT_EQ(moved[1].fingerprint, two[1].fingerprint);
}

TEST(Fingerprint, MissingFileStillGetsAStableFingerprint) {
  std::vector<VotedFinding> one{finding_at("gone.py", 3, 3)};
  assign_fingerprints(one, {});
  EXPECT_EQ(one[0].fingerprint, fingerprint("py.eval", "gone.py", "", 0));
}

}  // namespace
}  // namespace review
