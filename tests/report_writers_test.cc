// Golden files and real-validator checks for every report format.
//
// The golden files in tests/golden/ are the writers' output for the fixed report of
// tests/report_fixture.h. After an intended change of a format, regenerate them with
//   REVIEW_UPDATE_GOLDEN=1 build/debug/tests/review_tests --gtest_filter='ReportGolden.*'
// and review the diff. JSON reports are validated with docs/report.schema.json (python3
// jsonschema) and SARIF with Microsoft's SARIF Multitool (`validate --rule-kind "Gh;Sarif"`);
// both are installed by scripts/setup, and a missing validator fails the test.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <set>
#include <nlohmann/json.hpp>

#include "report/json_writer.h"
#include "report/markdown_writer.h"
#include "report/output.h"
#include "report/sarif_writer.h"
#include "report/text_writer.h"
#include "tests/report_fixture.h"
#include "tests/report_validators.h"
#include "tests/test_support.h"

namespace review {
namespace {

using testing::fixture_context;
using testing::fixture_report;
using testing::read_text;
using testing::write_text;

std::filesystem::path golden_path(const std::string& name) {
  return std::filesystem::path(REVIEW_SOURCE_DIR) / "tests" / "golden" / name;
}

void expect_golden(const std::string& name, const std::string& actual) {
  const auto path = golden_path(name);
  const char* update = std::getenv("REVIEW_UPDATE_GOLDEN");
  if (update && std::string_view(update) == "1") {
    write_text(path, actual);
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(path)) << path << " is missing; run with REVIEW_UPDATE_GOLDEN=1";
  EXPECT_EQ(read_text(path), actual) << "output differs from " << path
                                     << " (regenerate with REVIEW_UPDATE_GOLDEN=1 if intended)";
}

TEST(ReportGolden, Text) { expect_golden("report.txt", write_text(fixture_report(), fixture_context())); }

TEST(ReportGolden, TextColor) {
  WriterContext context = fixture_context();
  context.color = Color::on;
  const std::string out = write_text(fixture_report(), context);
  EXPECT_NE(out.find("\x1b[1;31mHIGH\x1b[0m"), std::string::npos);
  expect_golden("report.color.txt", out);
}

TEST(ReportGolden, Json) { expect_golden("report.json", write_json(fixture_report(), fixture_context())); }
TEST(ReportGolden, Sarif) { expect_golden("report.sarif", write_sarif(fixture_report(), fixture_context())); }
TEST(ReportGolden, Markdown) { expect_golden("report.md", write_markdown(fixture_report(), fixture_context())); }
TEST(ReportGolden, Github) { expect_golden("report.github.txt", render(ReportFormat::github, fixture_report(), fixture_context())); }

TEST(ReportText, GroupsByFileAndKeepsTwoReviewersAtOnePlaceApart) {
  const std::string out = write_text(fixture_report(), fixture_context());
  // One file header per file, in order; both findings at src/app.py:5 listed, security first.
  const auto app = out.find("src/app.py\n");
  const auto strings = out.find("src/util/strings.cc\n");
  ASSERT_NE(app, std::string::npos);
  ASSERT_NE(strings, std::string::npos);
  EXPECT_LT(app, strings);
  const auto shell = out.find("src/app.py:5  HIGH  security/py.subprocess-shell (CWE-78)  3/3 voters");
  const auto trap = out.find("src/app.py:5  LOW  style/py.boolean-trap (readability)  2/3 voters, confidence 0.67");
  ASSERT_NE(shell, std::string::npos);
  ASSERT_NE(trap, std::string::npos);
  EXPECT_LT(shell, trap);
  EXPECT_NE(out.find("> 5 |     subprocess.call(cmd, shell=True)"), std::string::npos);
  // Suppressed findings are not shown; degraded/skipped are; the summary counts all.
  EXPECT_EQ(out.find("innerHTML"), std::string::npos);
  EXPECT_NE(out.find("review: 6 findings (1 critical, 1 high, 1 medium, 2 low, 1 info; performance 2, security 2, "
                     "style 2), 1 needs review, 1 suppressed, 1 degraded, 2 skipped"),
            std::string::npos);
  EXPECT_EQ(out.find('\x1b'), std::string::npos) << "no colour with Color::off";
}

TEST(ReportText, ScrubsTerminalEscapesFromUntrustedText) {
  Report report = fixture_report();
  report.findings[0].finding.message = "evil \x1b]0;title\x07 \x1b[2J text \xC2\x9B" "31m";
  report.findings[0].finding.path = "src/\x1b[31mapp.py";
  WriterContext context = fixture_context();
  context.color = Color::on;
  const std::string out = write_text(report, context);
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i] != '\x1b') continue;
    // Every escape is one of ours: CSI + digits/semicolons + 'm'.
    ASSERT_EQ(out[i + 1], '[') << "foreign escape at " << i;
    std::size_t j = i + 2;
    while (j < out.size() && (std::isdigit(static_cast<unsigned char>(out[j])) || out[j] == ';')) ++j;
    ASSERT_EQ(out[j], 'm') << "foreign escape at " << i;
    const std::string code = out.substr(i, j - i + 1);
    EXPECT_TRUE(code == "\x1b[0m" || code == "\x1b[1m" || code == "\x1b[2m" || code == "\x1b[33m" ||
                code == "\x1b[36m" || code == "\x1b[1;31m" || code == "\x1b[1;35m")
        << "unexpected escape " << code.substr(1);
  }
  EXPECT_EQ(out.find("\x1b[2J"), std::string::npos);
  EXPECT_EQ(out.find('\x07'), std::string::npos);
  EXPECT_EQ(out.find("\xC2\x9B"), std::string::npos);
}

