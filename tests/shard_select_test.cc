// --shard I/N: parsing, deterministic balanced assignment, and `review merge` giving back
// the unsharded report (findings, degraded, skipped, notes identical; counts summed; timing max).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "plugin/shard.h"
#include "report/json_writer.h"
#include "tests/report_fixture.h"
#include "tests/test_support.h"

namespace review {
namespace {

FileDiff file(std::string path, int added, int removed) {
  FileDiff f;
  f.path = f.old_path = std::move(path);
  f.added_count = added;
  f.removed_count = removed;
  return f;
}

TEST(ShardParse, AcceptsIOverNAndRejectsTheRest) {
  auto s = parse_shard("2/4");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->index, 2);
  EXPECT_EQ(s->count, 4);
  ASSERT_TRUE(parse_shard("1/1"));
  for (const char* bad : {"0/3", "4/3", "3", "a/b", "1/0", "-1/2", "1/2/3", "", "/", " 1/2", "1/20000"}) {
    auto r = parse_shard(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::usage);
    EXPECT_NE(r.error().message.find("--shard: expected I/N"), std::string::npos);
  }
}

TEST(ShardSelect, GreedyLargestFirstIntoTheLightestShard) {
  std::vector<FileDiff> files{file("d", 10, 0), file("b", 20, 10), file("a", 50, 0), file("c", 30, 0)};
  // a:50 → 1; b:30 and c:30 tie, b first by path → 2; c → 2 (load 30 < 50); d:10 → 1 (50 < 60).
  EXPECT_EQ(assign_shards(files, 2), (std::vector<int>{1, 2, 1, 2}));
  EXPECT_EQ(assign_shards(files, 1), (std::vector<int>{1, 1, 1, 1}));
  // Order of the input does not matter.
  std::vector<FileDiff> reversed(files.rbegin(), files.rend());
  EXPECT_EQ(assign_shards(reversed, 2), (std::vector<int>{2, 1, 2, 1}));
}

TEST(ShardSelect, EveryFileInExactlyOneShardAndBalanced) {
  Diff diff;
  diff.source = {SourceKind::range, "aaa", "bbb"};
  int max_weight = 0;
  for (int i = 0; i < 97; ++i) {
    int lines = (i * 37) % 101 + (i % 7 == 0 ? 0 : 1);  // includes zero-line files (binary, mode change)
    diff.files.push_back(file("f" + std::to_string(i), lines, i % 3));
    max_weight = std::max(max_weight, std::max(1, lines + i % 3));
  }
  for (int n : {1, 2, 3, 5, 8, 200}) {
    std::multiset<std::string> seen;
    std::vector<long> loads;
    for (int i = 1; i <= n; ++i) {
      Diff part = select_shard(diff, i, n);
      EXPECT_EQ(part.source.base, "aaa");
      long load = 0;
      for (const auto& f : part.files) {
        seen.insert(f.path);
        load += std::max(1, f.added_count + f.removed_count);
      }
      EXPECT_TRUE(std::is_sorted(part.files.begin(), part.files.end(),
                                 [&](const FileDiff& a, const FileDiff& b) {
                                   return std::stoi(a.path.substr(1)) < std::stoi(b.path.substr(1));
                                 }))
          << "original order kept";
      loads.push_back(load);
    }
    EXPECT_EQ(seen.size(), diff.files.size()) << n;
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), diff.files.size()) << n;
    if (n <= 8) {
      auto [lo, hi] = std::minmax_element(loads.begin(), loads.end());
      EXPECT_LE(*hi - *lo, max_weight) << "greedy keeps shards within one file of each other, n=" << n;
    }
  }
}

