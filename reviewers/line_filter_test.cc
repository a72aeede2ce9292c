#include "reviewers/line_filter.h"

#include <gtest/gtest.h>

namespace review {
namespace {

FileDiff sample() {
  FileDiff f;
  f.path = "a.py";
  f.added_lines = {5, 6, 20};
  Hunk h1;
  h1.new_start = 3;
  h1.new_lines = 6;  // 3..8
  Hunk h2;
  h2.new_start = 18;
  h2.new_lines = 5;  // 18..22
  f.hunks = {h1, h2};
  return f;
}

Finding at(int start, int end, std::string path = "a.py") {
  Finding f;
  f.path = std::move(path);
  f.start_line = start;
  f.end_line = end;
  return f;
}

TEST(LineFilter, AddedNeedsAnAddedLineInRange) {
  auto f = sample();
  EXPECT_TRUE(finding_passes(at(5, 5), f, LineFilter::added));
  EXPECT_TRUE(finding_passes(at(1, 5), f, LineFilter::added));
  EXPECT_TRUE(finding_passes(at(19, 25), f, LineFilter::added));
  EXPECT_FALSE(finding_passes(at(7, 8), f, LineFilter::added));
  EXPECT_FALSE(finding_passes(at(4, 4), f, LineFilter::added));
  EXPECT_FALSE(finding_passes(at(5, 5, "b.py"), f, LineFilter::added));
  EXPECT_TRUE(finding_passes(at(6, 0), f, LineFilter::added)) << "end before start means one line";
}

TEST(LineFilter, DiffContextUsesHunkRanges) {
  auto f = sample();
  EXPECT_TRUE(finding_passes(at(8, 8), f, LineFilter::diff_context));
  EXPECT_TRUE(finding_passes(at(1, 3), f, LineFilter::diff_context));
  EXPECT_FALSE(finding_passes(at(9, 17), f, LineFilter::diff_context));
  EXPECT_FALSE(finding_passes(at(23, 30), f, LineFilter::diff_context));
}

TEST(LineFilter, FileAndNofilter) {
  auto f = sample();
  EXPECT_TRUE(finding_passes(at(100, 100), f, LineFilter::file));
  EXPECT_FALSE(finding_passes(at(100, 100, "b.py"), f, LineFilter::file));
  EXPECT_TRUE(finding_passes(at(100, 100, "b.py"), f, LineFilter::nofilter));
  EXPECT_EQ(parse_line_filter("diff_context"), LineFilter::diff_context);
  EXPECT_FALSE(parse_line_filter("lines").has_value());
}

}  // namespace
}  // namespace review