TEST(ReportText, ColorDecision) {
  EXPECT_EQ(resolve_color("auto", true, false), Color::on);
  EXPECT_EQ(resolve_color("auto", true, true), Color::off);  // NO_COLOR
  EXPECT_EQ(resolve_color("auto", false, false), Color::off);  // not a terminal
  EXPECT_EQ(resolve_color("always", false, true), Color::on);  // --color overrides
  EXPECT_EQ(resolve_color("never", true, false), Color::off);
}

std::filesystem::path schema_path() {
  return std::filesystem::path(REVIEW_SOURCE_DIR) / "docs" / "report.schema.json";
}

TEST(ReportJson, ReportsMatchSchemaAndBrokenOnesDoNot) {
  testing::TempDir dir;
  const auto original = nlohmann::json::parse(write_json(fixture_report(), fixture_context()));
  // Valid: the fixture and the minimal report (nothing found, nothing optional).
  write_text(dir.path() / "fixture.json", original.dump(2));
  write_text(dir.path() / "empty.json", write_json(Report{}, WriterContext{}));
  // Invalid (proves the schema can fail): a wrong severity, a missing field, a missing stat.
  auto bad_severity = original;
  bad_severity["findings"][0]["severity"] = "severe";
  write_text(dir.path() / "bad_severity.json", bad_severity.dump());
  auto missing = original;
  missing["findings"][1].erase("fingerprint");
  write_text(dir.path() / "missing_fingerprint.json", missing.dump());
  auto no_stats = original;
  no_stats["stats"].erase("wall_ms");
  write_text(dir.path() / "no_wall_ms.json", no_stats.dump());
  auto problems = testing::validate_json_schema(
      schema_path(), {dir.path() / "fixture.json", dir.path() / "empty.json", dir.path() / "bad_severity.json",
                      dir.path() / "missing_fingerprint.json", dir.path() / "no_wall_ms.json"});
  ASSERT_FALSE(problems.contains("")) << problems[""];
  EXPECT_FALSE(problems.contains("fixture.json")) << problems["fixture.json"];
  EXPECT_FALSE(problems.contains("empty.json")) << problems["empty.json"];
  EXPECT_TRUE(problems.contains("bad_severity.json"));
  EXPECT_TRUE(problems.contains("missing_fingerprint.json"));
  EXPECT_TRUE(problems.contains("no_wall_ms.json"));
}