/// The fixture report split by file into two shard reports, as two shard runs would write.
std::pair<Report, Report> split_fixture() {
  Report whole = testing::fixture_report();
  Report a, b;
  a.source = b.source = whole.source;
  auto in_a = [](const std::string& path) { return path == "src/app.py" || path == "assets/logo.png"; };
  for (const auto& f : whole.findings) (in_a(f.finding.path) ? a : b).findings.push_back(f);
  for (const auto& d : whole.degraded) (in_a(d.path) ? a : b).degraded.push_back(d);
  for (const auto& s : whole.skipped) (in_a(s.path) ? a : b).skipped.push_back(s);
  for (const auto& n : whole.notes) (in_a(n.path) ? a : b).notes.push_back(n);
  a.stats = whole.stats;
  a.stats.files = 1, b.stats.files = 2;
  a.stats.chunks = 3, b.stats.chunks = 2;
  a.stats.voter_calls = 27, b.stats.voter_calls = 18;
  a.stats.cache_hits = 4, b.stats.cache_hits = 5;
  a.stats.tokens_in = 7000, b.stats.tokens_in = 5000;
  a.stats.tokens_out = 500, b.stats.tokens_out = 300;
  a.stats.dropped_findings = 0, b.stats.dropped_findings = 1;
  b.stats.wall_ms = 40;
  b.stats.stage_ms = {{"diff", 3}, {"chunk", 2}, {"review", 30}, {"report", 5}};
  return {a, b};
}

TEST(ShardMerge, MergedShardsEqualTheWholeReport) {
  auto [a, b] = split_fixture();
  WriterContext context = testing::fixture_context();
  std::string expected = write_json(testing::fixture_report(), context);
  for (auto order : {std::vector<Report>{a, b}, std::vector<Report>{b, a}}) {
    auto merged = merge_shard_reports(order);
    ASSERT_TRUE(merged) << merged.error().message;
    EXPECT_EQ(write_json(*merged, context), expected);
  }
  // Through the JSON reader, as `review merge` does.
  auto ra = read_json_report(write_json(a, context), "a.json");
  auto rb = read_json_report(write_json(b, context), "b.json");
  ASSERT_TRUE(ra && rb);
  auto merged = merge_shard_reports({*ra, *rb});
  ASSERT_TRUE(merged);
  EXPECT_EQ(write_json(*merged, context), expected);
}

TEST(ShardMerge, RefusesReportsOfDifferentChanges) {
  auto [a, b] = split_fixture();
  b.source.head = "3333333333333333333333333333333333333333";
  auto merged = merge_shard_reports({a, b});
  ASSERT_FALSE(merged);
  EXPECT_EQ(merged.error().kind, ErrorKind::input);
  EXPECT_NE(merged.error().message.find("report 2 reviews range"), std::string::npos) << merged.error().message;
  EXPECT_FALSE(merge_shard_reports({}));
}

TEST(ShardMerge, MergeCommandWritesTheWholeReportAndAppliesFailOn) {
  testing::TempRepo repo;
  auto [a, b] = split_fixture();
  WriterContext context = testing::fixture_context();
  context.tool_version = REVIEW_VERSION;
  std::ofstream(repo.path() / "a.json") << write_json(a, context);
  std::ofstream(repo.path() / "b.json") << write_json(b, context);
  std::string expected = write_json(testing::fixture_report(), context);

  auto r = testing::run_review({"merge", "a.json", "b.json", "--output", "sarif=merged.sarif"}, repo.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;  // confirmed high/critical findings, default --fail-on high
  EXPECT_EQ(r.out, expected);
  EXPECT_TRUE(std::filesystem::file_size(repo.path() / "merged.sarif") > 0);

  auto none = testing::run_review({"merge", "b.json", "a.json", "--fail-on", "none"}, repo.path());
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_EQ(none.out, expected);

  auto md = testing::run_review({"merge", "a.json", "b.json", "--format", "markdown", "--fail-on", "none"}, repo.path());
  EXPECT_EQ(md.exit_code, 0);
  EXPECT_NE(md.out.find("| Severity |"), std::string::npos) << md.out;

  std::ofstream(repo.path() / "bad.json") << "{\"version\": 2}";
  auto bad = testing::run_review({"merge", "a.json", "bad.json"}, repo.path());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("bad.json"), std::string::npos) << bad.err;
  auto missing = testing::run_review({"merge", "a.json", "nope.json"}, repo.path());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("nope.json"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace review
