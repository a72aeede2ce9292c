// Baseline files: format, atomic save/load, and filtering by fingerprint. The fingerprints
// here are set by hand; the end-to-end test (a real repository where lines are inserted
// above a baselined finding) belongs with the pipeline.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report/baseline.h"
#include "tests/report_fixture.h"
#include "tests/report_validators.h"
#include "tests/test_support.h"

namespace review {
namespace {

using testing::make_finding;

VotedFinding at(std::string path, int line, std::string rule, std::string fingerprint) {
  return make_finding("security", std::move(rule), "CWE-1", Severity::high, std::move(path), line, line, "m",
                      std::nullopt, 3, 3, {"v"}, std::move(fingerprint));
}

TEST(ReportBaseline, RecordsEveryFindingSortedAndUnique) {
  Report report = testing::fixture_report();
  report.findings.push_back(report.findings.front());  // a duplicate fingerprint
  report.findings.push_back(at("z.py", 1, "r", ""));  // no fingerprint: not recordable
  const Baseline baseline = make_baseline(report);
  ASSERT_EQ(baseline.entries.size(), 7u);  // the 7 fixture findings, suppressed included
  EXPECT_EQ(baseline.entries.front().path, "src/app.py");
  EXPECT_EQ(baseline.entries.back().path, "web/handler.js");
  EXPECT_TRUE(baseline.contains("bbbbccccddddeeee"));
  EXPECT_FALSE(baseline.contains(""));
  const auto j = nlohmann::json::parse(write_baseline(baseline));
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["fingerprints"][0]["path"], "src/app.py");
  EXPECT_EQ(j["fingerprints"][0].size(), 3u);  // fingerprint, rule_id, path
}

TEST(ReportBaseline, FindingsThatMovedStayBaselinedNewOnesAreReported) {
  // Before: two identical snippets in one file (occurrence index 0 and 1) and one elsewhere.
  Report before;
  before.findings = {at("a.py", 5, "py.eval", "eval#0"), at("b.py", 2, "py.pickle", "pickle#0")};
  testing::TempDir dir;
  const auto file = dir.path() / "review-baseline.json";
  ASSERT_TRUE(save_baseline(file, make_baseline(before)));
  auto loaded = load_baseline(file);
  ASSERT_TRUE(loaded) << loaded.error().message;

  // After: lines inserted above — same fingerprints at new lines — plus a second eval (the
  // next occurrence index) and a new rule.
  Report after;
  after.findings = {at("a.py", 9, "py.eval", "eval#0"), at("a.py", 12, "py.eval", "eval#1"),
                    at("b.py", 7, "py.pickle", "pickle#0"), at("c.py", 1, "py.yaml-load", "yaml#0")};
  apply_baseline(after, *loaded);
  ASSERT_EQ(after.findings.size(), 2u);
  EXPECT_EQ(after.findings[0].fingerprint, "eval#1");
  EXPECT_EQ(after.findings[1].fingerprint, "yaml#0");
  EXPECT_EQ(after.stats.baselined_findings, 2);
}

TEST(ReportBaseline, RoundTripsThroughItsFileFormat) {
  const Baseline baseline = make_baseline(testing::fixture_report());
  auto parsed = parse_baseline(write_baseline(baseline));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(write_baseline(*parsed), write_baseline(baseline));
  // rule_id and path are optional (for humans); the fingerprint is what matches.
  auto minimal = parse_baseline(R"({"version": 1, "fingerprints": [{"fingerprint": "x"}]})");
  ASSERT_TRUE(minimal);
  EXPECT_TRUE(minimal->contains("x"));
}

TEST(ReportBaseline, BadFilesAreClearInputErrors) {
  auto expect_error = [](std::string_view json, const std::string& expected) {
    auto parsed = parse_baseline(json, "base.json");
    ASSERT_FALSE(parsed) << json;
    EXPECT_EQ(parsed.error().kind, ErrorKind::input);
    EXPECT_EQ(parsed.error().message, expected);
  };
  expect_error("nope", "base.json: not valid JSON");
  expect_error("[1]", "base.json: not a baseline file (expected an object)");
  expect_error("{}", "base.json: not a baseline file (no \"version\")");
  expect_error(R"({"version": 7, "fingerprints": []})", "base.json: baseline version 7 is not supported (expected 1)");
  expect_error(R"({"version": 1})", "base.json: \"fingerprints\" must be an array");
  expect_error(R"({"version": 1, "fingerprints": [{"fingerprint": 5}]})",
               "base.json: fingerprints[0]: expected {\"fingerprint\": \"…\", \"rule_id\": \"…\", \"path\": \"…\"}");
  testing::TempDir dir;
  auto missing = load_baseline(dir.path() / "absent.json");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("absent.json"), std::string::npos);
}

TEST(ReportBaseline, SaveIsAtomicAndLeavesNoTemporaryFiles) {
  testing::TempDir dir;
  const auto file = dir.path() / "b.json";
  testing::write_text(file, "previous");
  ASSERT_TRUE(save_baseline(file, make_baseline(testing::fixture_report())));
  EXPECT_TRUE(parse_baseline(testing::read_text(file)));
  int entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) entries += e.exists() ? 1 : 0;
  EXPECT_EQ(entries, 1);
  // Saving over a directory fails without touching it.
  std::filesystem::create_directory(dir.path() / "d");
  EXPECT_FALSE(save_baseline(dir.path() / "d", Baseline{}));
  EXPECT_TRUE(std::filesystem::is_directory(dir.path() / "d"));
}

}  // namespace
}  // namespace review