TEST(ReportJson, FollowsTheContract) {
  const auto j = nlohmann::json::parse(write_json(fixture_report(), fixture_context()));
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["tool"]["name"], "review");
  EXPECT_EQ(j["source"]["kind"], "range");
  ASSERT_EQ(j["findings"].size(), 7u);
  const auto& f = j["findings"][0];
  for (const char* key : {"aspect", "rule_id", "category", "severity", "path", "start_line", "end_line", "message",
                          "votes", "voters", "confidence", "status", "voter_ids", "fingerprint"}) {
    EXPECT_TRUE(f.contains(key)) << key;
  }
  // Sorted by (path, start_line, aspect, rule_id).
  EXPECT_EQ(j["findings"][0]["rule_id"], "py.subprocess-shell");
  EXPECT_EQ(j["findings"][1]["rule_id"], "py.boolean-trap");
  EXPECT_EQ(j["findings"][1]["confidence"].get<double>(), 0.667);
  for (const char* key : {"files", "chunks", "voter_calls", "cache_hits", "tokens_in", "tokens_out", "wall_ms"}) {
    EXPECT_TRUE(j["stats"].contains(key)) << key;
  }
}

TEST(ReportJson, RoundTrips) {
  const std::string first = write_json(fixture_report(), fixture_context());
  auto parsed = read_json_report(first, "first.json");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(write_json(*parsed, fixture_context()), first);
  EXPECT_EQ(parsed->findings.size(), 7u);
  EXPECT_TRUE(parsed->findings.back().suppressed);
  EXPECT_EQ(parsed->stats.stage_ms.at("review"), 70);
}

TEST(ReportJson, ReaderNamesTheProblem) {
  auto expect_error = [](const std::string& json, const std::string& expected) {
    auto parsed = read_json_report(json, "shard1.json");
    ASSERT_FALSE(parsed) << json;
    EXPECT_EQ(parsed.error().kind, ErrorKind::input);
    EXPECT_EQ(parsed.error().message, expected);
  };
  expect_error("{", "shard1.json: not valid JSON");
  expect_error("[]", "shard1.json: not a JSON report (expected an object)");
  expect_error(R"({"version": 2})", "shard1.json: report version 2 is not supported (expected 1)");
  auto j = nlohmann::json::parse(write_json(fixture_report(), fixture_context()));
  j["findings"][2]["severity"] = "huge";
  expect_error(j.dump(), "shard1.json: findings[2].severity: unknown severity \"huge\"");
  j = nlohmann::json::parse(write_json(fixture_report(), fixture_context()));
  j["findings"][0].erase("votes");
  expect_error(j.dump(), "shard1.json: findings[0].votes: missing");
  j = nlohmann::json::parse(write_json(fixture_report(), fixture_context()));
  j["stats"]["files"] = "3";
  expect_error(j.dump(), "shard1.json: stats.files: expected a non-negative integer");
}

TEST(ReportJson, InvalidUtf8BecomesReplacementCharacter) {
  Report report = fixture_report();
  report.findings[0].finding.message = "bad \xff\xfe bytes";
  const std::string out = write_json(report, fixture_context());
  EXPECT_NE(out.find("bad \xEF\xBF\xBD"), std::string::npos);
  EXPECT_TRUE(read_json_report(out));
}

// --- SARIF ------------------------------------------------------------------------------

TEST(ReportSarif, PassesMultitoolWithGitHubRules) {
  // One Multitool run (it takes seconds) over: the fixture, an empty report, a report with
  // awkward paths, and a broken log that proves the validation can fail.
  Report awkward = fixture_report();
  awkward.findings[0].finding.path = "weird dir/c:colon,comma%#.py";
  awkward.findings[1].finding.path = "d\xC3\xA9j\xC3\xA0/\xff.py";
  auto broken = nlohmann::json::parse(write_sarif(fixture_report(), fixture_context()));
  broken["runs"][0]["results"][0].erase("message");
  broken["runs"][0]["results"][1]["level"] = "fatal";
  auto problems = testing::sarif_problems({{"fixture.sarif", write_sarif(fixture_report(), fixture_context())},
                                           {"empty.sarif", write_sarif(Report{}, WriterContext{.tool_information_uri = "https://example.org/r"})},
                                           {"awkward.sarif", write_sarif(awkward, fixture_context())},
                                           {"broken.sarif", broken.dump(2)}});
  EXPECT_FALSE(problems.contains("")) << ::testing::PrintToString(problems[""]);
  EXPECT_FALSE(problems.contains("fixture.sarif")) << ::testing::PrintToString(problems["fixture.sarif"]);
  EXPECT_FALSE(problems.contains("empty.sarif")) << ::testing::PrintToString(problems["empty.sarif"]);
  EXPECT_FALSE(problems.contains("awkward.sarif")) << ::testing::PrintToString(problems["awkward.sarif"]);
  EXPECT_TRUE(problems.contains("broken.sarif"));
}

TEST(ReportSarif, Mapping) {
  const auto j = nlohmann::json::parse(write_sarif(fixture_report(), fixture_context()));
  EXPECT_EQ(j["version"], "2.1.0");
  const auto& run = j["runs"][0];
  const auto& rules = run["tool"]["driver"]["rules"];
  std::set<std::string> ids;
  for (const auto& rule : rules) {
    EXPECT_TRUE(ids.insert(rule["id"].get<std::string>()).second) << "duplicate rule " << rule["id"];
    EXPECT_TRUE(rule.contains("help"));
    EXPECT_TRUE(rule.contains("shortDescription"));
    EXPECT_TRUE(rule.contains("fullDescription"));
    const bool security = rule["properties"]["tags"][0] == "security";
    EXPECT_EQ(rule["properties"].contains("security-severity"), security) << rule["id"];
  }
  for (const auto& result : run["results"]) {
    EXPECT_EQ(rules[result["ruleIndex"].get<int>()]["id"], result["ruleId"]);
    EXPECT_TRUE(result["partialFingerprints"].contains("reviewFingerprint/v1"));
  }
  // py.eval is critical; js.inner-html is suppressed; the needs_review finding is a note.
  auto find_result = [&](const std::string& rule_id) {
    for (const auto& result : run["results"]) {
      if (result["ruleId"] == rule_id) return result;
    }
    return nlohmann::json();
  };
  auto find_rule = [&](const std::string& rule_id) {
    for (const auto& rule : rules) {
      if (rule["id"] == rule_id) return rule;
    }
    return nlohmann::json();
  };
  EXPECT_EQ(find_rule("py.eval")["properties"]["security-severity"], "9.5");
  EXPECT_EQ(find_rule("py.eval")["helpUri"], "https://cwe.mitre.org/data/definitions/95.html");
  EXPECT_EQ(find_result("py.eval")["level"], "error");
  EXPECT_EQ(find_result("py.quadratic-concat")["level"], "warning");
  EXPECT_EQ(find_result("js.inner-html")["suppressions"][0]["kind"], "inSource");
  EXPECT_EQ(find_result("cpp.missing-include")["level"], "note");
  EXPECT_EQ(find_result("cpp.missing-include")["properties"]["status"], "needs_review");
  EXPECT_EQ(find_result("py.boolean-trap")["properties"]["votes"], 2);
  EXPECT_EQ(find_result("py.boolean-trap")["properties"]["confidence"].get<double>(), 0.667);
}

TEST(ReportSarif, UrisAreRelativeAndPercentEncoded) {
  EXPECT_EQ(path_to_uri("src/app.py"), "src/app.py");
  EXPECT_EQ(path_to_uri("a b/c:d#e%f?.py"), "a%20b/c%3Ad%23e%25f%3F.py");
  EXPECT_EQ(path_to_uri("/abs/x.c"), "abs/x.c");
  EXPECT_EQ(path_to_uri("d\xC3\xA9j\xC3\xA0.py"), "d%C3%A9j%C3%A0.py");
}

}  // namespace
}  // namespace review
